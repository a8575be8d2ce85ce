package dev.psp2psa.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.yaml.snakeyaml.DumperOptions;

/**
 * The one configured YAML writer of psp2psa: block style, no document start marker, minimal quoting, LF.
 * Objects are given as ordered maps and lists, so key order is the order they were built in.
 */
public final class Yaml {

    private static final ObjectMapper MAPPER = create();

    private Yaml() {
    }

    private static ObjectMapper create() {
        DumperOptions dumper = new DumperOptions();
        dumper.setLineBreak(DumperOptions.LineBreak.UNIX);
        dumper.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumper.setWidth(Integer.MAX_VALUE);
        dumper.setSplitLines(false);
        dumper.setIndent(2);
        YAMLFactory factory = YAMLFactory.builder()
                .dumperOptions(dumper)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                .build();
        return new ObjectMapper(factory).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** The value as one YAML document, ending with a newline. */
    public static String write(Object value) {
        try {
            String s = MAPPER.writeValueAsString(value);
            return s.endsWith("\n") ? s : s + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** The mapper, for tests that read emitted YAML back. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
