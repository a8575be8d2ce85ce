package dev.psp2psa.input;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psp2psa.inventory.KubernetesNames;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one parsed object (a tree with {@link Locations}) into a typed fabric8 object, or counts it as skipped, or
 * explains in one sentence, at the right line and column, why it cannot be read.
 *
 * <p>Objects of kinds psp2psa does not read are looked at only for their {@code kind} and {@code apiVersion}: their
 * content is never converted, kept or quoted. Messages never quote values at all (only kinds, names, field paths
 * and the types involved), and exceptions carry no cause whose message could quote them.
 */
final class ObjectConverter {

    /** Receives what was read: typed objects and the keys of skipped ones. */
    interface Sink {
        void object(HasMetadata object, Source source, Kinds.Spec spec);

        /** An object that was digested as it was read (see {@link #digester()}) and is not kept. */
        void digested(WorkloadDigest digest, Kinds.Spec spec);

        void skipped(String key);

        /** What digests objects that hold pods as they are read, or {@code null}. */
        WorkloadDigester digester();
    }

    /**
     * Unknown fields are ignored (fabric8 keeps them as additional properties); numbers are not booleans and
     * fractions are not integers, as for the Kubernetes API server. A null field ({@code null}, {@code ~} or an empty
     * value in YAML) is an absent field, and a null element of a list or value of a map is the zero value of its type
     * (an empty object, {@code ""}, 0, false), as the API server's JSON decoder reads them.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultSetterInfo(JsonSetter.Value.construct(Nulls.SKIP, Nulls.AS_EMPTY))
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Boolean,
                    c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    private final String file;

    ObjectConverter(String file) {
        this.file = file;
    }

    /**
     * Handles one object of a document, or of the {@code items} of a List (recursively for nested Lists).
     *
     * @param subject how messages name the object: {@code object}, or {@code items[3]} inside a List
     */
    void handle(ObjectNode node, Locations locations, long where, String subject, Sink sink) {
        String kind = text(node, "kind", locations, where, subject, "kind");
        if (isList(kind, node)) {
            handleItems(node, locations, where, subject, sink);
            return;
        }
        String apiVersion = text(node, "apiVersion", locations, where, subject, kind);
        Optional<Kinds.Spec> spec = Kinds.lookup(kind, apiVersion);
        if (spec.isEmpty()) {
            sink.skipped(Kinds.skippedKey(kind, apiVersion));
            return;
        }
        HasMetadata object = convert(node, locations, where, spec.get());
        ObjectMeta meta = object.getMetadata();
        if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
            long at = locations.field(node, "metadata");
            boolean generated = meta != null && meta.getGenerateName() != null && !meta.getGenerateName().isEmpty();
            throw error(at == 0 ? where : at, kind + " has no metadata.name"
                    + (generated ? " (metadata.generateName is not enough: psp2psa needs the name to refer to it)"
                            : "") + ".");
        }
        checkNames(node, locations, where, spec.get(), meta);
        object.setApiVersion(spec.get().apiVersion());
        sink.object(object, new Source(file, Locations.line(where)), spec.get());
    }

    /** The name, and the namespace of a namespaced kind, as the API server validates them. */
    private void checkNames(ObjectNode node, Locations locations, long where, Kinds.Spec spec, ObjectMeta meta) {
        JsonNode metadata = node.get("metadata");
        Optional<String> name = KubernetesNames.nameProblem(spec.kind(), meta.getName());
        if (name.isPresent()) {
            long at = locations.field(metadata, "name");
            throw error(at == 0 ? where : at, "metadata.name " + KubernetesNames.quote(meta.getName()) + " of a "
                    + spec.kind() + " is not a valid name: " + name.get() + ".");
        }
        String namespace = meta.getNamespace();
        Optional<String> ns = !spec.namespaced() || namespace == null || namespace.isEmpty() ? Optional.empty()
                : KubernetesNames.namespaceProblem(namespace);
        if (ns.isPresent()) {
            long at = locations.field(metadata, "namespace");
            throw error(at == 0 ? where : at, "metadata.namespace " + KubernetesNames.quote(namespace) + " of "
                    + spec.kind() + " " + KubernetesNames.quote(meta.getName()) + " is not a valid namespace name: "
                    + ns.get() + ".");
        }
    }

    /** Whether a captured item's name or namespace is one the API server rejects (or not known yet). */
    private static boolean badNames(Kinds.Spec spec, String name, String namespace) {
        return name == null || KubernetesNames.nameProblem(spec.kind(), name).isPresent()
                || spec.namespaced() && namespace != null && !namespace.isEmpty()
                && !KubernetesNames.isNamespaceName(namespace);
    }

    /** A kind ending in {@code List} with an {@code items} member, or plain {@code List}, as kubectl writes them. */
    static boolean isList(String kind, boolean hasItems) {
        return kind.equals("List") || (kind.endsWith("List") && hasItems);
    }

    private static boolean isList(String kind, ObjectNode node) {
        return isList(kind, node.has("items"));
    }

    private void handleItems(ObjectNode node, Locations locations, long where, String subject, Sink sink) {
        JsonNode items = node.get("items");
        if (items == null || items.isNull()) {
            return;
        }
        String prefix = subject.equals("object") ? "" : subject + ".";
        if (!(items instanceof ArrayNode array)) {
            long at = locations.field(node, "items");
            throw error(at == 0 ? where : at, prefix + "items must be a list, not " + describe(items) + ".");
        }
        for (int i = 0; i < array.size(); i++) {
            handleItem(array.get(i), locations.element(array, i), where, prefix + "items[" + i + "]", locations, sink);
        }
    }

    /**
     * An item of a List captured as tokens ({@link CapturedObject}): converted straight from its tokens when it is an
     * ordinary object of a kind psp2psa reads; everything else, and every problem, takes the ordinary way (the
     * tokens are replayed into a located tree by {@code replay}), so that messages are the same as for any object.
     */
    void handleCaptured(CapturedObject item, long itemWhere, String subject, Replay replay, Sink sink)
            throws IOException {
        String kind = item.kind();
        String apiVersion = item.apiVersion();
        if (item.unusual() || kind == null || kind.isEmpty() || apiVersion == null || apiVersion.isEmpty()
                || kind.endsWith("List")) {
            replay.run();
            return;
        }
        Optional<Kinds.Spec> spec = Kinds.lookup(kind, apiVersion);
        if (spec.isEmpty()) {
            sink.skipped(Kinds.skippedKey(kind, apiVersion));
            return;
        }
        if (badNames(spec.get(), item.name(), item.namespace())) {
            replay.run(); // for the message, at its place
            return;
        }
        WorkloadDigester digester = sink.digester();
        String podKey = digester != null && item.podKey() != null && item.name() != null && !item.name().isEmpty()
                ? item.podKey() : null;
        Source source = new Source(file, Locations.line(itemWhere));
        if (podKey != null) {
            Optional<WorkloadDigest> like = digester.digestLike(podKey, item.namespace(), item.name(), source);
            if (like.isPresent()) {
                sink.digested(like.get(), spec.get());
                return;
            }
        }
        HasMetadata object;
        try (com.fasterxml.jackson.core.JsonParser tokens = item.parser()) {
            object = MAPPER.readValue(tokens, spec.get().type());
        } catch (IOException | RuntimeException e) {
            replay.run();
            return;
        }
        ObjectMeta meta = object == null ? null : object.getMetadata();
        if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
            replay.run();
            return;
        }
        object.setApiVersion(spec.get().apiVersion());
        if (podKey != null) {
            Optional<WorkloadDigest> digest = digester.digest(new dev.psp2psa.inventory.Sourced<>(object, source));
            if (digest.isPresent()) {
                digester.remember(podKey, digest.get());
                sink.digested(digest.get(), spec.get());
                return;
            }
        }
        sink.object(object, source, spec.get());
    }

    /** The ordinary way for a captured item. */
    interface Replay {
        void run() throws IOException;
    }

    /** One element of a List's items: must be a mapping. */
    void handleItem(JsonNode item, long itemWhere, long listWhere, String subject, Locations locations, Sink sink) {
        long at = itemWhere == 0 ? listWhere : itemWhere;
        if (!(item instanceof ObjectNode object)) {
            throw error(at, subject + " is " + describe(item) + ", not a mapping (a Kubernetes object).");
        }
        handle(object, locations, at, subject, sink);
    }

    /** A required string member ({@code kind}, {@code apiVersion}). */
    private String text(ObjectNode node, String field, Locations locations, long where, String subject,
            String owner) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            throw error(where, (field.equals("kind") ? subject : owner) + " has no " + field + ".");
        }
        if (!value.isTextual()) {
            long at = locations.field(node, field);
            throw error(at == 0 ? where : at, "field " + field + " of " + (field.equals("kind") ? subject : owner)
                    + " must be a string, not " + describe(value) + ".");
        }
        return value.asText();
    }

    private HasMetadata convert(ObjectNode node, Locations locations, long where, Kinds.Spec spec) {
        try {
            return MAPPER.treeToValue(node, spec.type());
        } catch (DatabindException e) {
            throw wrongType(node, locations, where, spec, e);
        } catch (JsonProcessingException | RuntimeException e) {
            throw error(where, describe(spec.kind(), node) + " could not be read as a " + spec.kind() + ".");
        }
    }

    /** Follows the exception's path through the tree to the offending member, for its location and type. */
    private InputException wrongType(ObjectNode root, Locations locations, long where, Kinds.Spec spec,
            DatabindException e) {
        StringBuilder path = new StringBuilder();
        JsonNode node = root;
        long at = where;
        if (e instanceof JsonMappingException jme) {
            for (JsonMappingException.Reference ref : jme.getPath()) {
                if (ref.getFieldName() != null) {
                    if (path.length() > 0) {
                        path.append('.');
                    }
                    path.append(ref.getFieldName());
                    long l = node == null ? 0 : locations.field(node, ref.getFieldName());
                    at = l == 0 ? at : l;
                    node = node == null ? null : node.get(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                    long l = node == null ? 0 : locations.element(node, ref.getIndex());
                    at = l == 0 ? at : l;
                    node = node == null ? null : node.get(ref.getIndex());
                }
            }
        }
        String owner = describe(spec.kind(), root);
        if (path.length() == 0) {
            return error(where, owner + " does not have the shape of a " + spec.kind() + ".");
        }
        String expected = e instanceof MismatchedInputException mie ? expected(mie.getTargetType()) : null;
        String actual = node == null ? null : describe(node);
        if (expected == null || actual == null || expected.equals(actual)) {
            return error(at, "field " + path + " of " + owner + " has a value of the wrong type or format.");
        }
        return error(at, "field " + path + " of " + owner + " must be " + expected + ", not " + actual + ".");
    }

    /** {@code Pod "team-a/web"}, or just {@code Pod} when the name cannot be read. */
    private static String describe(String kind, ObjectNode node) {
        JsonNode meta = node.get("metadata");
        JsonNode name = meta == null ? null : meta.get("name");
        if (name == null || !name.isTextual()) {
            return kind;
        }
        JsonNode ns = meta.get("namespace");
        String prefix = ns != null && ns.isTextual() && !ns.asText().isEmpty() ? ns.asText() + "/" : "";
        return kind + " \"" + TreeBuilder.clip(prefix + name.asText()) + "\"";
    }

    /** What a JSON type a Java target type wants, in words; null when there are no simple words for it. */
    static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || type == BigDecimal.class || type == Number.class) {
            return "a number";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == IntOrString.class) {
            return "an integer or a string";
        }
        if (type == Quantity.class) {
            return "a quantity (a string or a number)";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.getName().startsWith("io.fabric8.")) {
            return "a mapping";
        }
        return null;
    }

    /** The YAML/JSON type of a node, in words (never its value). */
    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "binary data";
    }

    private InputException error(long where, String message) {
        return new InputException(file, Locations.line(where), Locations.column(where), message);
    }
}
