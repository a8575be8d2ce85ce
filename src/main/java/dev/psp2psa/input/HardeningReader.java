package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.psp2psa.inventory.Hardening;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code --hardening FILE} configuration (documented in docs/hardening.md):
 * <pre>
 * apiVersion: psp2psa.dev/v1
 * kind: Hardening
 * rules:
 * - rule: trustedRegistries
 *   namespaces: [shop]          # or ['*'] for every labelled namespace
 *   registries: [ghcr.io/example/]
 * </pre>
 */
public final class HardeningReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final long MAX_BYTES = 1024 * 1024;

    private HardeningReader() {
    }

    public static Hardening read(String file) {
        JsonNode rules = rules(file, parse(file));
        List<Hardening.Rule> out = new ArrayList<>();
        Set<Hardening.Kind> seen = new java.util.HashSet<>();
        int index = 0;
        for (JsonNode r : rules) {
            String where = "rules[" + index++ + "]";
            out.add(rule(file, where, r, seen));
        }
        return new Hardening(out);
    }

    /** The file's YAML tree, size-limited. */
    private static JsonNode parse(String file) {
        Path path = Path.of(file);
        try {
            if (!Files.isRegularFile(path)) {
                throw new InputException(file, 0, 0, "no such file.");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw new InputException(file, 0, 0, "is larger than 1 MiB, which no hardening file needs.");
            }
            return YAML.readTree(Files.readString(path, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new InputException(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    "is not valid YAML: " + e.getOriginalMessage().split("\n")[0] + ".");
        } catch (IOException e) {
            throw new InputException(file, 0, 0, "cannot be read (" + IoErrors.why(e) + ").", e);
        }
    }

    /** The rules list of a document with the Hardening apiVersion and kind. */
    private static JsonNode rules(String file, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InputException(file, 0, 0, "must be a mapping with apiVersion, kind and rules.");
        }
        if (!"psp2psa.dev/v1".equals(root.path("apiVersion").asText()) || !"Hardening".equals(root.path("kind").asText())) {
            throw new InputException(file, 0, 0, "must have apiVersion: psp2psa.dev/v1 and kind: Hardening.");
        }
        JsonNode rules = root.path("rules");
        if (!rules.isArray() || rules.isEmpty()) {
            throw new InputException(file, 0, 0, "must list at least one rule under rules.");
        }
        return rules;
    }

    /** One entry of the rules list: its kind (not one of {@code seen}), namespaces and values, no other field. */
    private static Hardening.Rule rule(String file, String where, JsonNode r, Set<Hardening.Kind> seen) {
        String key = r.path("rule").asText("");
        Hardening.Kind kind = Hardening.Kind.byKey(key).orElseThrow(() -> new InputException(file, 0, 0,
                where + ": unknown rule '" + key + "'; expected one of " + String.join(", ",
                        java.util.Arrays.stream(Hardening.Kind.values()).map(Hardening.Kind::key).toList()) + "."));
        if (!seen.add(kind)) {
            throw new InputException(file, 0, 0, where + ": rule " + key + " is given twice.");
        }
        List<String> namespaces = strings(file, where + ".namespaces", r.path("namespaces"));
        if (namespaces.isEmpty()) {
            throw new InputException(file, 0, 0, where + ": namespaces must list namespaces, or '*'.");
        }
        String valuesKey = switch (kind) {
            case TRUSTED_REGISTRIES -> "registries";
            case REQUIRE_RESOURCE_LIMITS -> "resources";
            default -> null;
        };
        List<String> values = valuesKey == null ? List.of() : strings(file, where + "." + valuesKey,
                r.path(valuesKey));
        if (kind == Hardening.Kind.TRUSTED_REGISTRIES && values.isEmpty()) {
            throw new InputException(file, 0, 0, where + ": trustedRegistries needs registries.");
        }
        Iterator<String> fields = r.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (!f.equals("rule") && !f.equals("namespaces") && !f.equals(valuesKey)) {
                throw new InputException(file, 0, 0, where + ": unknown field '" + f + "' for rule " + key + ".");
            }
        }
        return new Hardening.Rule(kind, namespaces, values);
    }

    private static List<String> strings(String file, String where, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InputException(file, 0, 0, where + " must be a list of strings.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new InputException(file, 0, 0, where + " must be a list of non-empty strings.");
            }
            out.add(n.asText().trim());
        }
        return out;
    }
}
