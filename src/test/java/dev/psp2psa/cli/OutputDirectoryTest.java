package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code convert -o DIR} promises about DIR (issue 12, "Nothing lost, nothing leaked"), on real directories: a
 * rerun replaces only psp2psa's own files, {@code --force} never wipes a directory, a symbolic link is written
 * through, leftovers of a killed run are cleaned up, and an output inside an input directory is not read back.
 */
class OutputDirectoryTest {

    private static void copySample(String sample, Path to) throws IOException {
        Path from = Path.of(sample);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void anOutputInsideTheInputDirectoryIsNotReadBackOnTheNextRun(@TempDir Path tmp) throws IOException {
        Path input = tmp.resolve("cluster");
        copySample("samples/cluster", input);
        Path out = input.resolve("migration");
        CliRun first = CliRun.run("convert", "-f", input.toString(), "-o", out.toString());
        assertEquals(0, first.exitCode(), first.err());
        Map<String, String> written = ConvertCommandTest.tree(out);
        CliRun second = CliRun.run("convert", "-f", input.toString(), "-o", out.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertFalse(second.err().contains("defined twice"), second.err());
        assertEquals(written, ConvertCommandTest.tree(out), "the second run reads the same input");
        assertTrue(Files.exists(out.resolve("namespaces/shop.yaml")));
    }

    private static final String MANIFEST = ".psp2psa-manifest";

    private static CliRun convert(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("convert", "-f", "samples/cluster", "-o", out.toString()));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static CliRun converted(Path out, String... more) {
        CliRun r = convert(out, more);
        assertEquals(0, r.exitCode(), r.err());
        return r;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** A real git directory, as git init leaves it, with one object. */
    private static void gitDir(Path dir) throws IOException {
        write(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        write(dir.resolve(".git/config"), "[core]\n\trepositoryformatversion = 0\n");
        write(dir.resolve(".git/objects/ab/cdef0123456789"), "blob");
        Files.createDirectories(dir.resolve(".git/refs/heads"));
    }

    /** The one line of stdout that starts with {@code prefix}. */
    private static String line(CliRun r, String prefix) {
        List<String> lines = r.out().lines().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(1, lines.size(), r.out());
        return lines.get(0);
    }

    private static String errorLine(CliRun r) {
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).endsWith("."), r.err());
        return lines.get(0);
    }

    // 5. Leftovers of a killed run.

    @Test
    void leftoversOfAKilledRunAreRemovedByTheNextRun(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        converted(out);
        write(tmp.resolve(".out.psp2psa-new-4242-123456789/new/README.md"), "half");
        write(tmp.resolve(".out.psp2psa-new-6302338485434556517/report.json"), "{}");
        write(tmp.resolve(".out.psp2psa-old-981234/vap/x.yaml"), "old");
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        write(tmp.resolve(".out.psp2psa-new-" + live + "-77/README.md"), "a run still going");
        write(tmp.resolve(".out.psp2psa-notes/keep.md"), "not ours");
        write(tmp.resolve(".other.psp2psa-new-1-2/keep.md"), "another directory's");
        Files.createSymbolicLink(tmp.resolve(".out.psp2psa-new-5-5"), tmp.resolve(".out.psp2psa-notes"));
        converted(out);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(new java.util.TreeSet<>(List.of(".other.psp2psa-new-1-2", ".out.psp2psa-new-" + live + "-77",
                    ".out.psp2psa-new-5-5", ".out.psp2psa-notes", "out")),
                    s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(
                            java.util.TreeSet::new)));
        }
        assertEquals("not ours", Files.readString(tmp.resolve(".out.psp2psa-notes/keep.md")));
    }
}
