package dev.psp2psa.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs psp2psa's command line in-process, as {@code main} would, and captures what it prints. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        return runWithStdin("", args);
    }

    static CliRun runWithStdin(String stdin, String... args) {
        return run(stdin, System.getenv(), args);
    }

    /** Runs with the given environment variables instead of the process's. */
    static CliRun runWithEnvironment(Map<String, String> environment, String... args) {
        return run("", environment, args);
    }

    private static CliRun run(String stdin, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code = Cli.run(Cli.create(new PrintWriter(out), new PrintWriter(err), in, environment), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Stderr without its {@code note:} lines (the cluster version a plan was made for): the warnings and errors. */
    String problems() {
        StringBuilder sb = new StringBuilder();
        err.lines().filter(l -> !l.startsWith("note: ")).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}
