package dev.psp2psa.cli;

import dev.psp2psa.psp.PspRuleRegistry;
import dev.psp2psa.report.RulesRenderer;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code psp2psa rules}: the PSP rules and how each PSP field maps to the Pod Security Standards. */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "List the PodSecurityPolicy rules: the fields each covers, what baseline and restricted "
                + "require of them, whether they mutate pods and whether PSA can express them.")
public final class RulesCommand implements Runnable {

    /** Output formats of this command. */
    enum Format {
        TABLE,
        JSON,
        MARKDOWN
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table, json or markdown (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public void run() {
        PspRuleRegistry registry = PspRuleRegistry.standard();
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case JSON -> RulesRenderer.json(registry);
            case MARKDOWN -> RulesRenderer.markdown(registry);
            case TABLE -> RulesRenderer.table(registry, TerminalWidth.of(spec));
        });
        out.flush();
    }
}
