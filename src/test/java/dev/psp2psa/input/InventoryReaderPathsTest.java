package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.psp2psa.inventory.Inventory;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Files, directories, stdin: what is read, in which order, under which name. */
class InventoryReaderPathsTest extends ReaderTestSupport {

    private static String ns(String name) {
        return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n";
    }

    @Test
    void aDirectoryIsWalkedRecursivelyInSortedOrderWithRelativeNames() {
        write("m/b.yaml", ns("b"));
        write("m/a.YML", ns("a"));
        write("m/sub/c.JSON", "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"c\"}}");
        write("m/sub/deeper/d.yaml", ns("d"));
        write("m/a-z.yaml", ns("az"));
        write("m/notes.txt", "not a manifest");
        write("m/.hidden.yaml", ns("hidden-file"));
        write("m/.git/config.yaml", ns("hidden-dir"));
        write("m/empty.yaml", "# nothing here yet\n");
        assertEquals(List.of(
                "Namespace az @ m/a-z.yaml:1 (Namespace)", // '-' sorts before '.'
                "Namespace a @ m/a.YML:1 (Namespace)",
                "Namespace b @ m/b.yaml:1 (Namespace)",
                "Namespace c @ m/sub/c.JSON:1 (Namespace)",
                "Namespace d @ m/sub/deeper/d.yaml:1 (Namespace)"), objects(read("m")));
    }

    /** A directory psp2psa convert wrote (it holds a manifest) inside an input directory is not read (issue 12). */
    @Test
    void aDirectoryPsp2psaWroteIsSkippedUnlessNamedItself() {
        write("m/a.yaml", ns("a"));
        write("m/out/.psp2psa-manifest", "");
        write("m/out/namespaces/a.yaml", ns("a"));
        write("m/out/deeper/b.yaml", ns("b"));
        assertEquals(List.of("Namespace a @ m/a.yaml:1 (Namespace)"), objects(read("m")));
        assertEquals(List.of("Namespace b @ m/out/deeper/b.yaml:1 (Namespace)",
                "Namespace a @ m/out/namespaces/a.yaml:1 (Namespace)"), objects(read("m/out")));
    }

    @Test
    void aDirectoryGivenWithATrailingSlashOrDotSlashKeepsItsSpelling() {
        write("m/a.yaml", ns("a"));
        assertEquals(List.of("Namespace a @ ./m/a.yaml:1 (Namespace)"), objects(read("./m/")));
    }

    @Test
    void anAbsolutePathStaysAbsolute() {
        Path file = write("a.yaml", ns("a"));
        assertEquals(List.of("Namespace a @ " + file + ":1 (Namespace)"), objects(read(file.toString())));
    }

