package dev.psp2psa.cli;

/** The exit code and output of an in-process run, for tests of other packages. */
public record CliRunResult(int exitCode, String out, String err) {

    public static CliRunResult of(String... args) {
        CliRun r = CliRun.run(args);
        return new CliRunResult(r.exitCode(), r.out(), r.err());
    }
}
