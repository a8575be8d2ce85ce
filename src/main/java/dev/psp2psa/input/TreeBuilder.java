package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Jackson trees from a streaming parser, one value at a time, recording where every member was
 * ({@link Locations}).
 *
 * <p>Jackson's YAML parser reads SnakeYAML's events and does not expand aliases (it reports {@code *x} as the
 * string {@code "x"}), so this class resolves them: an alias stands for the node its anchor named (shared, not
 * copied), only anchors defined before the alias count (so a node cannot contain itself), and per document at most
 * {@code maxAliases} aliases and at most {@code maxAliasNodes} nodes reached through aliases are allowed. That stops
 * "billion laughs" documents after a few hundred nodes, in bounded memory. YAML merge keys ({@code <<: *x}) are
 * applied as YAML 1.1 (and Kubernetes' own YAML reader) define them: keys written in the mapping win, then earlier
 * merged mappings win over later ones. A key written twice in a mapping is an error, as it is for kubectl.
 *
 * <p>Every Kubernetes object it reads ({@link #readObjectRoot}) is held to the {@link Limits} on its size in text and
 * in values (the members a hook consumes, such as a List's items, are not the object's), and every string to the
 * limit on one value; the limits are checked as the tree grows, so that a huge object fails before it fills memory.
 */
final class TreeBuilder {

    /** Deeper than any Kubernetes object, shallow enough for the stack. */
    static final int MAX_DEPTH = InputLimits.MAX_DEPTH;

    /** Hook for the members of the root mapping: returns true when it consumed the member's value itself. */
    interface FieldHook {
        boolean consume(String name, long keyLocation, JsonParser parser) throws IOException;
    }

    private record Anchored(JsonNode node, long size) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final boolean yaml;
    private final Limits limits;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private final boolean prune;
    private int aliases;
    private long aliasNodes;
    private long nodes;
    // The object being read: its first character (-1 when unknown), its place, the nodes read before it.
    private long objectStart = -1;
    private long objectWhere;
    private long objectNodes;

    /**
     * @param prune skip, without building them, the members of Kubernetes objects that nothing in a digesting run
     *              reads (see {@link Prune}); only for JSON, where no anchor can hide in a skipped value
     */
    TreeBuilder(String file, boolean yaml, Limits limits, boolean prune) {
        this.file = file;
        this.yaml = yaml;
        this.prune = prune && !yaml;
        this.limits = limits;
    }

    /** Anchors and alias budgets are per document. */
    void startDocument() {
        anchors.clear();
        aliases = 0;
        aliasNodes = 0;
    }

    boolean isAlias(JsonParser p) {
        return yaml && ((YAMLParser) p).isCurrentAlias();
    }

    /** Reads the value whose first token is the parser's current token; leaves the parser on its last token. */
    JsonNode read(JsonParser p, Locations locations, int depth) throws IOException {
        return read(p, locations, depth, null);
    }

    /**
     * Reads a Kubernetes object (a document, or an item of a List), pruned when this builder prunes, within the limits
     * on one object.
     */
    JsonNode readObjectRoot(JsonParser p, Locations locations, int depth, FieldHook hook) throws IOException {
        long start = objectStart;
        long where = objectWhere;
        long before = objectNodes;
        objectStart = offset(p);
        objectWhere = Locations.of(p.currentTokenLocation());
        objectNodes = nodes;
        try {
            return read(p, locations, depth, hook, prune ? Prune.ROOT : Prune.NONE);
        } finally {
            objectStart = start;
            objectWhere = where;
            objectNodes = before;
        }
    }

    /** Where the current token starts, in characters (YAML: code points) from the start of the input; -1 unknown. */
    private long offset(JsonParser p) {
        if (!yaml && p instanceof com.fasterxml.jackson.core.base.ParserBase base) {
            return base.getTokenCharacterOffset();
        }
        return p.currentTokenLocation().getCharOffset();
    }

    /** Fails when the object being read has grown past its limits ({@code adding}: a value starts here). */
    private void checkObject(JsonParser p, boolean adding) {
        if (objectStart < 0) {
            return;
        }
        if (nodes - objectNodes + (adding ? 1 : 0) > limits.maxObjectValues()) {
            throw error(objectWhere, limits.tooManyValues());
        }
        long at = offset(p);
        // YAML offsets are ints that wrap after 2^31 code points; differences stay right.
        long size = yaml ? (int) (at - objectStart) : at - objectStart;
        if (at >= 0 && size > limits.maxObjectChars()) {
            throw error(objectWhere, limits.objectTooLarge());
        }
    }

    /** Leaves out of the object's size what a hook read on its behalf (the items of a List). */
    private void discount(long from, long to, long nodesBefore) {
        if (objectStart >= 0 && from >= 0 && to >= 0) {
            objectStart += yaml ? (int) (to - from) : to - from;
        }
        objectNodes += nodes - nodesBefore;
    }

    /** Like {@link #read(JsonParser, Locations, int)}, with a hook for the members of a mapping at this level. */
    JsonNode read(JsonParser p, Locations locations, int depth, FieldHook hook) throws IOException {
        return read(p, locations, depth, hook, Prune.NONE);
    }

    /**
     * Where a value is in a Kubernetes object, for pruning: the members that no PSS check, PSP rule or RBAC rule
     * reads and that make up most of the bytes of a {@code kubectl get pods -o json}: the object's {@code status},
     * {@code metadata.managedFields}, the scheduling fields of pod specs ({@code tolerations}, {@code affinity},
     * {@code topologySpreadConstraints}) and the environment, commands and resources of containers. Probes and
     * lifecycle hooks are kept: {@code hostProbesAndHostLifecycle} reads their {@code host} (v1.34+), so a pod gets
     * the verdict it gets from YAML.
     */
    enum Prune {
        NONE, ROOT, METADATA, SPEC, CONTAINERS, CONTAINER;

        /** The place of the member {@code name} of an object here; {@code null} when it is skipped. */
        Prune member(String name) {
            return switch (this) {
                case NONE, CONTAINERS -> NONE;
                case ROOT -> switch (name) {
                    case "status" -> null;
                    case "metadata" -> METADATA;
                    case "spec" -> SPEC;
                    default -> NONE;
                };
                case METADATA -> name.equals("managedFields") ? null : NONE;
                case SPEC -> switch (name) {
                    case "tolerations", "affinity", "topologySpreadConstraints" -> null;
                    case "containers", "initContainers", "ephemeralContainers" -> CONTAINERS;
                    default -> SPEC;
                };
                case CONTAINER -> switch (name) {
                    case "env", "envFrom", "command", "args", "resources" -> null;
                    default -> NONE;
                };
            };
        }

        /** The place of the elements of a list here. */
        Prune element() {
            return this == CONTAINERS ? CONTAINER : this == SPEC ? SPEC : NONE;
        }
    }

    private JsonNode read(JsonParser p, Locations locations, int depth, FieldHook hook, Prune prune)
            throws IOException {
        if (isAlias(p)) {
            return alias(p);
        }
        String anchor = yaml ? anchor(p) : null;
        checkObject(p, true);
        long before = nodes;
        JsonNode node = switch (p.currentToken()) {
            case START_OBJECT -> readObject(p, locations, depth, hook, prune);
            case START_ARRAY -> readArray(p, locations, depth, prune);
            case VALUE_STRING -> text(p);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p);
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            case VALUE_EMBEDDED_OBJECT -> embedded(p);
            default -> throw error(Locations.of(p.currentTokenLocation()),
                    "unexpected " + p.currentToken() + " in the document.");
        };
        if (!node.isContainerNode()) {
            nodes++;
        }
        if (anchor != null) {
            anchors.put(anchor, new Anchored(node, nodes - before));
        }
        return node;
    }

    @SuppressWarnings("deprecation") // getCurrentAnchor() is the only accessor that returns the String directly.
    private static String anchor(JsonParser p) {
        return ((YAMLParser) p).getCurrentAnchor();
    }

    private JsonNode alias(JsonParser p) throws IOException {
        long where = Locations.of(p.currentTokenLocation());
        String name = p.getText();
        Anchored target = anchors.get(name);
        if (target == null) {
            throw error(where, "the YAML alias *" + clip(name) + " refers to no anchor defined before it.");
        }
        if (++aliases > limits.maxAliases()) {
            throw error(where, "the document uses more than " + limits.maxAliases()
                    + " YAML aliases, which looks like an alias bomb (\"billion laughs\").");
        }
        aliasNodes += target.size();
        nodes += target.size();
        if (aliasNodes > limits.maxAliasNodes()) {
            throw error(where, "YAML aliases in the document expand to more than " + limits.maxAliasNodes()
                    + " nodes, which looks like an alias bomb (\"billion laughs\").");
        }
        return target.node();
    }

    private ObjectNode readObject(JsonParser p, Locations locations, int depth, FieldHook hook, Prune prune)
            throws IOException {
        checkDepth(p, depth);
        ObjectNode object = NODES.objectNode();
        nodes++;
        List<ObjectNode> merges = null;
        long mergeLocation = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            long keyLocation = Locations.of(p.currentTokenLocation());
            p.nextToken();
            if (object.has(name)) {
                throw error(keyLocation, "the key \"" + clip(name) + "\" appears twice in the same mapping.");
            }
            long from = hook == null ? -1 : offset(p);
            long nodesBefore = nodes;
            if (hook != null && hook.consume(name, keyLocation, p)) {
                discount(from, offset(p), nodesBefore);
                continue;
            }
            Prune place = prune.member(name);
            if (place == null) {
                p.skipChildren();
                continue;
            }
            JsonNode value = read(p, locations, depth + 1, null, place);
            if (yaml && name.equals("<<")) {
                if (merges == null) {
                    merges = new ArrayList<>();
                    mergeLocation = keyLocation;
                }
                addMerge(merges, value, keyLocation);
                continue;
            }
            object.set(name, value);
            locations.putField(object, name, keyLocation);
        }
        checkObject(p, false);
        if (merges != null) {
            for (ObjectNode merged : merges) {
                for (Map.Entry<String, JsonNode> e : merged.properties()) {
                    if (!object.has(e.getKey())) {
                        object.set(e.getKey(), e.getValue());
                        locations.copyField(merged, e.getKey(), object, mergeLocation);
                    }
                }
            }
        }
        return object;
    }

    private void addMerge(List<ObjectNode> merges, JsonNode value, long where) {
        if (value instanceof ObjectNode o) {
            merges.add(o);
            return;
        }
        if (value instanceof ArrayNode a) {
            boolean all = true;
            for (JsonNode e : a) {
                all &= e instanceof ObjectNode;
            }
            if (all) {
                for (JsonNode e : a) {
                    merges.add((ObjectNode) e);
                }
                return;
            }
        }
        throw error(where, "the YAML merge key << needs a mapping or a list of mappings.");
    }

    private ArrayNode readArray(JsonParser p, Locations locations, int depth, Prune prune) throws IOException {
        checkDepth(p, depth);
        ArrayNode array = NODES.arrayNode();
        nodes++;
        Prune place = prune.element();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            long where = Locations.of(p.currentTokenLocation());
            array.add(read(p, locations, depth + 1, null, place));
            locations.addElement(array, where);
        }
        checkObject(p, false);
        return array;
    }

    private void checkDepth(JsonParser p, int depth) {
        if (depth > MAX_DEPTH) {
            throw error(Locations.of(p.currentTokenLocation()),
                    "the document is nested more than " + MAX_DEPTH + " levels deep.");
        }
    }

    /** A string, within the limit on one value (JSON parsers enforce it themselves, YAML's here). */
    private JsonNode text(JsonParser p) throws IOException {
        String text = p.getText();
        if (text.length() > limits.maxValueChars()) {
            throw error(Locations.of(p.currentTokenLocation()), limits.valueTooLong());
        }
        return TextNode.valueOf(text);
    }

    private static JsonNode number(JsonParser p) throws IOException {
        try {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                return DoubleNode.valueOf(p.getDoubleValue());
            }
            return switch (p.getNumberType()) {
                case INT -> IntNode.valueOf(p.getIntValue());
                case LONG -> LongNode.valueOf(p.getLongValue());
                default -> BigIntegerNode.valueOf(p.getBigIntegerValue());
            };
        } catch (JsonProcessingException | NumberFormatException e) {
            // A YAML plain scalar that looks like a number but is not one Jackson can represent: keep its text.
            return TextNode.valueOf(p.getText());
        }
    }

    private static JsonNode embedded(JsonParser p) throws IOException {
        Object o = p.getEmbeddedObject();
        if (o instanceof byte[] b) {
            return BinaryNode.valueOf(b);
        }
        return o == null ? NullNode.getInstance() : TextNode.valueOf(p.getText());
    }

    private InputException error(long where, String message) {
        return new InputException(file, Locations.line(where), Locations.column(where), message);
    }

    /** Keys and anchor names go into messages; long ones are cut so that no large piece of content does. */
    static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
