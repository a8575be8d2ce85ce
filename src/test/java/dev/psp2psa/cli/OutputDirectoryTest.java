package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
        // A cluster that runs every engine, so that every engine's folder is written.
        List<String> args = new ArrayList<>(List.of("convert", "-f", "samples/cluster", "-o", out.toString(),
                "--cluster-version", "v1.32"));
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
    /** The message that starts with the prefix, its wrapped continuation lines (indented by two) joined. */
    private static String line(CliRun r, String prefix) {
        List<String> lines = r.out().replace("\n  ", " ").lines().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(1, lines.size(), r.out());
        return lines.get(0);
    }

    private static String errorLine(CliRun r) {
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).endsWith("."), r.err());
        return lines.get(0);
    }

    // 1. A rerun replaces only psp2psa's own files.

    @Test
    void aRerunKeepsWhatTheUserAddedAndSaysSo(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        converted(out);
        Map<String, String> ours = ConvertCommandTest.tree(out);
        gitDir(out);
        write(out.resolve("fix-labels.patch"), "--- a\n+++ b\n");
        write(out.resolve("namespaces/local-extra.yaml"), "kind: Namespace\n");
        CliRun again = converted(out);
        Map<String, String> after = ConvertCommandTest.tree(out);
        assertEquals("ref: refs/heads/main\n", after.get(".git/HEAD"));
        assertEquals("blob", after.get(".git/objects/ab/cdef0123456789"));
        assertTrue(Files.isDirectory(out.resolve(".git/refs/heads")));
        assertEquals("--- a\n+++ b\n", after.get("fix-labels.patch"));
        assertEquals("kind: Namespace\n", after.get("namespaces/local-extra.yaml"));
        ours.forEach((path, content) -> assertEquals(content, after.get(path), path));
        assertEquals("Kept 5 file(s) in " + out + " that are not psp2psa's: .git/ (3 files), fix-labels.patch, "
                + "namespaces/local-extra.yaml.", line(again, "Kept "));
    }

    @Test
    void anEmptyForgedManifestMakesNoFileOfTheUsersPsp2psas(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        gitDir(out);
        write(out.resolve("notes.md"), "mine\n");
        write(out.resolve(MANIFEST), "");
        CliRun r = converted(out);
        assertEquals("mine\n", Files.readString(out.resolve("notes.md")));
        assertEquals("ref: refs/heads/main\n", Files.readString(out.resolve(".git/HEAD")));
        assertTrue(line(r, "Kept ").startsWith("Kept 4 file(s)"), r.out());

        write(out.resolve("README.md"), "my own readme\n");
        write(out.resolve(MANIFEST), "");
        CliRun refused = convert(out);
        assertEquals(2, refused.exitCode());
        assertTrue(errorLine(refused).contains("(README.md)"), refused.err());
        assertEquals("my own readme\n", Files.readString(out.resolve("README.md")));
    }

    @Test
    void anEditedFileIsNamedAndKeptUnlessForced(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        converted(out);
        write(out.resolve("namespaces/shop.yaml"), "# reviewed by hand\n");
        Map<String, String> before = ConvertCommandTest.tree(out);
        CliRun refused = convert(out);
        assertEquals(2, refused.exitCode());
        assertTrue(errorLine(refused).contains("1 file(s) that psp2psa did not write or that were edited since it "
                + "wrote them would be replaced (namespaces/shop.yaml)"), refused.err());
        assertEquals(before, ConvertCommandTest.tree(out), "nothing changed");

        CliRun forced = converted(out, "--force");
        assertTrue(line(forced, "Replaced ").contains("namespaces/shop.yaml"), forced.out());
        assertTrue(Files.readString(out.resolve("namespaces/shop.yaml")).contains("kind: Namespace"));
        assertFalse(forced.out().contains("Kept "), forced.out());
    }

    @Test
    void filesItNoLongerWritesAreRemovedAndEditedOnesKept(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        converted(out);
        assertTrue(Files.isDirectory(out.resolve("gatekeeper/templates")));
        write(out.resolve("kyverno/my-policy.yaml"), "kind: ClusterPolicy\n");
        Path edited;
        try (Stream<Path> s = Files.list(out.resolve("kyverno"))) {
            edited = s.filter(p -> !p.getFileName().toString().startsWith("my-")).sorted().findFirst().orElseThrow();
        }
        write(edited, "# tuned by hand\n");
        CliRun r = converted(out, "--engines", "vap");
        assertFalse(Files.exists(out.resolve("gatekeeper")), "an emptied directory of psp2psa's is removed");
        assertTrue(Files.isDirectory(out.resolve("vap")));
        assertEquals("kind: ClusterPolicy\n", Files.readString(out.resolve("kyverno/my-policy.yaml")));
        assertEquals("# tuned by hand\n", Files.readString(edited));
        assertTrue(line(r, "Removed ").contains("gatekeeper/constraints/"), r.out());
        String kept = line(r, "Kept ");
        assertTrue(kept.contains("kyverno/my-policy.yaml")
                && kept.contains("kyverno/" + edited.getFileName() + " (edited since psp2psa wrote it)"), kept);
        assertFalse(Files.readString(out.resolve(MANIFEST)).contains("kyverno/"), "the kept files are the user's");
    }

    @Test
    void theManifestHashesEveryFileAndIsByteIdenticalOnReruns(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        converted(out);
        String manifest = Files.readString(out.resolve(MANIFEST));
        converted(out);
        assertEquals(manifest, Files.readString(out.resolve(MANIFEST)));
        Pattern line = Pattern.compile("([0-9a-f]{64})  ([^/].*)");
        List<String> lines = manifest.lines().toList();
        assertEquals(ConvertCommandTest.tree(out).size() - 1, lines.size());
        for (String l : lines) {
            var m = line.matcher(l);
            assertTrue(m.matches(), l);
            byte[] content = Files.readAllBytes(out.resolve(m.group(2)));
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), m.group(1));
        }
        assertFalse(manifest.contains(tmp.toString()));
        List<String> paths = lines.stream().map(l -> l.substring(66)).toList();
        assertEquals(paths.stream().sorted().toList(), paths, "sorted by path");
    }

    // 2. --force never wipes a directory, and some directories are never written.

    @Test
    void forceKeepsAGitDirectoryAndTheFilesItDoesNotReplace(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("repo");
        gitDir(out);
        write(out.resolve("notes.md"), "mine\n");
        write(out.resolve("README.md"), "my readme\n");
        CliRun refused = convert(out);
        assertEquals(2, refused.exitCode());
        assertTrue(errorLine(refused).contains("was not written by psp2psa"), refused.err());
        CliRun forced = converted(out, "--force");
        assertEquals("mine\n", Files.readString(out.resolve("notes.md")));
        assertEquals("ref: refs/heads/main\n", Files.readString(out.resolve(".git/HEAD")));
        assertEquals("Replaced 1 file(s) that psp2psa did not write or that were edited since it wrote them "
                + "(--force): README.md.", line(forced, "Replaced "));
        assertTrue(line(forced, "Kept ").contains(".git/ (3 files), notes.md"), forced.out());
    }

    @Test
    void aDirectoryInTheWayIsNeverReplacedEvenWithForce(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        converted(out);
        Files.delete(out.resolve("README.md"));
        gitDir(out.resolve("README.md"));
        CliRun r = convert(out, "--force");
        assertEquals(2, r.exitCode());
        assertTrue(errorLine(r).contains("README.md is a directory where psp2psa writes a file"), r.err());
        assertEquals("ref: refs/heads/main\n", Files.readString(out.resolve("README.md/.git/HEAD")));
    }

    @Test
    void aDirectoryHoldingAnInputIsRefusedEvenWithForce(@TempDir Path tmp) throws IOException {
        Path work = tmp.resolve("work");
        copySample("samples/cluster", work.resolve("cluster"));
        Map<String, String> input = ConvertCommandTest.tree(work);
        CliRun r = CliRun.run("convert", "-f", work.resolve("cluster").toString(), "-o", work.toString(), "--force");
        assertEquals(2, r.exitCode());
        assertTrue(errorLine(r).contains(" holds the input "), r.err());
        assertEquals(input, ConvertCommandTest.tree(work));
        CliRun file = CliRun.run("convert", "-f", work.resolve("cluster/psps.yaml").toString(), "-o",
                work.resolve("cluster").toString(), "--force");
        assertEquals(2, file.exitCode(), file.err());
        assertTrue(errorLine(file).contains(" holds the input "), file.err());
        assertEquals(input, ConvertCommandTest.tree(work));
    }

    @Test
    void theHomeDirectoryAndItsParentsAreRefusedEvenWithForce(@TempDir Path tmp) throws IOException {
        Path home = tmp.resolve("users/ada");
        write(home.resolve(".bashrc"), "export A=1\n");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOME", home.toString());
        for (Path out : List.of(home, tmp.resolve("users"), tmp)) {
            CliRun r = CliRun.runWithEnvironment(env, "convert", "-f", "samples/cluster", "-o", out.toString(),
                    "--force");
            assertEquals(2, r.exitCode(), out + ": " + r.err());
            assertTrue(errorLine(r).contains("is the home directory or one of its parents"), r.err());
        }
        assertEquals("export A=1\n", Files.readString(home.resolve(".bashrc")));
    }

    // 4. A symbolic link is written through.

    @Test
    void aSymlinkedOutputIsWrittenThroughNotReplaced(@TempDir Path tmp) throws IOException {
        Path real = tmp.resolve("real");
        converted(real);
        Path link = Files.createSymbolicLink(tmp.resolve("out"), real);
        CliRun r = converted(link, "--engines", "vap");
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertFalse(Files.exists(real.resolve("kyverno")), "the target was rewritten, not left stale");
        assertTrue(line(r, tmp.resolve("out") + " is a symbolic link").contains(real.toRealPath().toString()));

        Path dangling = Files.createSymbolicLink(tmp.resolve("later"), tmp.resolve("not-yet/out"));
        converted(dangling);
        assertTrue(Files.isSymbolicLink(dangling));
        assertTrue(Files.isRegularFile(tmp.resolve("not-yet/out/README.md")));
    }

    @Test
    void aSymlinkToARefusedDirectoryIsRefused(@TempDir Path tmp) throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("out"), Path.of("").toAbsolutePath());
        CliRun r = convert(link, "--force");
        assertEquals(2, r.exitCode());
        assertTrue(errorLine(r).contains("is the current directory or one of its parents"), r.err());
    }

    // 5. Leftovers of a killed run.

    @Test
    void leftoversOfAKilledRunAreRemovedByTheNextRun(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        converted(out);
        // A process ID no process has now (a fixed one may be alive on a busy machine).
        long dead = 4_000_000;
        while (ProcessHandle.of(dead).isPresent()) {
            dead++;
        }
        write(tmp.resolve(".out.psp2psa-new-" + dead + "-123456789/new/README.md"), "half");
        write(tmp.resolve(".out.psp2psa-new-6302338485434556517/report.json"), "{}");
        write(tmp.resolve(".out.psp2psa-old-981234/vap/x.yaml"), "old");
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        write(tmp.resolve(".out.psp2psa-new-" + live + "-77/README.md"), "a run still going");
        write(tmp.resolve(".out.psp2psa-notes/keep.md"), "not ours");
        write(tmp.resolve(".other.psp2psa-new-1-2/keep.md"), "another directory's");
        Files.createSymbolicLink(tmp.resolve(".out.psp2psa-new-5-5"), tmp.resolve(".out.psp2psa-notes"));
        converted(out);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(Set.of(".other.psp2psa-new-1-2", ".out.psp2psa-new-" + live + "-77",
                    ".out.psp2psa-new-5-5", ".out.psp2psa-notes", "out"),
                    s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertEquals("not ours", Files.readString(tmp.resolve(".out.psp2psa-notes/keep.md")));
    }

    @Test
    void aRefusedRunLeavesNoStagingDirectory(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        converted(out);
        write(out.resolve("README.md"), "edited\n");
        assertEquals(2, convert(out).exitCode());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("out"), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
