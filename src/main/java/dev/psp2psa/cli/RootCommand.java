package dev.psp2psa.cli;

import java.io.InputStream;
import java.util.Map;
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
    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error (for bug reports).")
    boolean stackTrace;

    /** A root command reading {@code -f -} from {@code stdin} and finding the kubeconfig through {@code environment}. */
    public RootCommand(InputStream stdin, Map<String, String> environment) {
        this.stdin = stdin;
        this.environment = Map.copyOf(environment);
    }

    /** The stream {@code -f -} reads. */
    public InputStream stdin() {
        return stdin;
    }

    /** The environment variables the kubeconfig is found through ({@code KUBECONFIG}). */
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a command is required: " + String.join(", ", spec.subcommands().keySet()));
    }
}