    @Test
    void filesAndStdinAreReadInTheGivenOrder() {
        write("z.yaml", ns("z"));
        write("a.yaml", ns("a"));
        Inventory inventory = new InventoryReader(options()).read(List.of("z.yaml", "-", "a.yaml"),
                new ByteArrayInputStream(ns("s").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(List.of(
                "Namespace z @ z.yaml:1 (Namespace)",
                "Namespace s @ -:1 (Namespace)",
                "Namespace a @ a.yaml:1 (Namespace)"), objects(inventory));
    }

    @Test
    void anExplicitFileIsReadWhateverItsExtension() {
        write("psp.txt", ns("yaml-in-txt"));
        write("dump.out", "  {\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"json-in-out\"}}");
        assertEquals(List.of(
                "Namespace yaml-in-txt @ psp.txt:1 (Namespace)",
                "Namespace json-in-out @ dump.out:1 (Namespace)"), objects(read("psp.txt", "dump.out")));
    }

    @Test
    void aFileReachedTwiceIsReadOnce() {
        write("m/a.yaml", ns("a"));
        assertEquals(List.of("Namespace a @ m/a.yaml:1 (Namespace)"), objects(read("m/a.yaml", "m", "m/a.yaml")));
    }

    @Test
    void aMissingPathIsAnErrorWithThatPath() {
        assertError(fails("nope/missing.yaml"), "nope/missing.yaml", 0, 0, "no such file or directory.");
    }

    @Test
    void aSymbolicLinkLoopIsSaidInWords() throws Exception {
        Files.createSymbolicLink(dir.resolve("loop1.yaml"), dir.resolve("loop2.yaml"));
        Files.createSymbolicLink(dir.resolve("loop2.yaml"), dir.resolve("loop1.yaml"));
        assertError(fails("loop1.yaml"), "loop1.yaml", 0, 0, "cannot be read (a symbolic link loop).");
        write("m/a.yaml", ns("a"));
        Files.createSymbolicLink(dir.resolve("m/self.yaml"), dir.resolve("m/self.yaml"));
        assertError(fails("m"), "m/self.yaml", 0, 0, "cannot be read (a symbolic link loop).");
    }

    @Test
    void aLinkToNothingAndAFileUsedAsADirectoryAreSaidInWords() throws Exception {
        Files.createSymbolicLink(dir.resolve("gone.yaml"), dir.resolve("deleted.yaml"));
        assertError(fails("gone.yaml"), "gone.yaml", 0, 0, "is a symbolic link to a file that does not exist.");
        write("a.yaml", ns("a"));
        assertError(fails("a.yaml/b.yaml"), "a.yaml/b.yaml", 0, 0,
                "cannot be read (a part of the path is not a directory).");
    }

    @Test
    void aDirectoryWithoutManifestsIsAnError() throws Exception {
        write("docs/readme.md", "# docs");
        Files.createDirectories(dir.resolve("docs/.git"));
        write("docs/.git/x.yaml", ns("hidden"));
        assertError(fails("docs"), "docs", 0, 0, "is a directory with no .yaml, .yml or .json files.");
    }

    @Test
    void anExplicitEmptyFileIsAnError() {
        write("empty.yaml", "");
        assertError(fails("empty.yaml"), "empty.yaml", 0, 0, "contains no Kubernetes objects.");
    }

    @Test
    void anExplicitFileWithOnlyCommentsAndSeparatorsIsAnError() {
        write("comments.yaml", "# TODO\n---\n\n---\n# more\n");
        assertError(fails("comments.yaml"), "comments.yaml", 0, 0, "contains no Kubernetes objects.");
    }

    @Test
    void anExplicitEmptyJsonFileIsAnError() {
        write("empty.json", "  \n");
        assertError(fails("empty.json"), "empty.json", 0, 0, "contains no Kubernetes objects.");
    }

    @Test
    void emptyStdinIsAnError() {
        InputException e = assertThrows(InputException.class, () -> readStdin("", "-"));
        assertError(e, "-", 0, 0, "contains no Kubernetes objects.");
    }

    @Test
    void emptyFilesInADirectoryAreSkipped() {
        write("m/a.yaml", "");
        write("m/b.yaml", ns("b"));
        Inventory inventory = read("m");
        assertEquals(List.of("Namespace b @ m/b.yaml:1 (Namespace)"), objects(inventory));
        assertEquals(Map.of(), inventory.skipped());
    }

    @Test
    void errorsInFilesFoundInADirectoryNameTheFileUnderTheDirectory() {
        write("m/sub/bad.yaml", "apiVersion: v1\nkind: Pod\n");
        assertError(fails("m"), "m/sub/bad.yaml", 1, 1, "Pod has no metadata.name.");
    }

    /** A named pipe, as a FIFO or a /dev/fd/N of process substitution: read as a stream under the name given. */
    @Test
    void aNamedPipeIsReadAsAStreamUnderItsGivenName() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo works here");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, ns("piped"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        try {
            assertEquals(List.of("Namespace piped @ pipe:1 (Namespace)"), objects(read("pipe")));
        } finally {
            writer.join(10_000);
        }
    }

    @Test
    void noPathsGiveAnEmptyInventory() {
        Inventory inventory = read();
        assertEquals(List.of(), inventory.objects());
    }
}
