package dev.psp2psa.psp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.UncheckedIOException;

/**
 * A small pod, as PSP admission stores it (after its mutations), that the PSP admits and that a PSS level
 * forbids, with the PSS check that fails it.
 */
public record Witness(ObjectMeta metadata, PodSpec spec, String failingCheck) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY,
                    JsonInclude.Include.NON_EMPTY))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** A copy of the witness as a whole pod. */
    public Pod pod() {
        return Pods.copy(metadata, spec);
    }

    /** The pod as YAML, ready for {@code kubectl apply --dry-run=server}. */
    public String yaml() {
        try {
            return YAML.writeValueAsString(pod());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
