package dev.psp2psa.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one configured JSON writer of psp2psa: 2-space indent, LF, {@code "key": value}, keys in given order. */
public final class Json {

    private static final ObjectWriter WRITER;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        WRITER = new ObjectMapper()
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .writer(printer);
    }

    private Json() {
    }

    /**
     * Writes the value as pretty JSON, ending with a newline, as it goes: lists are serialized element by element,
     * so a lazily computed list never exists in memory as a whole. The writer is flushed, not closed.
     */
    public static void write(Object value, java.io.Writer out) {
        try {
            WRITER.without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, value);
            out.write("\n");
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
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
}
