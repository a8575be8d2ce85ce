package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The process builds only the subcommand its arguments run ({@link Cli#needed}, issue 17). These tests hold that to
 * the one promise that makes it safe: every argument list parses, helps, fails and runs exactly as with all the
 * subcommands registered.
 */
class LazySubcommandsTest {

    @Test
    void eachRegisteredNameIsTheNameItsCommandDeclares() {
        for (Map.Entry<String, java.util.function.Supplier<Object>> e : Cli.COMMANDS.entrySet()) {
            CommandLine own = new CommandLine(e.getValue().get());
            assertEquals(e.getKey(), own.getCommandName());
            assertTrue(own.getCommandSpec().aliases().length == 0, "aliases would need a place in Cli.needed");
        }
    }

    @Test
    void aRunOfOneCommandNeedsThatCommandOnly() {
        assertEquals(List.of("check"), List.copyOf(Cli.needed("check", "-f", "x")));
        assertEquals(List.of("verify"), List.copyOf(Cli.needed("--stacktrace", "verify", "-f", "x")));
        assertEquals(List.of("analyze"), List.copyOf(Cli.needed("analyze", "--help")));
        assertEquals(List.of(), List.copyOf(Cli.needed("--version")));
        assertEquals(List.of(), List.copyOf(Cli.needed("-V")));
    }

    @Test
    void anythingElseNeedsThemAll() {
        List<String> all = List.copyOf(Cli.COMMANDS.keySet());
        assertEquals(all, List.copyOf(Cli.needed()));
        assertEquals(all, List.copyOf(Cli.needed("--help")));
        assertEquals(all, List.copyOf(Cli.needed("--version", "check")));
        assertEquals(all, List.copyOf(Cli.needed("chek", "-f", "x")));
        assertEquals(all, List.copyOf(Cli.needed("@args.txt")));
        assertEquals(all, List.copyOf(Cli.needed("completion")));
        assertEquals(all, List.copyOf(Cli.needed("--stacktrace")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "--help", "-V", "--version", "--version check", "-V --help", "--stacktrace", "chek", "completion",
        "analyze --help", "convert --help", "check --help", "verify --help", "checks --help", "rules --help",
        "check", "check --bogus", "check -f samples/failing-pods", "--stacktrace check -f samples/failing-pods",
        "analyze -f samples/multi-tenant --format json", "analyze -f samples/multi-tenant --format yaml",
        "checks", "rules --format json", "verify -f samples/multi-tenant", "convert -f samples/cluster",
    })
    void aLazyCommandLineBehavesAsTheWholeOne(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        List<Object> whole = run(null, args);
        List<Object> lazy = run(Cli.needed(args), args);
        assertEquals(whole, lazy);
    }

    /** The exit code, stdout and stderr of a run on a command line with the given subcommands (null: all). */
    private static List<Object> run(java.util.Collection<String> commands, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err);
        CommandLine cl = commands == null ? Cli.create(o, e, InputStream.nullInputStream(), Map.of())
                : Cli.create(o, e, InputStream.nullInputStream(), Map.of(), commands);
        int code = Cli.run(cl, args);
        o.flush();
        e.flush();
        return List.of(code, out.toString(), err.toString());
    }
}
