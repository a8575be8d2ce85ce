package dev.psp2psa.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.policy.GapPolicies;
import dev.psp2psa.cli.CliRunResult;
import dev.psp2psa.cli.CliTestSupport;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every emitted policy object validates against its schema with unknown fields as errors: Kyverno ClusterPolicies
 * against the CRD in ../shared/schemas, ValidatingAdmissionPolicies and bindings against the Kubernetes API types.
 * Every CEL expression in them compiles with dev.cel.
 */
class EmittedSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path SCHEMAS = Path.of("..", "shared", "schemas");
    private static final io.fabric8.kubernetes.api.model.Pod POD = new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata().withName("p").endMetadata().withNewSpec().addNewContainer().withName("c")
            .withImage("i").endContainer().endSpec().build();

    static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
    }

    /** The CRD's schema of a version, with every object that lists its properties closed to others. */
    static JsonSchema crdSchema(String file, String version) throws IOException {
        JsonNode crd = YAML.readTree(SCHEMAS.resolve(file).toFile());
        for (JsonNode v : crd.get("spec").get("versions")) {
            if (v.get("name").asText().equals(version)) {
                ObjectNode schema = v.get("schema").get("openAPIV3Schema").deepCopy();
                close(schema);
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
            }
        }
        throw new AssertionError("no version " + version + " in " + file);
    }

    static void close(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            boolean preserve = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (o.has("properties") && !o.has("additionalProperties") && !preserve) {
                o.put("additionalProperties", false);
            }
            Iterator<String> names = o.fieldNames();
            List<String> drop = new ArrayList<>();
            while (names.hasNext()) {
                String n = names.next();
                if (n.startsWith("x-kubernetes-") || n.equals("nullable")) {
                    drop.add(n);
                }
            }
            drop.forEach(o::remove);
            o.forEach(EmittedSchemaTest::close);
        } else if (node instanceof ArrayNode a) {
            a.forEach(EmittedSchemaTest::close);
        }
    }

    /** Fails when any fabric8 object in the graph kept a field its type does not know. */
    static void assertNoUnknownFields(Object o, String path, Set<Object> seen) throws Exception {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                assertNoUnknownFields(e, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                assertNoUnknownFields(e.getValue(), path + "." + e.getKey(), seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object v = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                assertTrue(v == null || ((Map<?, ?>) v).isEmpty(), "unknown fields at " + path + ": " + v);
            } else {
                assertNoUnknownFields(v, path + "." + m.getName().substring(3), seen);
            }
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> samplesAndVersions() {
        List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
        for (String sample : List.of("samples/cluster", "samples/authenticated-privileged", "samples/multi-tenant")) {
            for (String v : List.of("v1.22", "v1.23", "v1.24", "v1.25", "v1.28", "v1.30", "v1.32", "v1.36")) {
                out.add(org.junit.jupiter.params.provider.Arguments.of(sample, v));
            }
        }
        return out.stream();
    }

    /**
     * For each cluster version, convert writes only the APIs that version serves (docs/compatibility.md), every
     * object validates against its schema with unknown fields as errors, and every CEL expression compiles: the
     * PodSecurityConfiguration version the API server loads; VAP from 1.30; Kyverno from 1.25, as ClusterPolicy with
     * the spec-level action (1.25-1.27), with the rule-level one (1.28-1.31), as ValidatingPolicy from 1.32;
     * Gatekeeper templates with Rego alone below 1.28 and CEL plus Rego from 1.28.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("samplesAndVersions")
    void everyEmittedPolicyValidatesAndEveryExpressionCompiles(String sample, String version, @TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliTestSupport.run("convert", "-f", sample, "-o", out.toString(), "--cluster-version",
                version));
        int minor = Integer.parseInt(version.substring(3));
        JsonNode config = YAML.readTree(out.resolve("admission/pod-security-configuration.yaml").toFile());
        assertEquals("apiserver.config.k8s.io/v1", config.get("apiVersion").asText());
        assertEquals(minor >= 25 ? "pod-security.admission.config.k8s.io/v1" : minor >= 23
                ? "pod-security.admission.config.k8s.io/v1beta1" : "pod-security.admission.config.k8s.io/v1alpha1",
                config.at("/plugins/0/configuration/apiVersion").asText());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(version, report.get("clusterVersion").asText());
        Path label = files(out.resolve("namespaces")).stream()
                .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).findFirst().orElseThrow();
        assertEquals(version, YAML.readTree(label.toFile())
                .at("/metadata/labels/pod-security.kubernetes.io~1enforce-version").asText(), "pinned to the cluster");
        CelEvaluator cel = new CelEvaluator();
        int templates = gatekeeper(out, cel, minor >= 28);
        assertTrue(templates > 0, sample + " has gaps, so policies are emitted");
        assertEquals(minor >= 25, Files.exists(out.resolve("kyverno")), "Kyverno runs CEL from 1.25");
        if (minor >= 25) {
            assertEquals(templates, kyverno(out, cel, minor), "a Kyverno policy per Gatekeeper template");
        }
        assertEquals(minor >= 30, Files.exists(out.resolve("vap")), "VAP v1 is served from 1.30");
        if (minor >= 30) {
            assertEquals(2 * templates, vap(out, cel), "a VAP and its binding per Gatekeeper template");
        }
        assertEquals(minor >= 36 && !sample.endsWith("authenticated-privileged"),
                Files.exists(out.resolve("vap-mutations")), "MutatingAdmissionPolicy v1 is served from 1.36");
        if (minor >= 36) {
            map(out, cel);
        }
    }

    /**
     * Checks the MutatingAdmissionPolicies and their bindings against the Kubernetes API types (fabric8 7.5 has the
     * v1beta1 types; v1, GA in 1.36, has the same fields), and compiles every CEL expression in them with dev.cel.
     */
    private static void map(Path out, CelEvaluator cel) throws Exception {
        dev.psp2psa.cel.JsonPatchCel patches = new dev.psp2psa.cel.JsonPatchCel();
        for (Path f : files(out.resolve("vap-mutations"))) {
            JsonNode doc = YAML.readTree(f.toFile());
            assertEquals("admissionregistration.k8s.io/v1", doc.get("apiVersion").asText());
            if (doc.get("kind").asText().equals("MutatingAdmissionPolicy")) {
                var map = YAML.treeToValue(doc,
                        io.fabric8.kubernetes.api.model.admissionregistration.v1beta1.MutatingAdmissionPolicy.class);
                assertNoUnknownFields(map, "", java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
                assertEquals("Fail", map.getSpec().getFailurePolicy());
                assertEquals("Never", map.getSpec().getReinvocationPolicy());
                assertFalse(map.getSpec().getMutations().isEmpty());
                map.getSpec().getMutations().forEach(m -> {
                    assertEquals("JSONPatch", m.getPatchType());
                    patches.compile(m.getJsonPatch().getExpression());
                });
                map.getSpec().getMatchConditions().forEach(c -> cel.compile(c.getExpression()));
            } else {
                assertEquals("MutatingAdmissionPolicyBinding", doc.get("kind").asText());
                var b = YAML.treeToValue(doc, io.fabric8.kubernetes.api.model.admissionregistration.v1beta1
                        .MutatingAdmissionPolicyBinding.class);
                assertNoUnknownFields(b, "", java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
                assertEquals(f.getFileName().toString(), b.getSpec().getPolicyName() + "-binding.yaml");
            }
        }
    }

    /** Checks the Kyverno policies of the form the cluster's Kyverno releases run; returns how many. */
    private static int kyverno(Path out, CelEvaluator cel, int minor) throws Exception {
        JsonSchema clusterPolicy = crdSchema("kyverno-clusterpolicies-crd.yaml", "v1");
        JsonSchema validatingPolicy = crdSchema("kyverno-validatingpolicies-crd.yaml", "v1");
        int policies = 0;
        for (Path f : files(out.resolve("kyverno"))) {
            JsonNode doc = YAML.readTree(f.toFile());
            if (minor >= 32) {
                assertEquals("policies.kyverno.io/v1", doc.get("apiVersion").asText());
                assertEquals("ValidatingPolicy", doc.get("kind").asText());
                Set<ValidationMessage> errors = validatingPolicy.validate(doc);
                assertTrue(errors.isEmpty(), f.getFileName() + ": " + errors);
                for (JsonNode v : doc.at("/spec/validations")) {
                    cel.compile(v.get("expression").asText());
                    assertTrue(cel.message(v.get("messageExpression").asText(), POD).startsWith("psp2psa: "));
                }
            } else {
                assertEquals("ClusterPolicy", doc.get("kind").asText());
                Set<ValidationMessage> errors = clusterPolicy.validate(doc);
                assertTrue(errors.isEmpty(), f.getFileName() + ": " + errors);
                // Kyverno 1.13 deprecated the spec-level action for the rule's own; 1.11-1.12 know only the former.
                assertEquals(minor < 28, doc.at("/spec").has("validationFailureAction"), f.toString());
                for (JsonNode rule : doc.get("spec").get("rules")) {
                    assertEquals(minor >= 28, rule.at("/validate").has("failureAction"), f.toString());
                    for (JsonNode e : rule.get("validate").get("cel").get("expressions")) {
                        cel.compile(e.get("expression").asText());
                        assertTrue(cel.message(e.get("messageExpression").asText(), POD).startsWith("psp2psa: "));
                    }
                }
            }
            policies++;
        }
        return policies;
    }

    /** Checks the ValidatingAdmissionPolicies and their bindings; returns how many objects. */
    private static int vap(Path out, CelEvaluator cel) throws Exception {
        int objects = 0;
        for (Path f : files(out.resolve("vap"))) {
            JsonNode doc = YAML.readTree(f.toFile());
            String kind = doc.get("kind").asText();
            assertEquals("admissionregistration.k8s.io/v1", doc.get("apiVersion").asText());
            if (kind.equals("ValidatingAdmissionPolicy")) {
                ValidatingAdmissionPolicy vap = YAML.treeToValue(doc, ValidatingAdmissionPolicy.class);
                assertNoUnknownFields(vap, "", java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
                assertEquals("Fail", vap.getSpec().getFailurePolicy());
                vap.getSpec().getValidations().forEach(v -> {
                    cel.compile(v.getExpression());
                    assertTrue(cel.message(v.getMessageExpression(), POD).startsWith("psp2psa: "));
                });
                assertEquals("psp2psa", vap.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
            } else {
                assertEquals("ValidatingAdmissionPolicyBinding", kind);
                ValidatingAdmissionPolicyBinding b = YAML.treeToValue(doc, ValidatingAdmissionPolicyBinding.class);
                assertNoUnknownFields(b, "", java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
                assertEquals(List.of("Deny"), b.getSpec().getValidationActions());
                assertEquals("kubernetes.io/metadata.name",
                        b.getSpec().getMatchResources().getNamespaceSelector().getMatchExpressions().get(0).getKey());
            }
            objects++;
        }
        return objects;
    }

    /**
     * A namespace name may have 63 characters: the policy named for it ({@code psp2psa-ns-} and the name) is cut to 63
     * with a hash, and every engine's objects keep valid names (Kyverno policy names, VAP names, Gatekeeper template
     * names equal to the lowercase kind, whose CRD list name must fit a DNS label).
     */
    @org.junit.jupiter.api.Test
    void aNamespaceOf63CharactersGivesValidNamesInEveryEngine(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        String ns = "team-" + "x".repeat(57) + "z";
        assertEquals(63, ns.length());
        Path input = tmp.resolve("in.yaml");
        Files.writeString(input, Files.readString(Path.of("src/test/resources/dev/psp2psa/cli/cluster-wide/psp.yaml"))
                + """
                ---
                apiVersion: policy/v1beta1
                kind: PodSecurityPolicy
                metadata: {name: host-network}
                spec:
                  hostNetwork: true
                  requiredDropCapabilities: [ALL]
                  volumes: [configMap, secret, projected]
                  runAsUser: {rule: MustRunAsNonRoot}
                  seLinux: {rule: RunAsAny}
                  supplementalGroups: {rule: RunAsAny}
                  fsGroup: {rule: RunAsAny}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: psp-host-network}
                rules: [{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [host-network]}]
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: NS}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: psp-host-network, namespace: NS}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: psp-host-network}
                subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: 'system:serviceaccounts:NS'}]
                """.replace("NS", ns));
        Path out = tmp.resolve("out");
        assertEquals(0, CliTestSupport.run("convert", "-f", input.toString(), "-o", out.toString(),
                "--cluster-version", "v1.32"));
        String cut = dev.psp2psa.policy.GapPolicies.DEFAULT_CLASS;
        List<String> names = new ArrayList<>();
        Map<String, Set<String>> byEngine = new java.util.TreeMap<>();
        for (String engine : List.of("vap", "kyverno", "gatekeeper/templates", "gatekeeper/constraints")) {
            for (Path f : files(out.resolve(engine))) {
                String name = YAML.readTree(f.toFile()).at("/metadata/name").asText();
                assertTrue(name.length() <= 63 && DNS1123.matcher(name).matches(), f + ": " + name);
                names.add(name);
                byEngine.computeIfAbsent(engine, k -> new java.util.TreeSet<>()).add(name.replace("-binding", ""));
            }
        }
        assertEquals(byEngine.get("kyverno"), byEngine.get("vap"), "the same policies in every engine");
        assertEquals(byEngine.get("kyverno").size(), byEngine.get("gatekeeper/templates").size());
        assertTrue(names.contains(cut), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("psp2psa-ns-team-xxx") && n.length() == 63
                && n.matches(".*-[0-9a-f]{8}")), names.toString());
        gatekeeper(out, new CelEvaluator());
    }

    private static final java.util.regex.Pattern DNS1123 =
            java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /**
     * Checks the Gatekeeper tree: templates against the CRD, CEL compiled and executed, one Rego violation per
     * validation, and each constraint of a template's kind, scoped to namespaces. Returns the template count.
     */
    static int gatekeeper(Path out, CelEvaluator cel) throws Exception {
        return gatekeeper(out, cel, true);
    }

    /**
     * As {@link #gatekeeper(Path, CelEvaluator)}; {@code withCel}: the templates carry CEL and Rego in {@code code},
     * else Rego alone in {@code rego} with the CEL it mirrors in the psp2psa.dev/cel-validations annotation.
     */
    static int gatekeeper(Path out, CelEvaluator cel, boolean withCel) throws Exception {
        JsonSchema template = crdSchema("gatekeeper-constrainttemplate-crd.yaml", "v1");
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (Path f : files(out.resolve("gatekeeper/templates"))) {
            JsonNode doc = YAML.readTree(f.toFile());
            Set<ValidationMessage> errors = template.validate(doc);
            assertTrue(errors.isEmpty(), f.getFileName() + ": " + errors);
            String kind = doc.at("/spec/crd/spec/names/kind").asText();
            String name = doc.at("/metadata/name").asText();
            assertTrue(kind.startsWith("Psp2psaGaps"), kind);
            assertEquals(kind.toLowerCase(java.util.Locale.ROOT), name, "Gatekeeper requires name == lowercase kind");
            assertTrue(DNS1123.matcher(name).matches(), name);
            assertEquals("psp2psa", doc.at("/metadata/labels/app.kubernetes.io~1managed-by").asText());
            JsonNode target = doc.at("/spec/targets/0");
            if (!withCel) {
                assertFalse(target.has("code"), "Gatekeeper before 3.12 knows no code: Rego alone in rego");
                JsonNode pairs = new ObjectMapper().readTree(
                        doc.at("/metadata/annotations/psp2psa.dev~1cel-validations").asText());
                List<dev.psp2psa.rego.RegoModule.Check> checks = new ArrayList<>();
                for (JsonNode v : pairs) {
                    cel.evaluate(v.get("expression").asText(), POD);
                    assertTrue(v.get("message").asText().startsWith("psp2psa: "));
                    checks.add(new dev.psp2psa.rego.RegoModule.Check(v.get("expression").asText(),
                            v.get("message").asText()));
                }
                assertEquals(dev.psp2psa.rego.RegoModule.module(name, checks), target.get("rego").asText(),
                        "the Rego is the translation of the CEL verify executes");
                kinds.put(kind, 0);
                continue;
            }
            boolean denyAll = true;
            for (JsonNode v : target.at("/code/0/source/validations")) {
                denyAll &= v.get("expression").asText().equals("false");
            }
            // Only a policy for where no PSP was usable (it denies every pod) stands for no PSP and no rule.
            assertEquals(denyAll, doc.at("/metadata/annotations/psp2psa.dev~1psps").asText().isEmpty(), name);
            assertEquals(denyAll, doc.at("/metadata/annotations/psp2psa.dev~1rules").asText().isEmpty(), name);
            assertEquals("admission.k8s.gatekeeper.sh", target.get("target").asText());
            assertEquals("K8sNativeValidation", target.at("/code/0/engine").asText());
            assertEquals("Rego", target.at("/code/1/engine").asText());
            int validations = 0;
            for (JsonNode v : target.at("/code/0/source/validations")) {
                cel.evaluate(v.get("expression").asText(), POD);
                assertTrue(cel.message(v.get("messageExpression").asText(), POD).startsWith("psp2psa: "));
                String message = cel.message(v.get("messageExpression").asText(), POD);
                String rego = target.at("/code/1/source/rego").asText();
                assertTrue(rego.contains("msg := " + dev.psp2psa.rego.RegoTranslator.string(message)),
                        "the Rego has the CEL validation's message: " + message);
                validations++;
            }
            String rego = target.at("/code/1/source/rego").asText();
            assertTrue(rego.startsWith("package " + name + "\n"), "the Rego package is the template's name");
            assertEquals(validations, rego.split("violation\\[\\{\"msg\": msg\\}\\] \\{", -1).length - 1,
                    "one Rego violation per CEL validation");
            kinds.put(kind, 0);
        }
        for (Path f : files(out.resolve("gatekeeper/constraints"))) {
            JsonNode doc = YAML.readTree(f.toFile());
            assertEquals("constraints.gatekeeper.sh/v1beta1", doc.get("apiVersion").asText());
            String kind = doc.get("kind").asText();
            assertTrue(kinds.containsKey(kind), "a constraint of a template's kind: " + kind);
            kinds.merge(kind, 1, Integer::sum);
            assertTrue(DNS1123.matcher(doc.at("/metadata/name").asText()).matches());
            assertEquals("psp2psa", doc.at("/metadata/labels/app.kubernetes.io~1managed-by").asText());
            assertEquals(Set.of("enforcementAction", "match"), fieldNames(doc.get("spec")));
            assertEquals("deny", doc.at("/spec/enforcementAction").asText());
            if (doc.at("/metadata/name").asText().equals(GapPolicies.DEFAULT_CLASS)) {
                // The default class: every namespace but those with a plan of their own or exempt.
                assertEquals(Set.of("kinds", "excludedNamespaces"), fieldNames(doc.at("/spec/match")));
                assertTrue(doc.at("/spec/match/excludedNamespaces").size() > 0);
            } else {
                assertEquals(Set.of("kinds", "namespaces"), fieldNames(doc.at("/spec/match")));
                assertTrue(doc.at("/spec/match/namespaces").size() > 0);
            }
            assertEquals("Pod", doc.at("/spec/match/kinds/0/kinds/0").asText());
            assertEquals("", doc.at("/spec/match/kinds/0/apiGroups/0").asText());
        }
        kinds.forEach((k, n) -> assertEquals(1, n, "one constraint per template: " + k));
        return kinds.size();
    }

    static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new java.util.TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"samples/cluster", "samples/multi-tenant"})
    void kyvernoValidatingPoliciesValidate(String sample, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliTestSupport.run("convert", "-f", sample, "-o", out.toString(), "--cluster-version", "v1.32",
                "--engines", "kyverno",
                "--kyverno-kind", "validatingpolicy", "--policy-mode", "warn"));
        assertFalse(Files.exists(out.resolve("vap")), "only the engines asked for");
        JsonSchema schema = crdSchema("kyverno-validatingpolicies-crd.yaml", "v1");
        CelEvaluator cel = new CelEvaluator();
        List<Path> files = files(out.resolve("kyverno"));
        assertFalse(files.isEmpty());
        for (Path f : files) {
            JsonNode doc = YAML.readTree(f.toFile());
            assertEquals("ValidatingPolicy", doc.get("kind").asText());
            Set<ValidationMessage> errors = schema.validate(doc);
            assertTrue(errors.isEmpty(), f.getFileName() + ": " + errors);
            List<String> actions = new ArrayList<>();
            doc.get("spec").get("validationActions").forEach(a -> actions.add(a.asText()));
            assertEquals(List.of("Warn", "Audit"), actions, "warn mode only warns and audits");
            for (JsonNode v : doc.get("spec").get("validations")) {
                cel.compile(v.get("expression").asText());
                assertTrue(cel.message(v.get("messageExpression").asText(), POD).startsWith("psp2psa: "));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void mutatePoliciesRestoreTheDefaultsWherePspsAgree(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CliRunResult r = CliRunResult.of("convert", "-f", "samples/multi-tenant", "-o", out.toString(),
                "--emit-mutations", "--engines", "kyverno", "--cluster-version", "v1.30");
        assertEquals(0, r.exitCode());
        // The defaults both PSPs set alike are written (seccomp, allowPrivilegeEscalation, AppArmor); the others named.
        assertTrue(r.out().replace("\n  ", " ").contains("No mutate rule in tenant-b (legacy-api): the usable PSPs tenant-baseline, "
                + "tenant-restricted set different defaults for capabilities.drop,"),
                r.out());
        JsonSchema clusterPolicy = crdSchema("kyverno-clusterpolicies-crd.yaml", "v1");
        List<Path> files = files(out.resolve("kyverno-mutations"));
        assertEquals(4, files.size());
        for (Path f : files) {
            assertTrue(clusterPolicy.validate(YAML.readTree(f.toFile())).isEmpty(), f.toString());
        }
        JsonNode tenantA = YAML.readTree(out.resolve("kyverno-mutations/psp2psa-defaults-tenant-a.yaml").toFile());
        assertEquals("tenant-restricted", tenantA.get("metadata").get("annotations").get("psp2psa.dev/psps").asText());
        assertTrue(tenantA.get("metadata").get("annotations").get("psp2psa.dev/rules").asText().contains("runAsUser"));
        JsonNode patch = tenantA.get("spec").get("rules").get(0).get("mutate").get("patchStrategicMerge");
        assertEquals(1000, patch.get("spec").get("securityContext").get("+(fsGroup)").asInt());
        JsonNode container = patch.get("spec").get("containers").get(0);
        assertEquals("?*", container.get("(name)").asText());
        // The run-as defaults go at the pod level, where no container-level anchor overrides a pod's own value.
        assertTrue(patch.get("spec").get("securityContext").get("+(runAsNonRoot)").asBoolean());
        assertFalse(container.get("securityContext").has("+(runAsNonRoot)"));
        assertEquals("ALL", container.get("securityContext").get("capabilities").get("+(drop)").get(0).asText());
    }

    @org.junit.jupiter.api.Test
    void hardeningPoliciesAreWrittenForEveryEngine(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliTestSupport.run("convert", "-f", "samples/multi-tenant", "-o", out.toString(),
                "--cluster-version", "v1.32", "--hardening", "samples/hardening.yaml"));
        JsonSchema validatingPolicy = crdSchema("kyverno-validatingpolicies-crd.yaml", "v1");
        JsonNode kyverno = YAML.readTree(out.resolve("kyverno/psp2psa-hardening-trusted-registries.yaml").toFile());
        assertEquals("ValidatingPolicy", kyverno.get("kind").asText(), "the Kyverno kind of a 1.32 cluster");
        assertTrue(validatingPolicy.validate(kyverno).isEmpty());
        ValidatingAdmissionPolicy vap = YAML.readValue(out.resolve("vap/psp2psa-hardening-disallow-latest-tag.yaml")
                .toFile(), ValidatingAdmissionPolicy.class);
        CelEvaluator cel = new CelEvaluator();
        assertEquals(false, cel.evaluate(vap.getSpec().getValidations().get(0).getExpression(), POD),
                "an untagged image fails");
        assertTrue(cel.message(vap.getSpec().getValidations().get(0).getMessageExpression(), POD)
                .startsWith("psp2psa: hardening (disallowLatestTag): "));
        ValidatingAdmissionPolicyBinding binding = YAML.readValue(
                out.resolve("vap/psp2psa-hardening-disallow-latest-tag-binding.yaml").toFile(),
                ValidatingAdmissionPolicyBinding.class);
        assertEquals(List.of("calico-system", "ingress-nginx", "kube-system", "monitoring", "tenant-a", "tenant-b"),
                binding.getSpec().getMatchResources().getNamespaceSelector().getMatchExpressions().get(0).getValues(),
                "'*' means every labelled namespace, kube-system too now that it is planned like any other");
        assertEquals(3, CliTestSupport.run("convert", "-f", "samples/multi-tenant", "-o", tmp.resolve("x").toString(),
                "--hardening", "no/such/file.yaml"));
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kyverno-clusterpolicies-crd.yaml"})
    void theSchemaCheckRejectsUnknownFields(String crd) throws IOException {
        JsonSchema gatekeeper = crdSchema("gatekeeper-constrainttemplate-crd.yaml", "v1");
        JsonNode misspelled = YAML.readTree("""
                apiVersion: templates.gatekeeper.sh/v1
                kind: ConstraintTemplate
                metadata: {name: x}
                spec:
                  crd: {spec: {names: {kind: X}}}
                  targets: [{target: admission.k8s.gatekeeper.sh, regoo: 'package x'}]
                """);
        assertFalse(gatekeeper.validate(misspelled).isEmpty(), "a misspelled template field is an error");
        JsonSchema schema = crdSchema(crd, "v1");
        JsonNode bad = YAML.readTree("""
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: x}
                spec:
                  rules:
                  - name: r
                    match: {any: [{resources: {kinds: [Pod]}}]}
                    validate: {failureActon: Enforce, cel: {expressions: [{expression: 'true'}]}}
                """);
        assertFalse(schema.validate(bad).isEmpty(), "a misspelled field is an error");
    }
}
