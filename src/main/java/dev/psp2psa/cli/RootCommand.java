package dev.psp2psa.cli;

import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code psp2psa}: the top-level command; it only holds the subcommands and the global options. */
@Command(
        name = "psp2psa",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Moves a Kubernetes cluster off PodSecurityPolicy to Pod Security Admission without "
                + "breaking a workload and without losing a restriction.",
        subcommands = {
            AnalyzeCommand.class,
            ConvertCommand.class,
            CheckCommand.class,
            VerifyCommand.class,
            ChecksCommand.class,
            RulesCommand.class,
            CompletionCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success.",
            "1:findings the command was asked to fail on (e.g. pods that a level denies).",
            "2:usage error.",
            "3:bad input (unreadable, malformed or invalid files) or a cluster that cannot be read.",
            "4:internal error (please report it; --stacktrace shows where).",
        })
public final class RootCommand implements Runnable {

    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error (for bug reports).")
    boolean stackTrace;

    public RootCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    /** The stream {@code -f -} reads. */
    public InputStream stdin() {
        return stdin;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a command is required: " + String.join(", ", spec.subcommands().keySet()));
    }
}
