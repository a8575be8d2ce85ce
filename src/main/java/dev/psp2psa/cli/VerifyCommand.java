package dev.psp2psa.cli;

import dev.psp2psa.input.Inputs;
import dev.psp2psa.input.PolicyDirReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.PolicySet;
import dev.psp2psa.report.PolicyReportRenderer;
import dev.psp2psa.report.SarifRenderer;
import dev.psp2psa.report.VerifyRenderer;
import dev.psp2psa.plan.PlanRequest;
import dev.psp2psa.verify.FirstRead;
import dev.psp2psa.verify.VerifyDigester;
import dev.psp2psa.verify.VerifyReport;
import dev.psp2psa.verify.VerifyRequest;
import dev.psp2psa.verify.VerifyService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code psp2psa verify}: the old PSPs against the new labels and policies, pod by pod. */
@Command(
        name = "verify",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Compare, pod by pod, PSP admission with the migration written by 'psp2psa convert'.",
            "Every pod and pod template of the input, plus boundary pods generated from every usable PSP's rules "
                    + "(each witness and its nearest admitted twin), is admitted by the old PSPs (those usable for its "
                    + "service account in its namespace) and by the new PSA labels and CEL policies of DIR (executed "
                    + "with dev.cel); every disagreement is listed with its explanation.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no disagreement, or each is explained by a PSP default the pod relied on, a documented assumption, "
                    + "a tightening, an exemption or a pod PSP could never have seen.",
            "1:some disagreement is unexplained.",
            "2:usage error.",
            "3:bad input, or DIR is missing, malformed or not written by psp2psa.",
            "4:internal error.",
        })
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    PlanOptions plan;

    @Option(names = "--policies", paramLabel = "DIR", required = true,
            description = "The directory 'psp2psa convert -o DIR' wrote (namespaces/, admission/, vap/, kyverno/).")
    String policies;

    @Option(names = "--no-boundary-pods",
            description = "Compare only the pods and workloads of the input, without generated boundary pods.")
    boolean noBoundaryPods;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "Evaluate only this engine's policies and mutations of the directory (vap, kyverno or "
                    + "gatekeeper): the one the cluster applies (default: every engine the directory holds, each "
                    + "violation shown once with the other engines that deny it too).")
    String engine;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = OutputFormat.HELP)
    OutputFormat format;

    /** The plan's request, once made: the cluster version is said last. */
    private PlanRequest planRequest;

    @Override
    public Integer call() {
        VerifyReport report = input.canReadTwice() ? streamed() : null;
        if (report == null) {
            report = whole();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON) {
            VerifyRenderer.json(report, out);
        }
        out.print(switch (format) {
            case JSON -> "";
            case SARIF -> SarifRenderer.verify(report, OutputFormat.workingDirectory());
            case POLICYREPORT -> PolicyReportRenderer.verify(report, OutputFormat.workingDirectory());
            case TABLE -> VerifyRenderer.table(report, TerminalWidth.of(spec));
        });
        out.flush();
        PlanOptions.sayClusterVersion(planRequest, spec.commandLine().getErr());
        return report.unexplained() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** Every object kept whole: one read (stdin, pipes, --save-inventory), and every run that fails before judging. */
    private VerifyReport whole() {
        Inventory inventory = input.read();
        Inputs.requirePsps(inventory);
        PolicySet written = PolicyDirReader.standard().read(policies);
        planRequest = plan.request(input.liveClusterVersion(), written.writtenFor());
        VerifyRequest request = new VerifyRequest(planRequest, !noBoundaryPods);
        PolicySet set = PlanOptions.engine(PlanOptions.onCluster(written, planRequest.clusterVersion(),
                spec.commandLine().getErr()), engine);
        VerifyReport report = VerifyService.standard().verify(inventory, set, request);
        return report;
    }

    /**
     * Two reads (docs/scale.md): the first digests pods for the plan, as analyze does; the second judges each pod and
     * workload as it is read and keeps only its result. Null, and nothing said, when something fails before the
     * second read: {@link #whole} then fails as a single read does, with the same message.
     */
    private VerifyReport streamed() {
        StringWriter onCluster = new StringWriter();
        PolicySet set;
        Inventory planned;
        VerifyService service = VerifyService.standard();
        VerifyRequest request;
        FirstRead first;
        try {
            PolicySet written = PolicyDirReader.standard().read(policies);
            planRequest = plan.request(input.liveClusterVersion(), written.writtenFor());
            request = new VerifyRequest(planRequest, !noBoundaryPods);
            set = PlanOptions.engine(PlanOptions.onCluster(written, planRequest.clusterVersion(),
                    new PrintWriter(onCluster, true)), engine);
            first = service.firstRead(request);
            planned = input.readSilently(first);
        } catch (RuntimeException e) {
            return null;
        }
        if (planned.psps().isEmpty()) {
            return null;
        }
        VerifyDigester digester = service.digester(planned, set, request, first.repeated());
        planned = null;
        Inventory judged = input.read(digester);
        spec.commandLine().getErr().print(onCluster);
        VerifyReport report = service.verify(digester, judged, set, request);
        return report;
    }

}
