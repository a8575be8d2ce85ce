package dev.psp2psa.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One YAML document of a migration directory: the file as the user can find it, the document's first line, and its
 * content. The accessors turn a missing or mistyped field into an {@link InputException} naming the file and line.
 */
public record PolicyDocument(String file, int line, JsonNode node) {

    public String kind() {
        return node.path("kind").asText("");
    }

    public String name() {
        return node.path("metadata").path("name").asText("");
    }

    public InputException error(String message) {
        return new InputException(file, line, 0, message);
    }

    /** The object at the dotted path, or a missing node; an error when it is present and not an object. */
    public JsonNode object(JsonNode from, String path, String shown) {
        JsonNode n = at(from, path);
        if (!n.isMissingNode() && !n.isNull() && !n.isObject()) {
            throw error("field " + shown + " of " + kind() + " \"" + name() + "\" must be an object.");
        }
        return n;
    }

    /** The list at the dotted path (empty when absent); an error when it is not a list. */
    public List<JsonNode> list(JsonNode from, String path, String shown) {
        JsonNode n = at(from, path);
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw error("field " + shown + " of " + kind() + " \"" + name() + "\" must be a list.");
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    /** The string at the dotted path, or null when absent; an error when it is not a string. */
    public String string(JsonNode from, String path, String shown) {
        JsonNode n = at(from, path);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw error("field " + shown + " of " + kind() + " \"" + name() + "\" must be a string.");
        }
        return n.asText();
    }

    /** The string at the dotted path; an error when it is absent or empty. */
    public String required(JsonNode from, String path, String shown) {
        String s = string(from, path, shown);
        if (s == null || s.isEmpty()) {
            throw error(kind() + " \"" + name() + "\" has no " + shown + ".");
        }
        return s;
    }

    /**
     * Refuses the fields of {@code node} that are not {@code allowed}: psp2psa evaluates only the fields it writes, and
     * a field it cannot evaluate is an error, never ignored.
     */
    public void only(JsonNode node, java.util.Set<String> allowed, String shown) {
        if (!node.isObject()) {
            return;
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw error("field " + shown + "." + f + " of " + kind() + " \"" + name()
                        + "\" cannot be evaluated by psp2psa (it writes none).");
            }
        });
    }

    /** The strings of the list at the dotted path. */
    public List<String> strings(JsonNode from, String path, String shown) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list(from, path, shown)) {
            if (!n.isTextual()) {
                throw error("field " + shown + " of " + kind() + " \"" + name() + "\" must be a list of strings.");
            }
            out.add(n.asText());
        }
        return out;
    }

    private static JsonNode at(JsonNode from, String path) {
        JsonNode n = from;
        for (String part : path.split("\\.")) {
            if (n == null || !n.isObject()) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            n = n.path(part);
        }
        return n;
    }
}
