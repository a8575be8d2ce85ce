package dev.psp2psa.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one configured JSON mapper of psp2psa. It writes pretty JSON (2-space indent, LF, {@code "key": value}, keys in
 * the order they were given) for reports, and turns objects into trees: whole ({@link #mapper()}, for copies), without
 * nulls ({@link #tree}, for comparing objects field by field), or compact ({@link #compact}, for showing them).
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final ObjectMapper NON_NULL = MAPPER.copy()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL));
    private static final ObjectWriter WRITER;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        WRITER = MAPPER.writer(printer).with(new SafeEscapes());
    }

    /**
     * JSON escapes what {@link Text} shows escaped, so a report read with {@code cat} cannot drive the terminal: C1
     * controls, DEL and the bidi controls as {@code \}{@code uXXXX} too (JSON already escapes C0 controls). The value is
     * the same.
     */
    private static final class SafeEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        SafeEscapes() {
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return ch <= 0xFFFF && Text.unsafe((char) ch)
                    ? new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }

    private Json() {
    }

    /**
     * Writes the value as pretty JSON, ending with a newline, as it goes: lists are serialized element by element,
     * so a lazily computed list never exists in memory as a whole. The writer is flushed, not closed.
     */
    public static void write(Object value, Writer out) {
        try {
            WRITER.without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, value);
            out.write("\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** The value as pretty JSON, ending with a newline. */
    public static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The value as JSON on one line (for a value inside an annotation), with the same escapes as reports. */
    public static String compactText(Object value) {
        try {
            return MAPPER.writer().with(new SafeEscapes()).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The mapper: nulls kept, for deep copies of API objects ({@code readValue(writeValueAsBytes(o))}). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The value as a JSON tree without its null fields; serializing does not change the value. */
    public static JsonNode tree(Object value) {
        return NON_NULL.valueToTree(value);
    }

    /** The value as ordered maps and lists without nulls, empty objects or empty arrays: what matters to show it. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> compact(Object value) {
        JsonNode node = tree(value);
        prune(node);
        return NON_NULL.convertValue(node, LinkedHashMap.class);
    }

    /** Drops empty objects and arrays (and nulls); true when the node itself is then empty or null. */
    private static boolean prune(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                if (prune(it.next().getValue())) {
                    it.remove();
                }
            }
            return node.isEmpty();
        }
        if (node.isArray()) {
            Iterator<JsonNode> it = node.elements();
            while (it.hasNext()) {
                if (prune(it.next())) {
                    it.remove();
                }
            }
            return node.isEmpty();
        }
        return node.isNull();
    }
}
