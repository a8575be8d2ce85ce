package dev.psp2psa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The published schemas of the machine formats (src/test/resources/schemas/README.md says where each comes from):
 * SARIF 2.1.0 (draft 2020-12, format assertions on) and the wgpolicyk8s.io/v1alpha2 PolicyReport and
 * ClusterPolicyReport CRDs, whose openAPIV3Schema is closed as the Kyverno and Gatekeeper CRD tests close theirs: an
 * object schema that lists its properties admits no other, so a misspelled field is an error.
 */
final class MachineSchemas {

    static final Path DIR = Path.of("src/test/resources/schemas");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonSchema sarif;
    private static JsonSchema policyReport;
    private static JsonSchema clusterPolicyReport;

    private MachineSchemas() {
    }

    static synchronized JsonSchema sarif() {
        if (sarif == null) {
            try {
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                sarif = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(JSON.readTree(DIR.resolve("sarif-schema-2.1.0.json").toFile()), config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sarif;
    }

    /** The closed v1alpha2 schema of {@code PolicyReport} or {@code ClusterPolicyReport}. */
    static synchronized JsonSchema report(String kind) {
        if (policyReport == null) {
            policyReport = crd("wgpolicyk8s.io_policyreports.yaml");
            clusterPolicyReport = crd("wgpolicyk8s.io_clusterpolicyreports.yaml");
        }
        return switch (kind) {
            case "PolicyReport" -> policyReport;
            case "ClusterPolicyReport" -> clusterPolicyReport;
            default -> throw new AssertionError("no schema for kind " + kind);
        };
    }

    /** The validation errors of a SARIF log. */
    static Set<ValidationMessage> validateSarif(JsonNode log) {
        return sarif().validate(log);
    }

    /** The validation errors of a PolicyReport or ClusterPolicyReport document. */
    static Set<ValidationMessage> validateReport(JsonNode doc) {
        return report(doc.path("kind").asText()).validate(doc);
    }

    /** Every document of a YAML stream. */
    static List<JsonNode> documents(String yaml) {
        try {
            List<JsonNode> out = new ArrayList<>();
            try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
                while (it.hasNext()) {
                    JsonNode d = it.next();
                    if (d != null && !d.isMissingNode() && !d.isNull()) {
                        out.add(d);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema crd(String file) {
        try {
            JsonNode crd = YAML.readTree(DIR.resolve(file).toFile());
            for (JsonNode v : crd.get("spec").get("versions")) {
                if (v.get("name").asText().equals("v1alpha2")) {
                    ObjectNode schema = v.get("schema").get("openAPIV3Schema").deepCopy();
                    close(schema);
                    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
                }
            }
            throw new AssertionError("no v1alpha2 in " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes a structural schema: {@code additionalProperties: false} where it lists properties and says nothing of
     * others; the Kubernetes extensions are dropped. Walks schemas only (property schemas, items, map values).
     */
    static void close(ObjectNode schema) {
        List<String> drop = new ArrayList<>();
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String n = names.next();
            if (n.startsWith("x-kubernetes-")) {
                drop.add(n);
            }
        }
        drop.forEach(schema::remove);
        if (schema.get("properties") instanceof ObjectNode props) {
            if (!schema.has("additionalProperties")) {
                schema.put("additionalProperties", false);
            }
            props.forEach(p -> {
                if (p instanceof ObjectNode o) {
                    close(o);
                }
            });
        }
        if (schema.get("items") instanceof ObjectNode items) {
            close(items);
        }
        if (schema.get("additionalProperties") instanceof ObjectNode values) {
            close(values);
        }
    }
}
