package dev.psp2psa.cli;

import dev.psp2psa.convert.AnalyzeService;
import dev.psp2psa.input.Inputs;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.PlanRequest;
import dev.psp2psa.report.AnalyzeRenderer;
import dev.psp2psa.report.PlanJson;
import dev.psp2psa.report.PlanReports;
import dev.psp2psa.report.PlanSarif;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code psp2psa analyze}: the per-namespace migration plan, as a table or a report. */
@Command(
        name = "analyze",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Compute the per-namespace migration plan from PSPs, RBAC and workloads.",
            "For every namespace: the PSPs usable there and through which grants, the policy level, the workload "
                    + "level, the recommended enforce/audit/warn labels, the tightenings, the gaps PSA does not "
                    + "close and the PSP defaults workloads relied on.",
            "Then who can get around PSA afterwards: who may relabel namespaces, create pods in exempt namespaces "
                    + "or is an exempt user, through which RBAC paths.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the plan was computed (and no --fail-on finding was found).",
            "1:a finding named by --fail-on was found.",
            "2:usage error.",
            "3:bad input, or the cluster could not be read.",
            "4:internal error.",
        })
public final class AnalyzeCommand implements Callable<Integer> {

    /** Output formats of this command. */
    enum Format {
        TABLE,
        JSON,
        MARKDOWN,
        HTML,
        SARIF
    }

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    PlanOptions plan;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table, json, markdown, html or sarif (SARIF 2.1.0 for code scanning: gaps and "
                    + "tightenings at their PSP's file and line, fields to add at the workload's) "
                    + "(default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    FailOnOption failOn;

    @Override
    public Integer call() {
        PlanRequest request = plan.request(input.liveClusterVersion());
        AnalyzeService service = AnalyzeService.standard();
        Inventory inventory = input.read(service.digester(request));
        Inputs.requirePsps(inventory);
        Plan result = service.plan(inventory, request);
        FailOnOption.warnAboutInput(result, spec.commandLine().getErr());
        try {
            render(result, inventory, spec.commandLine().getOut());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        PlanOptions.sayClusterVersion(request, spec.commandLine().getErr());
        return failOn.exitCode(result);
    }

    private void render(Plan result, Inventory inventory, PrintWriter out) throws java.io.IOException {
        switch (format) {
            // JSON escapes every character the terminal writer would (format.Json's SafeEscapes): written as it is, a
            // report of 200,000 pods is not scanned a second time.
            case JSON -> PlanJson.write(result, out instanceof SafePrintWriter safe ? safe.raw() : out);
            case MARKDOWN -> PlanReports.markdown(result, out);
            case HTML -> PlanReports.html(result, out);
            case TABLE -> out.print(AnalyzeRenderer.table(result));
            case SARIF -> out.print(PlanSarif.analyze(result, inventory, OutputFormat.workingDirectory()));
        }
        out.flush();
    }
}
