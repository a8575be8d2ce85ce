package dev.psp2psa.emit;

import dev.psp2psa.input.InventoryReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Sourced;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryWriterTest {

    @TempDir
    Path dir;

    private static final String INPUT = String.join("\n",
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata:",
            "  name: web",
            "  namespace: b",
            "  annotations:",
            "    kubectl.kubernetes.io/last-applied-configuration: '{\"env\":[{\"value\":\"s3cret\"}]}'",
            "  managedFields: [{manager: kubectl, operation: Apply}]",
            "spec:",
            "  selector: {matchLabels: {app: web}}",
            "  template:",
            "    metadata: {labels: {app: web}}",
            "    spec:",
            "      initContainers: [{name: init, image: busybox, env: [{name: A, value: s3cret}]}]",
            "      containers:",
            "      - name: app",
            "        image: nginx",
            "        env:",
            "        - {name: TOKEN, value: s3cret}",
            "        - name: FROM",
            "          valueFrom: {secretKeyRef: {name: s, key: k}}",
            "---",
            "apiVersion: v1",
            "kind: Namespace",
            "metadata: {name: b}",
            "---",
            "apiVersion: v1",
            "kind: Namespace",
            "metadata: {name: a}",
            "");

    private static Inventory read(String yaml) {
        InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
        return new InventoryReader().read(List.of("-"), in);
    }

    @Test
    void keepsWhatIsReadSortsAndReadsBack() throws Exception {
        Inventory inventory = read(INPUT);
        String yaml = InventoryWriter.yaml(inventory);
        assertFalse(yaml.contains("s3cret"), yaml);
        assertFalse(yaml.contains("managedFields"), yaml);
        assertFalse(yaml.contains("env"), "environment variables are not read, so not kept: " + yaml);
        assertTrue(yaml.indexOf("kind: Deployment") < yaml.indexOf("name: a"), "sorted by kind");
        assertTrue(yaml.indexOf("name: a") < yaml.indexOf("name: b\n"), "then by name");

        List<Sourced<HasMetadata>> shuffled = new ArrayList<>(inventory.objects());
        Collections.reverse(shuffled);
        assertEquals(yaml, InventoryWriter.yaml(new Inventory(shuffled, new TreeMap<>())), "deterministic");

        Path file = dir.resolve("inventory.yaml");
        InventoryWriter.write(inventory, file, "inventory.yaml");
        assertEquals(yaml, Files.readString(file));
        Inventory back = new InventoryReader().read(List.of(file.toString()), InputStream.nullInputStream());
        assertEquals(3, back.objects().size());
        assertEquals(yaml, InventoryWriter.yaml(back), "a fixed point");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    /** What the inventory keeps is all the plan reads: a sample planned from its saved inventory plans the same. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"samples/cluster", "samples/multi-tenant",
        "samples/authenticated-privileged", "src/test/resources/dev/psp2psa/real/gce",
        "src/test/resources/dev/psp2psa/cli/cluster-wide"})
    void aSavedInventoryPlansAsItsInput(String sample) throws Exception {
        Inventory inventory = new InventoryReader().read(List.of(sample), InputStream.nullInputStream());
        Path file = dir.resolve("inventory.yaml");
        InventoryWriter.write(inventory, file, "inventory.yaml");
        Inventory back = new InventoryReader().read(List.of(file.toString()), InputStream.nullInputStream());
        dev.psp2psa.plan.PlanRequest request = new dev.psp2psa.plan.PlanRequest(dev.psp2psa.pss.Version.NEWEST,
                new java.util.TreeSet<String>(), false);
        java.util.Map<String, Object> a = dev.psp2psa.report.PlanJson.model(
                dev.psp2psa.plan.PlanBuilder.standard().build(inventory, request));
        java.util.Map<String, Object> b = dev.psp2psa.report.PlanJson.model(
                dev.psp2psa.plan.PlanBuilder.standard().build(back, request));
        for (String key : List.of("namespaces", "defaultClass", "users", "inputDoubts")) {
            // Workloads are listed in input order, which the inventory's kind order changes: compare as sets.
            assertEquals(sorted(a.get(key)), sorted(b.get(key)), sample + ": " + key);
        }
    }

    /** The value as JSON text with every list sorted, at any depth. */
    private static String sorted(Object value) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        return m.writeValueAsString(sort(m.readTree(dev.psp2psa.format.Json.write(value))));
    }

    private static com.fasterxml.jackson.databind.JsonNode sort(com.fasterxml.jackson.databind.JsonNode n) {
        if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.properties().forEach(e -> e.setValue(sort(e.getValue())));
            return o;
        }
        if (n instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            List<com.fasterxml.jackson.databind.JsonNode> items = new ArrayList<>();
            a.forEach(e -> items.add(sort(e)));
            items.sort(java.util.Comparator.comparing(com.fasterxml.jackson.databind.JsonNode::toString));
            a.removeAll();
            items.forEach(a::add);
        }
        return n;
    }
}
