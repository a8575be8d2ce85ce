package dev.psp2psa.emit;

import dev.psp2psa.policy.GatekeeperLibrary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.psp2psa.cli.CliTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --gatekeeper-templates library}: only Constraints, each of a gatekeeper-library kind that exists in
 * ../shared/schemas/gatekeeper-library-parameters, whose parameters validate against that kind's schema with unknown
 * fields as errors, scoped to namespaces; and the report lists how each one approximates.
 */
class GatekeeperLibraryTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LIBRARY = Path.of("..", "shared", "schemas", "gatekeeper-library-parameters");

    static JsonSchema parameters(String kind) throws Exception {
        JsonNode doc = JSON.readTree(LIBRARY.resolve(kind + ".json").toFile());
        assertEquals(kind, doc.get("kind").asText());
        ObjectNode schema = doc.get("parameters").deepCopy();
        EmittedSchemaTest.close(schema);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    }

    @Test
    void everyKindPsp2psaWritesIsInTheLibrary() {
        for (String kind : GatekeeperLibrary.standard().kinds()) {
            assertTrue(Files.exists(LIBRARY.resolve(kind + ".json")), kind);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"samples/cluster", "samples/authenticated-privileged", "samples/multi-tenant"})
    void libraryConstraintsValidateAgainstTheLibrarySchemas(String sample, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliTestSupport.run("convert", "-f", sample, "-o", out.toString(), "--engines", "gatekeeper",
                "--gatekeeper-templates", "library"));
        assertFalse(Files.exists(out.resolve("gatekeeper/templates")), "library mode writes no templates");
        int n = 0;
        for (Path f : EmittedSchemaTest.files(out.resolve("gatekeeper/constraints"))) {
            JsonNode doc = YAML.readTree(f.toFile());
            String kind = doc.get("kind").asText();
            assertTrue(kind.startsWith("K8sPSP"), kind);
            assertEquals("constraints.gatekeeper.sh/v1beta1", doc.get("apiVersion").asText());
            JsonNode params = doc.at("/spec/parameters");
            if (!params.isMissingNode()) {
                Set<ValidationMessage> errors = parameters(kind).validate(params);
                assertTrue(errors.isEmpty(), f.getFileName() + ": " + errors);
            }
            assertEquals("psp2psa", doc.at("/metadata/labels/app.kubernetes.io~1managed-by").asText());
            assertFalse(doc.at("/metadata/annotations/psp2psa.dev~1approximation").asText().isEmpty());
            if (doc.at("/metadata/annotations/psp2psa.dev~1namespaces").asText().equals("*")) {
                assertTrue(doc.at("/spec/match/namespaces").isMissingNode(), "the default class: every namespace");
                assertTrue(doc.at("/spec/match/excludedNamespaces").size() > 0, "but those with plans of their own");
            } else {
                assertTrue(doc.at("/spec/match/namespaces").size() > 0);
            }
            assertTrue(doc.at("/metadata/name").asText().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
            n++;
        }
        assertTrue(n > 0);
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("### Gatekeeper library constraints"));
        assertEquals(Files.readString(out.resolve("report.md")), Files.readString(out.resolve("report.md")));
    }

    @Test
    void theParameterCheckRejectsUnknownFields() throws Exception {
        JsonNode bad = JSON.readTree("{\"volumes\": [\"configMap\"], \"volumez\": []}");
        assertFalse(parameters("K8sPSPVolumeTypes").validate(bad).isEmpty());
    }
}
