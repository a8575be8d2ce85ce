package dev.psp2psa.emit;

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
import dev.psp2psa.cli.CliRunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Gatekeeper mutator convert writes validates against the mutations.gatekeeper.sh/v1 schema, strictly. */
class GatekeeperMutationSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonSchema schema(String kind) throws Exception {
        JsonNode all = YAML.readTree(Path.of("src/test/resources/schemas/gatekeeper-mutations-v1.yaml").toFile());
        ObjectNode schema = all.get(kind).deepCopy();
        EmittedSchemaTest.close(schema);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    }

    @Test
    void everyMutatorValidatesAndNamesFitDns1123(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines",
                "gatekeeper", "--emit-mutations").exitCode());
        List<Path> files = EmittedSchemaTest.files(out.resolve("gatekeeper/mutations"));
        assertFalse(files.isEmpty());
        int mutators = 0;
        int defaultClass = 0;
        int modifySets = 0;
        for (Path f : files) {
            JsonNode doc = YAML.readTree(f.toFile());
            if (doc.get("kind").asText().equals("Kustomization")) {
                continue;
            }
            mutators++;
            assertEquals("mutations.gatekeeper.sh/v1", doc.get("apiVersion").asText());
            assertTrue(schema(doc.get("kind").asText()).validate(doc).isEmpty(),
                    f + ": " + schema(doc.get("kind").asText()).validate(doc));
            String name = doc.get("metadata").get("name").asText();
            assertTrue(name.length() <= 63 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), name);
            if (doc.get("kind").asText().equals("ModifySet")) {
                // The capability union: merged into the container's list, no path test.
                assertEquals("merge", doc.get("spec").get("parameters").get("operation").asText());
                assertTrue(doc.get("spec").get("location").asText().endsWith("securityContext.capabilities.drop"));
                modifySets++;
            } else {
                JsonNode test = doc.get("spec").get("parameters").get("pathTests").get(0);
                assertEquals(doc.get("spec").get("location").asText(), test.get("subPath").asText());
                assertEquals("MustNotExist", test.get("condition").asText());
            }
            assertEquals("Pod", doc.get("spec").get("match").get("kinds").get(0).get("kinds").get(0).asText());
            JsonNode match = doc.get("spec").get("match");
            if (!match.has("namespaces")) {
                // The default class: every namespace but the listed ones, which have their own.
                assertEquals("[\"batch\",\"kube-system\",\"monitoring\",\"payments\",\"shop\"]",
                        match.get("excludedNamespaces").toString());
                defaultClass++;
            }
        }
        // Six defaults (fsGroup, seccomp, supplementalGroups, runAsNonRoot at the pod level; allowPrivilegeEscalation
        // and drop in three container lists = 10 mutators) for the listed namespaces that share them, and the same for
        // the default class.
        assertEquals(20, mutators);
        assertEquals(10, defaultClass);
        assertEquals(6, modifySets, "drop, in three container lists, for the listed namespaces and the default class");
    }

    @Test
    void unknownFieldsAreErrors() throws Exception {
        JsonNode bad = YAML.readTree("""
                apiVersion: mutations.gatekeeper.sh/v1
                kind: Assign
                metadata: {name: x}
                spec:
                  location: spec.runtimeClassName
                  parameters:
                    assign: {value: gvisor}
                    pathTest: []
                """);
        assertFalse(schema("Assign").validate(bad).isEmpty());
    }
}
