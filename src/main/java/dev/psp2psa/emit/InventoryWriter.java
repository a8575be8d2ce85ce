package dev.psp2psa.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psp2psa.format.Yaml;
import dev.psp2psa.input.IoErrors;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Sourced;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes an inventory as one {@code kind: List} YAML ({@code apiVersion: v1}) that {@code input.InventoryReader} reads
 * back, so a run against a live cluster can be repeated offline ({@code --save-inventory}).
 *
 * <p>Items are sorted by kind, namespace and name. Environment variable {@code value}s (of every {@code env} list,
 * in every container of every pod and template) are replaced by {@value #REDACTED} ({@code valueFrom} is kept),
 * the {@code kubectl.kubernetes.io/last-applied-configuration} annotation (which repeats them) likewise, and
 * {@code metadata.managedFields} is dropped. Secrets are never in an inventory. The file is written next to its
 * destination and moved into place, so it is either complete or not there.
 */
public final class InventoryWriter {

    /** What environment variable values are replaced by. */
    public static final String REDACTED = "<redacted by psp2psa>";

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private InventoryWriter() {
    }

    /** The inventory as a {@code kind: List} YAML document. */
    public static String yaml(Inventory inventory) {
        List<Sourced<HasMetadata>> sorted = new ArrayList<>(inventory.objects());
        sorted.sort(Comparator.comparing((Sourced<HasMetadata> s) -> s.kind())
                .thenComparing(s -> s.namespace() == null ? "" : s.namespace())
                .thenComparing(Sourced::name));
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        for (Sourced<HasMetadata> s : sorted) {
            JsonNode node = Yaml.mapper().valueToTree(s.object());
            if (node instanceof ObjectNode object) {
                clean(object);
                items.add(object);
            }
        }
        return Yaml.write(list);
    }

    /** Writes {@link #yaml} to a file, all or nothing. */
    public static void write(Inventory inventory, Path file, String display) {
        String text = yaml(inventory);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".psp2psa-inventory-", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the first error is the one to report
                }
            }
            throw new UncheckedIOException(display + ": cannot be written (" + IoErrors.why(e) + ").", e);
        }
    }

    private static void clean(ObjectNode object) {
        JsonNode meta = object.get("metadata");
        if (meta instanceof ObjectNode m) {
            m.remove("managedFields");
            if (m.get("annotations") instanceof ObjectNode annotations && annotations.has(LAST_APPLIED)) {
                annotations.put(LAST_APPLIED, REDACTED);
            }
        }
        redact(object);
    }

    /** Replaces the {@code value} of every element of every {@code env} array, at any depth. */
    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("env") && field.getValue() instanceof ArrayNode env) {
                    for (JsonNode var : env) {
                        if (var instanceof ObjectNode v && v.has("value")) {
                            v.put("value", REDACTED);
                        }
                    }
                } else {
                    redact(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                redact(element);
            }
        }
    }
}
