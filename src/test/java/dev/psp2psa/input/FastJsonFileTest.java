package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast JSON path of digesting runs ({@link FastJsonFile}: Jackson's byte parser on bytes {@link TextBytes} checks)
 * against the exact path (stdin, which always takes {@link TextReader} and the character parser): the same objects,
 * digests and sources, and every problem reported at the same line and column, counted in characters, even where
 * multi-byte characters come before it on its line.
 */
class FastJsonFileTest extends ReaderTestSupport {

    private record Seen(String kind, String namespace, String name, Source source, String serviceAccount)
            implements WorkloadDigest {
    }

    private static final WorkloadDigester RECORD = o -> Workload.of(o).map(w -> new Seen(w.kind(), w.namespace(),
            w.name(), w.source(), w.serviceAccount()));

    private static String pod(String ns, String name, String note) {
        return "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"" + name + "\", \"namespace\": \""
                + ns + "\", \"annotations\": {\"note\": \"" + note + "\"}}, \"spec\": {\"serviceAccountName\": \"app\","
                + " \"containers\": [{\"name\": \"c\", \"image\": \"nginx\"}]}}";
    }

    private static String list(List<String> items) {
        return "{\"apiVersion\": \"v1\", \"items\": [\n" + String.join(",\n", items) + "\n], \"kind\": \"List\"}";
    }

    private Inventory digesting(String... paths) {
        return new InventoryReader(options()).read(List.of(paths), InputStream.nullInputStream(), RECORD);
    }

    /** The exact path: the same bytes through stdin. */
    private Inventory digestingStdin(byte[] bytes) {
        return new InventoryReader(options()).read(List.of("-"), new ByteArrayInputStream(bytes), RECORD);
    }

    private static List<String> digests(Inventory inventory) {
        return inventory.digests().stream().map(d -> d.kind() + " " + d.namespace() + "/" + d.name() + " @ "
                + d.source().line() + " sa=" + d.serviceAccount()).toList();
    }

    @Test
    void readsWhatTheExactPathReadsAndTakesTheFastPath() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            items.add(pod("ns" + (i % 7), "p" + i, i % 3 == 0 ? "größe € 😀 " + i : "plain " + i));
        }
        items.add("{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"ns1\"}}");
        String text = list(items);
        Path file = write("pods.json", text);
        InventoryCollector collector = new InventoryCollector(RECORD);
        assertTrue(FastJsonFile.read(new com.fasterxml.jackson.core.JsonFactory(), file, "pods.json", true,
                ManifestFiles.Format.JSON, options(), collector, null), "the fast path read the file");
        Inventory fast = digesting("pods.json");
        Inventory exact = digestingStdin(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(301, fast.digests().size() + fast.objects().size());
        assertEquals(digests(exact), digests(fast));
        assertEquals(objects(exact).stream().map(s -> s.replace("@ -:", "@ ")).toList(),
                objects(fast).stream().map(s -> s.replace("@ pods.json:", "@ ")).toList());
    }

    @Test
    void aFileWithoutExtensionIsSniffedAndYamlIsLeftToTheExactPath() {
        Path json = write("dump", "  \n" + list(List.of(pod("a", "p", "x"))));
        Path yaml = write("other", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
        com.fasterxml.jackson.core.JsonFactory factory = new com.fasterxml.jackson.core.JsonFactory();
        assertTrue(FastJsonFile.read(factory, json, "dump", true, null, options(),
                new InventoryCollector(RECORD), null));
        assertFalse(FastJsonFile.read(factory, yaml, "other", true, null, options(),
                new InventoryCollector(RECORD), null));
        assertEquals(1, digesting("dump").digests().size());
        assertEquals(List.of("Namespace a @ other:1 (Namespace)"), objects(digesting("other")));
    }

    /** A problem after multi-byte characters on its line: the column counts characters, as an editor shows it. */
    @ParameterizedTest
    @ValueSource(strings = {"\"hostNetwork\": \"yes\"", "\"hostPID\": [1]", "\"containers\": 5"})
    void problemsAfterMultiByteCharactersAreAtTheirCharacterColumn(String bad) {
        String item = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"q\", \"annotations\": "
                + "{\"note\": \"größe € 😀\"}}, \"spec\": {" + bad + "}}";
        String text = list(List.of(pod("a", "ok", "ü"), item));
        write("list.json", text);
        InputException fast = assertThrows(InputException.class, () -> digesting("list.json"));
        InputException whole = fails("list.json");
        assertEquals(whole.located(), fast.located());
        String line = text.lines().filter(l -> l.contains("\"q\"")).findFirst().orElseThrow();
        int column = line.indexOf(bad.substring(bad.indexOf(':') + 2)) + 1;
        assertEquals(3, fast.line(), fast.located());
        assertTrue(fast.column() == column || fast.column() == line.indexOf(bad) + 1, fast.located()
                + " is not at a character column of " + bad + " (" + column + ")");
    }

    /** Bytes the exact path refuses as not text: the fast path stops and the exact path reports them at their place. */
    @ParameterizedTest
    @ValueSource(strings = {"C2 86", "EF BF BE", "EF BF BF", "7F", "C0 AF", "ED A0 80", "F4 90 80 80", "80", "01",
        "E2 82", "F0 9F 98"})
    void bytesThatAreNotTextAreReportedAsByTheExactPath(String hex) {
        byte[] bad = hex(hex);
        byte[] bytes = concat(("{\"apiVersion\": \"v1\", \"items\": [\n" + pod("a", "ok", "x") + ",\n"
                + pod("a", "p", "x€").replace("x€", "x€\u0001")).getBytes(StandardCharsets.UTF_8), new byte[0]);
        String before = new String(bytes, StandardCharsets.UTF_8);
        int at = before.indexOf('\u0001');
        byte[] head = before.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = (before.substring(at + 1) + "\n], \"kind\": \"List\"}").getBytes(StandardCharsets.UTF_8);
        if (hex.equals("E2 82") || hex.equals("F0 9F 98")) {
            tail = new byte[0]; // cut off at the end of the input
        }
        writeBytes("bad.json", concat(concat(head, bad), tail));
        InputException whole = fails("bad.json");
        InputException fast = assertThrows(InputException.class, () -> digesting("bad.json"));
        assertEquals(whole.located(), fast.located());
        if (!hex.equals("E2 82") && !hex.equals("F0 9F 98")) {
            assertTrue(whole.getMessage().startsWith("is not a text file"), whole.located());
        }
    }

    @Test
    void aByteOrderMarkIsDroppedAsOnTheExactPath() {
        byte[] bytes = concat(hex("EF BB BF"), list(List.of(pod("a", "p", "x"))).getBytes(StandardCharsets.UTF_8));
        writeBytes("bom.json", bytes);
        assertEquals(digests(digestingStdin(bytes)), digests(digesting("bom.json")));
        writeBytes("bom-bad.json", concat(hex("EF BB BF"), "{\"kind\": 5}".getBytes(StandardCharsets.UTF_8)));
        InputException whole = fails("bom-bad.json");
        assertEquals(whole.located(), assertThrows(InputException.class, () -> digesting("bom-bad.json")).located());
        assertEquals(1, whole.line());
    }

    @Test
    void theFastPathKeepsNothingOfAnAttemptThatStopped() {
        // The second pod is larger than the object limit in bytes but not in characters: the fast path (which counts
        // bytes) stops after digesting the first pod, and the exact path reads the file whole, each pod once.
        String wide = "€".repeat(300);
        String text = list(List.of(pod("a", "p1", "x"), pod("a", "p2", wide)));
        write("ok.json", text);
        int chars = pod("a", "p2", wide).length();
        InventoryReader.Options tight = options().withObjectLimits(100_000, chars + 10, 100_000);
        InventoryCollector collector = new InventoryCollector(RECORD);
        assertFalse(FastJsonFile.read(new com.fasterxml.jackson.core.JsonFactory(), dir.resolve("ok.json"), "ok.json",
                true, ManifestFiles.Format.JSON, tight, collector, null), "the fast path stopped");
        Inventory read = new InventoryReader(tight).read(List.of("ok.json"), InputStream.nullInputStream(), RECORD);
        assertEquals(List.of("Pod a/p1 @ 2 sa=app", "Pod a/p2 @ 3 sa=app"), digests(read));
    }

    @Test
    void aSourceIsTheLineOfItsItemOnBothPaths() {
        String text = list(List.of(pod("a", "p1", "ä"), pod("a", "p2", "€")));
        write("l.json", text);
        List<Integer> fast = kept((r, keep) -> r.read(List.of("l.json"), InputStream.nullInputStream(), keep));
        List<Integer> exact = kept((r, keep) -> r.read(List.of("-"),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), keep));
        assertEquals(exact, fast);
        assertEquals(List.of(2, 3), fast.stream().distinct().toList());
    }

    /** The lines of the objects a digester that keeps everything whole was given, sorted. */
    private List<Integer> kept(java.util.function.BiFunction<InventoryReader, WorkloadDigester, Inventory> reading) {
        List<Sourced<HasMetadata>> kept = new ArrayList<>();
        WorkloadDigester keep = o -> {
            synchronized (kept) {
                kept.add(new Sourced<>(o.object(), o.source()));
            }
            return Optional.empty();
        };
        reading.apply(new InventoryReader(options()), keep);
        return kept.stream().map(s -> s.source().line()).sorted().toList();
    }

    /** The token volume's name the pod key writes the same for every pod: the API server's generated form only. */
    @Test
    void onlyTheGeneratedTokenVolumeNameIsMadeTheSame() {
        assertTrue(ObjectCapture.isTokenVolume("kube-api-access-ab12z"));
        assertTrue(ObjectCapture.isTokenVolume("kube-api-access-00000"));
        for (String other : List.of("kube-api-access-AB12z", "kube-api-access-ab12", "kube-api-access-ab12zz",
                "xkube-api-access-ab12z", "kube-api-access-ab-2z", "kube-api-access", "kube-api-accessXab12z")) {
            assertFalse(ObjectCapture.isTokenVolume(other), other);
        }
    }

    private static byte[] hex(String hex) {
        String[] parts = hex.split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
