package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal tables fit 100 columns by default and {@code COLUMNS} when it is set, on every sample: rows are
 * wrapped, never cut, and a field path is never broken inside it (only a single word longer than a narrow terminal,
 * such as a whole field path in an explanation, may stand out).
 */
class TableWidthTest {

    private static final List<String> SAMPLES = List.of("samples/authenticated-privileged", "samples/cluster",
            "samples/multi-tenant");

    /** Every command whose default output is a table, on every sample, as the arguments after the command name. */
    private static List<String[]> runs(Path tmp) {
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"rules"});
        runs.add(new String[] {"checks"});
        runs.add(new String[] {"check", "-f", "samples/failing-pods"});
        runs.add(new String[] {"check", "-f", "samples/failing-pods", "--level", "restricted"});
        for (String sample : SAMPLES) {
            Path dir = tmp.resolve(Path.of(sample).getFileName());
            CliRun c = CliRun.run("convert", "-f", sample, "-o", dir.toString(), "--cluster-version",
                    VerifyCommandTest.ALL_ENGINES);
            assertEquals(0, c.exitCode(), c.err());
            runs.add(new String[] {"verify", "-f", sample, "--policies", dir.toString()});
            runs.add(new String[] {"check", "-f", sample, "--policies", dir.toString()});
            runs.add(new String[] {"check", "-f", sample});
            runs.add(new String[] {"check", "-f", sample, "--level", "restricted"});
        }
        return runs;
    }

    private static String out(Map<String, String> env, String... args) {
        CliRun r = CliRun.runWithEnvironment(env, args);
        assertTrue(r.exitCode() == 0 || r.exitCode() == 1, String.join(" ", args) + ": " + r.err());
        assertTrue(r.out().lines().count() > 3, String.join(" ", args) + ": " + r.out());
        return r.out();
    }

    @Test
    void everyLineFitsOneHundredColumnsByDefault(@TempDir Path tmp) {
        for (String[] args : runs(tmp)) {
            String out = out(Map.of(), args);
            for (String line : out.lines().toList()) {
                if (line.length() > 100) {
                    fail(String.join(" ", args) + ": a line of " + line.length() + " characters: " + line + "\n" + out);
                }
            }
        }
        for (String sample : SAMPLES) {
            String out = out(Map.of(), "analyze", "-f", sample);
            assertTrue(out.lines().allMatch(l -> l.length() <= 100), out);
        }
    }

    @Test
    void atEightyColumnsOnlyAWordLongerThanTheLineStandsOut(@TempDir Path tmp) {
        for (String[] args : runs(tmp)) {
            String out = out(Map.of("COLUMNS", "80"), args);
            for (String line : out.lines().toList()) {
                // A line may pass 80 only when it is one word (under a note's indent) that no line of 80 can hold.
                if (line.length() > 80 && !line.strip().matches("\\S+")) {
                    fail(String.join(" ", args) + ": a line of " + line.length() + " characters: " + line + "\n" + out);
                }
            }
            assertTrue(out.lines().filter(l -> l.length() > 80).count() <= out.lines().count() / 20,
                    "long words are rare: " + out);
        }
    }

    @Test
    void aWiderTerminalGetsFewerLinesWithTheSameWords(@TempDir Path tmp) {
        for (String[] args : runs(tmp)) {
            String narrow = out(Map.of("COLUMNS", "80"), args);
            String wide = out(Map.of("COLUMNS", "240"), args);
            assertTrue(wide.lines().count() <= narrow.lines().count(), String.join(" ", args));
            // Rows are wrapped, never cut: the same characters, only the spaces and line breaks differ.
            assertEquals(words(narrow), words(wide), String.join(" ", args));
        }
    }

    /** What a table prints but for its spaces and line breaks, sorted: the same whatever the width, if nothing is cut. */
    private static String words(String table) {
        char[] c = table.replaceAll("\\s+", "").toCharArray();
        java.util.Arrays.sort(c);
        return new String(c);
    }

    /** The registries' tables at the default width, whole, as a reviewer reads them. */
    @Test
    void rulesTable() {
        org.approvaltests.Approvals.verify(out(Map.of(), "rules"));
    }

    @Test
    void checksTable() {
        org.approvaltests.Approvals.verify(out(Map.of(), "checks"));
    }

    /** Field paths are never broken: each one a workload must add stays whole on one line of the verify table. */
    @Test
    void fieldPathsStayWhole(@TempDir Path tmp) {
        Path dir = tmp.resolve("out");
        assertEquals(0, CliRun.run("convert", "-f", "samples/multi-tenant", "-o", dir.toString()).exitCode());
        for (String columns : List.of("60", "80", "100")) {
            String out = out(Map.of("COLUMNS", columns), "verify", "-f", "samples/multi-tenant", "--policies",
                    dir.toString());
            assertTrue(out.contains("spec.template.spec.securityContext.seccompProfile.type=RuntimeDefault"), out);
            assertTrue(out.lines().noneMatch(l -> l.endsWith(".") && !l.endsWith(" .") && l.strip().matches(
                    ".*[a-z]\\.[a-zA-Z]+\\.$")), "no line ends inside a path: " + out);
        }
        String rules = out(Map.of("COLUMNS", "60"), "rules");
        assertTrue(rules.lines().anyMatch(l -> l.contains("defaultAllowPrivilegeEscalation")), rules);
        assertTrue(rules.lines().anyMatch(l -> l.contains("apparmor.security.beta.kubernetes.io/")), rules);
    }
}
