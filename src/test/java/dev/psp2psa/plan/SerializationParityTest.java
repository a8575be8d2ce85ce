package dev.psp2psa.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.psp2psa.format.Json;
import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.pss.Version;
import dev.psp2psa.report.PlanJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One cluster gives one report whatever its serialization: the JSON reader (which streams {@code kubectl get -o
 * json} output and skips what no check reads) digests every pod as the YAML reader does. Every sample and every
 * upstream PSA conformance fixture is read both ways and compared.
 */
class SerializationParityTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONFORMANCE = Path.of("..", "shared", "conformance", "pod-security-admission");

    /** Every YAML document under the directory, in path order. */
    private static List<JsonNode> documents(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .toList();
        }
        for (Path f : files) {
            try (var parser = YAML.getFactory().createParser(f.toFile())) {
                for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext();) {
                    JsonNode doc = it.next();
                    if (doc != null && doc.isObject()) {
                        out.add(doc);
                    }
                }
            }
        }
        return out;
    }

    /** The documents as {@code kubectl get -o json} writes them: one List. */
    private static Path asJsonList(List<JsonNode> docs, Path file) throws IOException {
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", "v1");
        ArrayNode items = list.putArray("items");
        docs.forEach(items::add);
        list.put("kind", "List");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list));
        return file;
    }

    /** What the plan says of every namespace and of the default class: levels, tightenings, gaps, fields to add. */
    @SuppressWarnings("unchecked")
    private static String namespaces(Inventory inv, Version v) {
        Map<String, Object> model = PlanJson.model(PlanBuilder.standard().build(inv,
                new PlanRequest(v, new TreeSet<String>(), false)));
        Map<String, Object> kept = new TreeMap<>();
        kept.put("namespaces", new ArrayList<>((List<Object>) model.get("namespaces")));
        kept.put("defaultClass", model.get("defaultClass"));
        kept.put("inputDoubts", model.get("inputDoubts"));
        return Json.write(kept);
    }

    @ParameterizedTest
    @ValueSource(strings = {"samples/multi-tenant", "samples/cluster", "samples/authenticated-privileged",
        "samples/failing-pods", "src/test/resources/dev/psp2psa/real/copied-restricted",
        "src/test/resources/dev/psp2psa/real/eks", "src/test/resources/dev/psp2psa/real/flannel",
        "src/test/resources/dev/psp2psa/real/gce"})
    void everySampleGivesOnePlanAsYamlAndAsJson(String sample, @TempDir Path tmp) throws IOException {
        Path dir = Path.of(sample);
        assertTrue(Files.isDirectory(dir), dir.toString());
        List<JsonNode> docs = documents(dir);
        Path json = asJsonList(docs, tmp.resolve("all.json"));
        for (Version v : List.of(Version.NEWEST, Version.of(34), Version.of(24))) {
            Inventory fromYaml = new InventoryReader().read(List.of(dir.toString()), InputStream.nullInputStream(),
                    WorkloadDigests.standard(v));
            Inventory fromJson = new InventoryReader().read(List.of(json.toString()), InputStream.nullInputStream(),
                    WorkloadDigests.standard(v));
            assertEquals(fromYaml.digests().size(), fromJson.digests().size(), sample);
            assertEquals(namespaces(fromYaml, v), namespaces(fromJson, v), sample + " at " + v);
        }
    }

    /**
     * Every conformance fixture, at its own version, as YAML and inside a JSON List: the same verdict. The probe and
     * lifecycle fixtures of {@code hostProbesAndHostLifecycle} (v1.34) are among them.
     */
    @Test
    void everyConformanceFixtureGetsOneVerdictAsYamlAndAsJson(@TempDir Path tmp) throws IOException {
        Map<String, List<Path>> byVersion = new TreeMap<>();
        try (Stream<Path> s = Files.walk(CONFORMANCE)) {
            s.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .forEach(f -> byVersion.computeIfAbsent(f.getParent().getParent().getFileName().toString(),
                            k -> new ArrayList<>()).add(f));
        }
        assertTrue(byVersion.size() > 10, byVersion.keySet().toString());
        int compared = 0;
        boolean probes = false;
        for (Map.Entry<String, List<Path>> e : byVersion.entrySet()) {
            Version v = Version.parse(e.getKey());
            Path dir = Files.createDirectories(tmp.resolve(e.getKey()));
            List<JsonNode> docs = new ArrayList<>();
            for (Path f : new TreeSet<>(e.getValue())) {
                JsonNode doc = YAML.readTree(f.toFile());
                // One namespace per fixture file, so each pod is told apart by namespace and name.
                String ns = f.getParent().getParent().getParent().getFileName() + "-"
                        + f.getParent().getFileName() + "-" + f.getFileName().toString().replace(".yaml", "")
                                .replace('_', '-');
                ObjectNode meta = (ObjectNode) doc.get("metadata");
                meta.put("namespace", ns);
                // Upstream names some fixture pods as no API server would (capabilities_baseline0).
                meta.put("name", meta.get("name").asText().replace('_', '-'));
                docs.add(doc);
                probes |= doc.toString().contains("Probe");
            }
            Path yaml = dir.resolve("pods.yaml");
            StringBuilder sb = new StringBuilder();
            for (JsonNode d : docs) {
                sb.append("---\n").append(YAML.writeValueAsString(d).replaceFirst("^---\n", ""));
            }
            Files.writeString(yaml, sb.toString());
            Path json = asJsonList(docs, dir.resolve("pods.json"));
            Map<String, String> fromYaml = verdicts(yaml, v);
            Map<String, String> fromJson = verdicts(json, v);
            assertFalse(fromYaml.isEmpty());
            assertEquals(fromYaml.keySet(), fromJson.keySet(), "fixtures of " + e.getKey());
            for (String pod : fromYaml.keySet()) {
                assertEquals(fromYaml.get(pod), fromJson.get(pod), pod + " at " + e.getKey());
            }
            compared += fromYaml.size();
        }
        assertTrue(probes, "the fixtures include probes");
        assertTrue(compared > 4000, "compared " + compared);
    }

    private static Map<String, String> verdicts(Path file, Version v) {
        Inventory inv = new InventoryReader().read(List.of(file.toString()), InputStream.nullInputStream(),
                WorkloadDigests.standard(v));
        Map<String, String> out = new TreeMap<>();
        for (WorkloadDigest d : inv.digests()) {
            PodDigest p = (PodDigest) d;
            out.put(p.namespace() + "/" + p.name(), p.verdict().tightest() + " "
                    + new TreeSet<>(p.verdict().baselineFailures()) + " " + new TreeSet<>(p.verdict().restrictedFailures()));
        }
        return out;
    }
}
