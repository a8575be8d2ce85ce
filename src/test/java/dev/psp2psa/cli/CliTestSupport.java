package dev.psp2psa.cli;

/** Lets tests of other packages run the command line in-process. */
public final class CliTestSupport {

    private CliTestSupport() {
    }

    /** Runs psp2psa with the arguments and returns its exit code. */
    public static int run(String... args) {
        CliRun r = CliRun.run(args);
        if (r.exitCode() != 0) {
            System.err.println(r.err());
        }
        return r.exitCode();
    }
}
