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
import java.util.Map;
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
    void theDefaultLimitsAreTheOnesTheReadmeSays() {
        InventoryReader.Options defaults = new InventoryReader().options();
        assertEquals(InputLimits.MAX_INPUT_BYTES, defaults.maxFileBytes());
        assertEquals(new Limits(100, 100_000, 4 * 1024 * 1024, 64L * 1024 * 1024, 1_000_000), defaults.limits());
        assertEquals(200, TreeBuilder.MAX_DEPTH);
    }

    private static final String CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n";

    /** A YAML block scalar of 5 MiB, one scalar of many lines, as a file embedded in a ConfigMap is written. */
    private static String blockScalar(int lines) {
        String line = "    " + "a".repeat(1020) + "\n";
        return CONFIG_MAP + "  file: |\n" + line.repeat(lines);
    }

    @Test
    void aYamlValueLongerThan4MiBIsRejectedBeforeItIsBuilt() {
        write("big.yaml", blockScalar(5 * 1024));
        // Where the value begins: after the key before it, the last place the parser reported.
        assertError(fails("big.yaml"), "big.yaml", 5, 7, "a value is longer than the limit of 4 MiB per value.");
        write("fits.yaml", blockScalar(4 * 1024 - 8));
        assertEquals(Map.of("ConfigMap", 1), read("fits.yaml").skipped());
    }

    @Test
    void aJsonValueLongerThan4MiBIsRejectedAtItsStart() {
        String head = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"big\"},\n"
                + " \"data\": {\"file\": ";
        write("big.json", head + "\"" + "a".repeat(4 * 1024 * 1024 + 1) + "\"}}");
        assertError(fails("big.json"), "big.json", 2, 19, "a value is longer than the limit of 4 MiB per value.");
        write("fits.json", head + "\"" + "a".repeat(4 * 1024 * 1024) + "\"}}");
        assertEquals(Map.of("ConfigMap", 1), read("fits.json").skipped());
    }

    @Test
    void aShorterValueLimitHoldsForEveryKindOfScalar() {
        InventoryReader.Options small = options().withObjectLimits(1000, 1L << 20, 1000);
        write("plain.yaml", CONFIG_MAP + "  a: " + "x".repeat(1001) + "\n");
        assertError(fails(small, "plain.yaml"), "plain.yaml", 5, 6,
                "a value is longer than the limit of 1000 bytes per value.");
        write("quoted.yaml", CONFIG_MAP + "  a: \"" + "x y ".repeat(300) + "\"\n");
        assertError(fails(small, "quoted.yaml"), "quoted.yaml", 5, 6,
                "a value is longer than the limit of 1000 bytes per value.");
        write("key.json", "{\"" + "k".repeat(1001) + "\": 1}");
        // A key too long is said at the mapping that holds it.
        assertError(fails(small, "key.json"), "key.json", 1, 1,
                "a value is longer than the limit of 1000 bytes per value.");
    }

    /** A YAML scalar far past the limit is stopped while the parser reads it, in bounded memory. */
    @Test
    void aHugeYamlScalarIsStoppedWhileItIsRead() {
        InventoryReader.Options small = options().withObjectLimits(1000, 1L << 20, 1000);
        InputStream endless = new InputStream() {
            private final byte[] head = (CONFIG_MAP + "  a: ").getBytes(StandardCharsets.UTF_8);
            private long served;

            @Override
            public int read() {
                return served < head.length ? head[(int) served++] : served++ < (1L << 40) ? 'x' : -1;
            }
        };
        InputException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(InputException.class,
                () -> new InventoryReader(small).read(List.of("-"), endless)));
        assertError(e, "-", 5, 4, "a value is longer than the limit of 1000 bytes per value.");
    }

    private static String manyValues(int n) {
        StringBuilder sb = new StringBuilder("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"},\n"
                + " \"spec\": {\"containers\": [], \"volumes\": [");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"name\": \"v").append(i).append("\"}");
        }
        return sb.append("]}}").toString();
    }

    private static String asList(String item) {
        return "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n" + item + "\n]}";
    }

    /** The same limits, message and place whether a JSON object is read whole, pruned, or captured from a List. */
    @Test
    void anObjectWithTooManyValuesIsRejectedAtItsStartHoweverItIsRead() {
        InventoryReader.Options small = options().withObjectLimits(1000, 1L << 20, 500);
        // 7 values before the volumes, then 2 for each volume: 246 volumes make 499 values, 247 make 501.
        write("fits.json", manyValues(246));
        assertEquals(1, new InventoryReader(small).read(List.of("fits.json"), InputStream.nullInputStream())
                .objects().size());
        write("many.json", manyValues(247));
        write("list.json", asList(manyValues(247)));
        String message = "the object holds more than 500 values, the limit per object.";
        assertError(fails(small, "many.json"), "many.json", 1, 1, message);
        assertError(fails(small, "list.json"), "list.json", 2, 1, message);
        for (String file : List.of("many.json", "list.json")) {
            InputException digesting = assertThrows(InputException.class, () -> new InventoryReader(small)
                    .read(List.of(file), InputStream.nullInputStream(), o -> java.util.Optional.empty()));
            assertEquals(fails(small, file).located(), digesting.located(), file);
        }
        write("many.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n"
                + "  - {name: v}\n".repeat(300));
        assertError(fails(small, "many.yaml"), "many.yaml", 1, 1, message);
    }

    @Test
    void anObjectLargerThanTheLimitIsRejectedAtItsStartEvenWhenTheExcessIsSkipped() {
        InventoryReader.Options small = options().withObjectLimits(1000, 5000, 1000);
        String pod = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": "
                + "{\"containers\": []}, \"status\": {\"a\": [" + "\"0123456789\",".repeat(500) + "\"x\"]}}";
        write("big.json", pod);
        write("list.json", asList(pod));
        String message = "the object is larger than the limit of 4.9 KiB per object.";
        assertError(fails(small, "big.json"), "big.json", 1, 1, message);
        assertError(fails(small, "list.json"), "list.json", 2, 1, message);
        for (String file : List.of("big.json", "list.json")) {
            // Digesting reads skip status unread; its size still counts.
            InputException digesting = assertThrows(InputException.class, () -> new InventoryReader(small)
                    .read(List.of(file), InputStream.nullInputStream(), o -> java.util.Optional.empty()));
            assertEquals(fails(small, file).located(), digesting.located(), file);
        }
    }

    @Test
    void theItemsOfAListAreObjectsOfTheirOwnNotPartOfTheList() {
        InventoryReader.Options small = options().withObjectLimits(1000, 5000, 100);
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            items.append(i == 0 ? "" : ",\n").append("{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", "
                    + "\"metadata\": {\"name\": \"ns-").append(i).append("\"}}");
        }
        write("list.json", asList(items.toString()));
        write("list.yaml", asList(items.toString()).replace("\"kind\": \"List\"", "kind: List"));
        for (String file : List.of("list.json", "list.yaml")) {
            assertEquals(200, new InventoryReader(small).read(List.of(file), InputStream.nullInputStream())
                    .objects().size(), file);
            assertEquals(200, new InventoryReader(small).read(List.of(file), InputStream.nullInputStream(),
                    o -> java.util.Optional.empty()).objects().size(), file);
        }
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
