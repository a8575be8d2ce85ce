package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile or accidental input: alias bombs, binary files, huge files, deep nesting. */
class InventoryReaderLimitsTest extends ReaderTestSupport {

    private static final String BILLION_LAUGHS = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: lol}
            data:
              a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
              b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
              c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
              d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
              e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
              f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
              g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
              h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
              i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """;

    @Test
    void aBillionLaughsDocumentFailsFastOnTheAliasExpansion() {
        write("lol.yaml", BILLION_LAUGHS);
        InputException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> fails("lol.yaml"));
        // Aliases stand for 90 (line 6), 819, 7,380 and 66,429 (line 9) nodes: 74,718 in all; the first alias of
        // line 10 adds 66,430 more and crosses the limit of 100,000, long before anything large is built.
        assertError(e, "lol.yaml", 10, 10, "YAML aliases in the document expand to more than 100000 nodes, which "
                + "looks like an alias bomb (\"billion laughs\").");
    }

    @Test
    void aBillionLaughsDocumentFailsOnTheAliasCountWhenThatLimitIsLower() {
        write("lol.yaml", BILLION_LAUGHS);
        InputException e = fails(options().withMaxYamlAliases(20), "lol.yaml");
        // Aliases 1-9 are on line 6, 10-18 on line 7, the 21st is the third on line 8.
        assertError(e, "lol.yaml", 8, 16, "the document uses more than 20 YAML aliases, which looks like an alias "
                + "bomb (\"billion laughs\").");
    }

    @Test
    void aNulByteMeansNotText() {
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        bytes[0] = 'a';
        bytes[1] = 0;
        writeBytes("image.yaml", bytes);
        assertError(fails("image.yaml"), "image.yaml", 1, 2, "is not a text file (it contains a NUL byte).");
    }

    @Test
    void invalidUtf8MeansNotTextAndSaysWhere() {
        byte[] head = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(head, head.length + 2);
        bytes[head.length] = (byte) 0xE9; // ISO-8859-1 é
        bytes[head.length + 1] = '\n';
        writeBytes("latin1.yaml", bytes);
        assertError(fails("latin1.yaml"), "latin1.yaml", 4, 12, "is not a text file (it is not valid UTF-8).");
    }

    @Test
    void aControlCharacterMeansNotText() {
        write("bell.json", "{\"kind\": \"Pod\u0007\"}");
        assertError(fails("bell.json"), "bell.json", 1, 14,
                "is not a text file (it contains the control character U+0007).");
    }

    @Test
    void aBinaryFileFoundInADirectoryIsAnErrorToo() {
        writeBytes("manifests/blob.json", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0});
        assertError(fails("manifests"), "manifests/blob.json", 1, 1, "is not a text file (it is not valid UTF-8).");
    }

    @Test
    void aFileLargerThanTheLimitIsRejectedBeforeItIsRead() {
        // Binary content: had the file been read, the error would be "is not a text file".
        writeBytes("huge.yaml", new byte[3 * 1024]);
        InputException e = fails(options().withMaxFileBytes(2048), "huge.yaml");
        assertError(e, "huge.yaml", 0, 0, "is larger than the input size limit of 2 KiB (3 KiB).");
        assertEquals("huge.yaml: is larger than the input size limit of 2 KiB (3 KiB).", e.located());
    }

    @Test
    void stdinLargerThanTheLimitIsStoppedWhileReading() {
        String big = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n# " + "x".repeat(4000) + "\n";
        InputStream stdin = new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8));
        InputException e = assertThrows(InputException.class,
                () -> new InventoryReader(options().withMaxFileBytes(1024)).read(List.of("-"), stdin));
        assertError(e, "-", 0, 0, "is larger than the input size limit of 1 KiB.");
    }

    @Test
    void theDefaultLimitIs4GiBEnoughForOneKubectlDumpOfALargeCluster() {
        // A kubectl get pods -A -o json of 200,000 pods is about 1.1 GB; analyze and convert stream it.
        assertEquals(4L * 1024 * 1024 * 1024, new InventoryReader().options().maxFileBytes());
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: " + "[".repeat(300) + "]".repeat(300);
        write("deep.yaml", deep);
        InputException e = fails("deep.yaml");
        assertEquals("deep.yaml", e.file());
        assertEquals(4, e.line());
        assertEquals("the document is nested more than 200 levels deep.", e.getMessage());
    }
}
