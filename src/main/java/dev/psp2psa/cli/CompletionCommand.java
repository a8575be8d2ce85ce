package dev.psp2psa.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code psp2psa completion}: prints a bash/zsh completion script. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a bash (and zsh) completion script for psp2psa.",
            "Load it in the current shell with: source <(psp2psa completion)",
        })
public final class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        String script = AutoComplete.bash("psp2psa", spec.root().commandLine());
        spec.commandLine().getOut().print(script.replace("\r\n", "\n"));
        spec.commandLine().getOut().flush();
    }
}
