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
import java.util.List;

/**
 * Writes an inventory as one {@code kind: List} YAML ({@code apiVersion: v1}) that {@code input.InventoryReader} reads
 * back, so a run against a live cluster can be repeated offline ({@code --save-inventory}).
 *
 * <p>Items are sorted by kind, namespace and name, and hold only what some psp2psa command reads of their kind
 * ({@link InventoryFields}, an allow-list): environment variables, commands, probe headers, other annotations and
 * labels never leave the cluster. Secrets are never in an inventory. The file is written next to its destination
 * and moved into place, so it is either complete or not there.
 */
public final class InventoryWriter {

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
                ObjectNode kept = InventoryFields.keep(object);
                if (kept != null) {
                    items.add(kept);
                }
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

}
