package dev.psp2psa.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that write themselves ({@link OutputTree.Content}, issue 17) are staged as they are rendered and hashed as
 * they are written: the manifest is the one of the whole strings and of the files on disk, CRLF becomes LF, a rerun
 * rewrites only what changed, and a file in the way is refused (or not) before anything is written.
 */
class TreeWriterStreamingTest {

    /** A document larger than every buffer on the way, with CRLFs (one split across two writes) and a lone CR. */
    private static OutputTree.Content big(String marker) {
        return out -> {
            for (int i = 0; i < 20_000; i++) {
                out.write("line " + i + " " + marker + " é ✓\r\n");
            }
            out.write("split\r");
            out.write("\nlone\rend\r");
        };
    }

    private static OutputTree tree(String marker) {
        return new OutputTree()
                .put("a/small.yaml", "kind: Namespace\r\n")
                .put("report.md", big(marker))
                .put("z/report.json", out -> out.write("{\r\n  \"x\": 1\r\n}\n"));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Object inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino");
    }

    @Test
    void theStagedFilesAndTheirManifestAreThoseOfTheWholeStrings(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        OutputTree tree = tree("one");
        TreeWriter.write(tree, OutputTarget.of(out, false));
        for (String path : tree.paths()) {
            String text = Files.readString(out.resolve(path), StandardCharsets.UTF_8);
            assertEquals(tree.files().get(path), text, path);
            assertEquals(-1, text.indexOf("\r\n"), path + " has LF line endings");
            assertEquals(OutputManifest.sha256(out.resolve(path)), OutputManifest.sha256(tree, path), path);
        }
        assertEquals("kind: Namespace\n", tree.text("a/small.yaml"));
        String report = tree.text("report.md");
        assertEquals("split\nlone\rend\r", report.substring(report.indexOf("split")));
        String manifest = Files.readString(out.resolve(TreeWriter.MANIFEST), StandardCharsets.UTF_8);
        assertEquals(OutputManifest.of(tree.files()).text(), manifest);
        assertEquals(OutputManifest.ofHashes(java.util.Map.of(
                "a/small.yaml", OutputManifest.sha256(out.resolve("a/small.yaml")),
                "report.md", OutputManifest.sha256(out.resolve("report.md")),
                "z/report.json", OutputManifest.sha256(out.resolve("z/report.json")))).text(), manifest);
        assertEquals(List.of("out"), names(tmp), "no staging directory is left");
    }

    @Test
    void aRerunRewritesOnlyTheStreamedFilesThatChanged(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        TreeWriter.write(tree("one"), OutputTarget.of(out, false));
        Object small = inode(out.resolve("a/small.yaml"));
        Object json = inode(out.resolve("z/report.json"));
        Object report = inode(out.resolve("report.md"));
        OutputTree next = tree("two");
        WriteReport written = TreeWriter.write(next, OutputTarget.of(out, false));
        assertEquals(List.of(), written.replaced());
        assertEquals(small, inode(out.resolve("a/small.yaml")), "unchanged: not rewritten");
        assertEquals(json, inode(out.resolve("z/report.json")), "unchanged: not rewritten");
        assertNotEquals(report, inode(out.resolve("report.md")), "changed: rewritten");
        assertEquals(next.text("report.md"), Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8));
        assertEquals(OutputManifest.of(next.files()).text(),
                Files.readString(out.resolve(TreeWriter.MANIFEST), StandardCharsets.UTF_8));
    }

    @Test
    void aStreamedFileInTheWayIsRefusedBeforeAnythingIsWrittenUnlessItIsTheSame(@TempDir Path tmp)
            throws IOException {
        Path out = tmp.resolve("out");
        TreeWriter.write(tree("one"), OutputTarget.of(out, false));
        Files.writeString(out.resolve("report.md"), "the user's report\n");
        List<String> before = names(out);
        TreeWriter.RefusedException refused = assertThrows(TreeWriter.RefusedException.class,
                () -> TreeWriter.write(tree("one"), OutputTarget.of(out, false)));
        assertEquals(true, refused.getMessage().contains("report.md"), refused.getMessage());
        assertEquals(List.of("out"), names(tmp), "no staging directory");
        assertEquals(before, names(out), "nothing written");
        assertEquals("the user's report\n", Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8));

        // The content psp2psa would write now, though not psp2psa's, replaces nothing: written without --force.
        OutputTree next = tree("two");
        Files.writeString(out.resolve("report.md"), next.text("report.md"), StandardCharsets.UTF_8);
        Object same = inode(out.resolve("report.md"));
        WriteReport written = TreeWriter.write(next, OutputTarget.of(out, false));
        assertEquals(List.of(), written.replaced());
        assertEquals(same, inode(out.resolve("report.md")), "the same content is left in place");
        assertEquals(OutputManifest.of(next.files()).text(),
                Files.readString(out.resolve(TreeWriter.MANIFEST), StandardCharsets.UTF_8));
    }
}
