package dev.psp2psa.cli;

import dev.psp2psa.check.CheckReport;
import dev.psp2psa.check.CheckRequest;
import dev.psp2psa.check.CheckService;
import dev.psp2psa.input.PolicyDirReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.PolicySet;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import dev.psp2psa.report.CheckRenderer;
import dev.psp2psa.report.PolicyReportRenderer;
import dev.psp2psa.report.SarifRenderer;
import dev.psp2psa.report.VerifyRenderer;
import dev.psp2psa.verify.PolicyCheck;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code psp2psa check}: the offline equivalent of a server-side dry-run of a PodSecurity enforce label. */
@Command(
        name = "check",
        sortOptions = false,
        usageHelpAutoWidth = false,
        description = {
            "Evaluate pods and workloads against a Pod Security Standards level, offline.",
            "Every pod and pod template in the input is evaluated exactly as Pod Security Admission would "
                    + "(like 'kubectl label --dry-run=server ns pod-security.kubernetes.io/enforce=LEVEL'). "
                    + "Without --level, the tightest level each one passes is printed.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every pod and workload is allowed (or no --level was given).",
            "1:some are denied at --level or by the --policies (unless --fail-on never).",
            "2:usage error.",
            "3:bad input, or the cluster could not be read.",
            "4:internal error.",
        })
public final class CheckCommand implements Callable<Integer> {

    /** When the command exits with 1. */
    enum ExitWhen {
        DENIED,
        NEVER
    }

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = {"-l", "--level"}, paramLabel = "LEVEL", converter = OptionConverters.LevelConverter.class,
            type = Object.class,
            description = "The level to check against: privileged, baseline or restricted.")
    Level level;

    @Option(names = {"--version", "--target-version"}, paramLabel = "VERSION", defaultValue = "latest",
            converter = OptionConverters.VersionConverter.class,
            description = "The Pod Security Standards version, v1.0 to " + Version.NEWEST_NAME + " or latest "
                    + "(default: ${DEFAULT-VALUE}); newer versions are evaluated as the newest known.")
    Version version;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "With --policies, evaluate only this engine's policies and mutations of the directory (vap, kyverno or "
                    + "gatekeeper): the one the cluster applies (default: every engine the directory holds, each "
                    + "violation shown once with the other engines that deny it too).")
    String engine;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = OutputFormat.HELP)
    OutputFormat format;

    @Option(names = "--policies", paramLabel = "DIR",
            description = "Check against the migration 'psp2psa convert -o DIR' wrote instead of one level: each "
                    + "object's namespace label at its pinned version plus every enforcing policy of DIR.")
    String policies;

    @Option(names = "--cluster-version", paramLabel = "v1.N",
            converter = OptionConverters.ClusterVersionConverter.class,
            description = "With --policies: the Kubernetes version of the cluster (default: the live cluster's, else "
                    + "the one the directory was written for): pins newer than it count as it, as PSA does, and "
                    + "the policies of engines it cannot run are left out.")
    Version clusterVersion;

    @Option(names = "--fail-on", paramLabel = "WHEN", defaultValue = "denied",
            description = "Exit with 1 when: denied (some pod or workload is denied at --level) or never "
                    + "(default: ${DEFAULT-VALUE}).")
    ExitWhen failOn;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
        if (policies != null) {
            return checkPolicies();
        }
        if (engine != null) {
            throw new UsageException("--engine goes with --policies: it chooses which engine of the directory to "
                    + "evaluate.");
        }
        if (clusterVersion != null) {
            throw new UsageException("--cluster-version goes with --policies; without them --version is the Pod "
                    + "Security Standards version to check at.");
        }
        CheckRequest request = new CheckRequest(Optional.ofNullable(level), version);
        // Each pod is judged as it is read and only its verdict kept (CheckDigester), so large inputs fit in memory.
        CheckService service = CheckService.standard();
        Inventory inventory = input.readEach(service.digester(request));
        CheckReport report = service.check(inventory, request);
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON) {
            CheckRenderer.json(report, out);
        }
        out.print(switch (format) {
            case JSON -> "";
            case SARIF -> SarifRenderer.check(report, OutputFormat.workingDirectory());
            case POLICYREPORT -> PolicyReportRenderer.check(report, OutputFormat.workingDirectory());
            case TABLE -> CheckRenderer.table(report, TerminalWidth.of(spec));
        });
        out.flush();
        boolean denied = report.deniedCount() > 0;
        return denied && failOn == ExitWhen.DENIED ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private Integer checkPolicies() {
        if (level != null) {
            throw new UsageException("--level and --policies cannot be used together: with --policies each namespace's "
                    + "own label applies.");
        }
        PolicySet written = PolicyDirReader.standard().read(policies);
        Version cluster = clusterVersion != null ? clusterVersion : input.liveClusterVersion()
                .orElse(written.writtenFor() != null ? written.writtenFor()
                        : dev.psp2psa.plan.PlanRequest.LAST_PSP_VERSION);
        Inventory inventory = input.readEach();
        PolicySet set = PlanOptions.engine(PlanOptions.onCluster(written, cluster, spec.commandLine().getErr()),
                engine);
        PolicyCheck.Report report = PolicyCheck.standard(set).check(inventory);
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case JSON -> VerifyRenderer.checkJson(report);
            case SARIF -> SarifRenderer.checkPolicies(report, OutputFormat.workingDirectory());
            case POLICYREPORT -> PolicyReportRenderer.checkPolicies(report, OutputFormat.workingDirectory());
            case TABLE -> VerifyRenderer.checkTable(report, TerminalWidth.of(spec));
        });
        out.flush();
        return report.deniedCount() > 0 && failOn == ExitWhen.DENIED ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}
