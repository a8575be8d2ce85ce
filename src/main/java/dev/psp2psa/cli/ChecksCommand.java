package dev.psp2psa.cli;

import dev.psp2psa.pss.CheckRegistry;
import dev.psp2psa.report.ChecksRenderer;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code psp2psa checks}: the Pod Security Standards checks psp2psa evaluates. */
@Command(
        name = "checks",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "List the Pod Security Standards checks, their levels and the versions at which they "
                + "apply or change.")
public final class ChecksCommand implements Runnable {

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
        CheckRegistry registry = CheckRegistry.standard();
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case JSON -> ChecksRenderer.json(registry);
            case MARKDOWN -> ChecksRenderer.markdown(registry);
            case TABLE -> ChecksRenderer.table(registry, TerminalWidth.of(spec));
        });
        out.flush();
    }
}
