package dev.psp2psa.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import dev.psp2psa.cel.AdmissionEvaluator;
import dev.psp2psa.cli.CliTestSupport;
import dev.psp2psa.rego.RegoModule;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The label guard ({@code convert --guard-labels}) in every engine the cluster version runs: each object validates
 * against its schema with unknown fields as errors (Kyverno and Gatekeeper CRDs in ../shared/schemas, VAP through the
 * fabric8 types), every form carries the same CEL, which is executed here on namespace requests of an admin and of
 * another user, and the Gatekeeper Rego is exactly the translation of that CEL.
 */
class LabelGuardSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final AdmissionEvaluator CEL = new AdmissionEvaluator();
    private static final String ADMINS = "group:platform-admins,user:alice,serviceaccount:argocd:argocd-server";

    @ParameterizedTest
    @ValueSource(strings = {"v1.22", "v1.24", "v1.25", "v1.28", "v1.30", "v1.32", "v1.36"})
    void theGuardOfEveryEngineValidatesAndItsCelRuns(String version, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliTestSupport.run("convert", "-f", "samples/cluster", "-o", out.toString(),
                "--cluster-version", version, "--guard-labels", "--label-admins", ADMINS));
        int minor = Integer.parseInt(version.substring(3));
        List<String> engines = new ArrayList<>();
        try (var s = Files.list(out.resolve("guard"))) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(engines::add);
        }
        List<String> expected = new ArrayList<>(List.of("gatekeeper"));
        if (minor >= 25) {
            expected.add("kyverno");
        }
        if (minor >= 30) {
            expected.add("vap");
        }
        assertEquals(expected, engines, "the guard in every engine the cluster version runs");
        List<String> expressions = new ArrayList<>();
        gatekeeper(out.resolve("guard/gatekeeper"), minor >= 28, expressions);
        if (minor >= 25) {
            kyverno(out.resolve("guard/kyverno"), minor, expressions);
        }
        if (minor >= 30) {
            vap(out.resolve("guard/vap"), expressions);
        }
        assertEquals(1, new TreeSet<>(expressions).size(), "one CEL in every engine: " + expressions);
        String readme = Files.readString(out.resolve("README.md"));
        for (String e : engines) {
            assertTrue(readme.contains("guard/" + e + "/"), "the README names guard/" + e + "/");
        }
    }

    /** Executes the expression: the admins may label a new namespace, another user may not. */
    static void runs(String expression, String message) {
        Map<String, Object> labelled = Map.of("metadata", Map.of("name", "x",
                "labels", Map.of("pod-security.kubernetes.io/enforce", "privileged")));
        Map<String, Object> plain = Map.of("metadata", Map.of("name", "x", "labels", Map.of("team", "x")));
        for (Map<String, Object> admin : List.of(user("alice"), user("system:serviceaccount:argocd:argocd-server"),
                Map.<String, Object>of("operation", "CREATE", "userInfo", Map.of("username", "carol",
                        "groups", List.of("system:authenticated", "platform-admins"))))) {
            assertTrue(CEL.evaluate(expression, labelled, null, admin), admin.toString());
        }
        assertFalse(CEL.evaluate(expression, labelled, null, user("bob")));
        assertTrue(CEL.evaluate(expression, plain, null, user("bob")));
        assertFalse(CEL.evaluate(expression, plain, labelled, Map.of("operation", "UPDATE", "userInfo",
                Map.of("username", "bob"))), "removing the label");
        assertTrue(message.contains("Group platform-admins, ServiceAccount argocd/argocd-server, User alice"),
                message);
    }

    private static Map<String, Object> user(String name) {
        return Map.of("operation", "CREATE", "userInfo", Map.of("username", name, "groups",
                List.of("system:authenticated")));
    }

    private static String message(String messageExpression) {
        return CEL.message(messageExpression, Map.of(), null, user("bob"));
    }

    private static void vap(Path dir, List<String> expressions) throws Exception {
        ValidatingAdmissionPolicy vap = YAML.readValue(dir.resolve("psp2psa-guard-pod-security-labels.yaml")
                .toFile(), ValidatingAdmissionPolicy.class);
        EmittedSchemaTest.assertNoUnknownFields(vap, "", Collections.newSetFromMap(new IdentityHashMap<>()));
        assertEquals("Fail", vap.getSpec().getFailurePolicy());
        var rule = vap.getSpec().getMatchConstraints().getResourceRules().get(0);
        assertEquals(List.of("namespaces"), rule.getResources());
        assertEquals(List.of("CREATE", "UPDATE"), rule.getOperations());
        assertEquals(1, vap.getSpec().getValidations().size());
        var v = vap.getSpec().getValidations().get(0);
        runs(v.getExpression(), message(v.getMessageExpression()));
        expressions.add(v.getExpression());
        ValidatingAdmissionPolicyBinding b = YAML.readValue(dir.resolve(
                "psp2psa-guard-pod-security-labels-binding.yaml").toFile(), ValidatingAdmissionPolicyBinding.class);
        EmittedSchemaTest.assertNoUnknownFields(b, "", Collections.newSetFromMap(new IdentityHashMap<>()));
        assertEquals(List.of("Deny"), b.getSpec().getValidationActions());
        assertEquals(vap.getMetadata().getName(), b.getSpec().getPolicyName());
        assertEquals(null, b.getSpec().getMatchResources(), "every namespace");
    }

    private static void kyverno(Path dir, int minor, List<String> expressions) throws Exception {
        JsonNode doc = YAML.readTree(dir.resolve("psp2psa-guard-pod-security-labels.yaml").toFile());
        if (minor >= 32) {
            assertEquals("ValidatingPolicy", doc.get("kind").asText());
            JsonSchema schema = EmittedSchemaTest.crdSchema("kyverno-validatingpolicies-crd.yaml", "v1");
            assertTrue(schema.validate(doc).isEmpty(), schema.validate(doc).toString());
            assertEquals("Fail", doc.at("/spec/failurePolicy").asText());
            assertFalse(doc.at("/spec/evaluation/background/enabled").asBoolean(true), "no background scan");
            assertEquals("namespaces", doc.at("/spec/matchConstraints/resourceRules/0/resources/0").asText());
            JsonNode v = doc.at("/spec/validations/0");
            runs(v.get("expression").asText(), message(v.get("messageExpression").asText()));
            expressions.add(v.get("expression").asText());
            return;
        }
        assertEquals("ClusterPolicy", doc.get("kind").asText());
        JsonSchema schema = EmittedSchemaTest.crdSchema("kyverno-clusterpolicies-crd.yaml", "v1");
        assertTrue(schema.validate(doc).isEmpty(), schema.validate(doc).toString());
        assertFalse(doc.at("/spec/background").asBoolean(true), "no background scan: it has no request");
        assertEquals(minor >= 28 ? "Fail" : "", doc.at("/spec/webhookConfiguration/failurePolicy").asText());
        assertEquals(minor >= 28 ? "" : "Fail", doc.at("/spec/failurePolicy").asText());
        assertEquals(minor >= 28, doc.at("/spec/rules/0/validate").has("failureAction"));
        assertEquals("Namespace", doc.at("/spec/rules/0/match/any/0/resources/kinds/0").asText());
        JsonNode e = doc.at("/spec/rules/0/validate/cel/expressions/0");
        runs(e.get("expression").asText(), message(e.get("messageExpression").asText()));
        expressions.add(e.get("expression").asText());
    }

    private static void gatekeeper(Path dir, boolean withCel, List<String> expressions) throws Exception {
        JsonNode template = YAML.readTree(dir.resolve("templates/psp2psa-guard-pod-security-labels.yaml").toFile());
        JsonSchema schema = EmittedSchemaTest.crdSchema("gatekeeper-constrainttemplate-crd.yaml", "v1");
        assertTrue(schema.validate(template).isEmpty(), schema.validate(template).toString());
        String kind = template.at("/spec/crd/spec/names/kind").asText();
        String name = template.at("/metadata/name").asText();
        assertEquals(kind.toLowerCase(java.util.Locale.ROOT), name);
        JsonNode target = template.at("/spec/targets/0");
        String expression;
        String message;
        String rego;
        if (withCel) {
            assertEquals("K8sNativeValidation", target.at("/code/0/engine").asText());
            expression = target.at("/code/0/source/validations/0/expression").asText();
            message = message(target.at("/code/0/source/validations/0/messageExpression").asText());
            rego = target.at("/code/1/source/rego").asText();
        } else {
            assertFalse(target.has("code"), "Gatekeeper before 3.12 knows no code: Rego alone");
            JsonNode pairs = new ObjectMapper().readTree(
                    template.at("/metadata/annotations/psp2psa.dev~1cel-validations").asText());
            assertEquals(1, pairs.size());
            expression = pairs.get(0).get("expression").asText();
            message = pairs.get(0).get("message").asText();
            rego = target.get("rego").asText();
        }
        runs(expression, message);
        expressions.add(expression);
        assertEquals(RegoModule.requestModule(name, List.of(new RegoModule.Check(expression, message))), rego,
                "the Rego is the translation of the CEL executed here");
        JsonNode constraint = YAML.readTree(dir.resolve("constraints/psp2psa-guard-pod-security-labels.yaml")
                .toFile());
        assertEquals("constraints.gatekeeper.sh/v1beta1", constraint.get("apiVersion").asText());
        assertEquals(kind, constraint.get("kind").asText());
        assertEquals("deny", constraint.at("/spec/enforcementAction").asText());
        assertEquals(EmittedSchemaTest.fieldNames(constraint.at("/spec/match")), java.util.Set.of("kinds"),
                "every namespace");
        assertEquals("Namespace", constraint.at("/spec/match/kinds/0/kinds/0").asText());
    }
}
