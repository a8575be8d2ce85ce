package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.pss.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @Test
    void versionNamesTheToolAndTheNewestPssVersion() {
        CliRun r = CliRun.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().matches("(?s)psp2psa \\d+\\.\\d+\\.\\d+.*\n.*v1\\.37\n"), r.out());
        assertEquals(Version.NEWEST.toString(), Version.NEWEST_NAME);
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        CliRun r = CliRun.run("--help");
        assertEquals(0, r.exitCode());
        for (String s : new String[] {"analyze", "convert", "check", "verify", "checks", "rules", "completion", "Exit codes:", "bad input",
            "--stacktrace"}) {
            assertTrue(r.out().contains(s), "help lacks " + s + ":\n" + r.out());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun r = CliRun.run();
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("error: a command is required: analyze, convert, check, verify, checks, rules, completion."), r.err());
    }

    @Test
    void unknownOptionIsAOneLineUsageError() {
        CliRun r = CliRun.run("check", "-f", "samples/cluster", "--frobnicate");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("error: Unknown option: '--frobnicate'."), r.err());
        assertTrue(r.err().contains("Run 'psp2psa check --help' for usage."), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingFilenameIsAUsageError() {
        CliRun r = CliRun.run("check", "--level", "baseline");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Missing required option: '--filename=PATH'"), r.err());
    }

    @Test
    void badLevelAndVersionAreUsageErrors() {
        CliRun level = CliRun.run("check", "-f", "samples/cluster", "--level", "strict");
        assertEquals(2, level.exitCode());
        assertEquals("error: unknown level 'strict': expected privileged, baseline or restricted.\n", level.err());
        CliRun version = CliRun.run("check", "-f", "samples/cluster", "--version", "1.25");
        assertEquals(2, version.exitCode());
        assertEquals("error: invalid version '1.25': expected latest or v1.N, such as v1.37.\n", version.err());
    }

    @Test
    void badInputIsOneLineWithFileLineAndColumnAndExitThree(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec: [unclosed\n");
        CliRun r = CliRun.run("check", "-f", bad.toString(), "--level", "baseline");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().startsWith("error: " + bad + ":"), r.err());
        assertTrue(r.err().matches("error: [^\n]+:\\d+:\\d+: [^\n]+\\.\n"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --stacktrace");
    }

    @Test
    void stacktraceOptionAddsTheStackTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "kind: [\n");
        CliRun r = CliRun.run("check", "-f", bad.toString(), "--stacktrace");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void missingFileIsBadInput() {
        CliRun r = CliRun.run("check", "-f", "no/such/file.yaml");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().startsWith("error: no/such/file.yaml"), r.err());
    }

    @Test
    void completionPrintsABashScript() {
        CliRun r = CliRun.run("completion");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("complete -F"), r.out());
        assertTrue(r.out().contains("check"), "completes subcommands");
        assertFalse(r.out().contains("\r"));
    }
}
