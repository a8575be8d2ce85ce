package dev.psp2psa.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.psp2psa.format.Json;
import dev.psp2psa.format.Yaml;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.io.IOException;
import java.nio.file.Path;

/** The PSPs of a bundled sample, for tests that compare a mutation with PSP admission's own. */
final class SamplePsps {

    private SamplePsps() {
    }

    /** The PSP named {@code name} in the YAML file; an error when it holds none. */
    static PodSecurityPolicy named(String file, String name) throws IOException {
        try (MappingIterator<JsonNode> it = Yaml.mapper().readerFor(JsonNode.class).readValues(Path.of(file)
                .toFile())) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && name.equals(d.path("metadata").path("name").asText())) {
                    return Json.mapper().convertValue(d, PodSecurityPolicy.class);
                }
            }
        }
        throw new AssertionError("no PSP " + name + " in " + file);
    }
}
