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
    void redactsSortsAndReadsBack() throws Exception {
        Inventory inventory = read(INPUT);
        String yaml = InventoryWriter.yaml(inventory);
        assertFalse(yaml.contains("s3cret"), yaml);
        assertFalse(yaml.contains("managedFields"), yaml);
        assertTrue(yaml.contains("valueFrom"), yaml);
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
}
