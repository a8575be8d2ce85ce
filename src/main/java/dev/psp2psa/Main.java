package dev.psp2psa;

import dev.psp2psa.cli.Cli;

/** The entry point: runs the command line and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(Cli.create(args), args));
    }
}
