package dev.psp2psa.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.policy.GapPolicy;
import dev.psp2psa.policy.PolicyValidation;
import dev.psp2psa.psp.PspRule;
import dev.psp2psa.psp.PspRuleRegistry;
import dev.psp2psa.pss.Level;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One folder per PSP rule, {@code src/test/resources/dev/psp2psa/psp/rules/<ruleId>/}, so that a reviewer of one rule
 * reads one folder: {@code psp.yaml} (a PSP exercising the rule), {@code admitted.yaml} and {@code denied.yaml}
 * (pods, each citing the Kubernetes function that admits or denies it), and the approved output of that rule alone:
 * {@code cel.approved.txt}, {@code vap.approved.yaml}, {@code kyverno.approved.yaml} and
 * {@code gatekeeper.approved.yaml}. For each folder, the rule's validation and its CEL (run with dev.cel) give the
 * labelled answer for every pod, the rule's policies (one gap policy for a namespace with only this PSP) validate
 * against their schemas with unknown fields as errors, and the output equals the approved files: a mismatch writes
 * {@code *.received.*} and fails; {@code -Dpsp2psa.approve=true} rewrites the approved files.
 */
class RuleGoldenTest {

    static final Path RULES = Path.of("src", "test", "resources", "dev", "psp2psa", "psp", "rules");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final PspRuleRegistry REGISTRY = PspRuleRegistry.standard();
    private static final CelEvaluator CEL = new CelEvaluator();

    @TestFactory
    Stream<DynamicTest> everyRuleFolder() throws IOException {
        return folders().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    /** Every folder is named after a rule of the registry. */
    @Test
    void foldersNameRules() throws IOException {
        assertFalse(folders().isEmpty());
        for (Path dir : folders()) {
            assertTrue(REGISTRY.byId(dir.getFileName().toString()).isPresent(), dir + " names no rule");
        }
    }

    /** Every rule of the registry has its folder: a rule cannot land without its PSP, pods and approved output. */
    @Test
    void everyRuleHasAFolder() throws IOException {
        List<String> names = folders().stream().map(d -> d.getFileName().toString()).toList();
        List<String> missing = REGISTRY.all().stream().map(PspRule::id).filter(id -> !names.contains(id)).toList();
        assertEquals(List.of(), missing, "rules without a folder under " + RULES);
    }

    private static List<Path> folders() throws IOException {
        try (Stream<Path> dirs = Files.list(RULES)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static void check(Path dir) throws Exception {
        PspRule rule = REGISTRY.byId(dir.getFileName().toString()).orElseThrow();
        PodSecurityPolicy psp = YAML.readValue(dir.resolve("psp.yaml").toFile(), PodSecurityPolicy.class);
        CelPredicate predicate = rule.predicate(psp).orElseThrow(() -> new AssertionError(rule.id()
                + " restricts nothing with " + dir.resolve("psp.yaml")));
        CEL.compile(predicate.expression());
        for (String file : List.of("admitted.yaml", "denied.yaml")) {
            boolean admitted = file.equals("admitted.yaml");
            List<Pod> pods = pods(dir.resolve(file));
            assertFalse(pods.isEmpty(), dir.resolve(file) + " has pods");
            for (Pod pod : pods) {
                String name = rule.id() + " " + file + " " + pod.getMetadata().getName();
                List<String> errors = rule.validate(psp, pod);
                // PSP's Generate fills an unset fsGroup or supplementalGroups before Validate, which alone would
                // complain; the gap policy admits them unset (GroupRule#predicate): the one difference allowed.
                boolean unsetGroups = (rule.id().equals("fsGroup") || rule.id().equals("supplementalGroups"))
                        && !errors.isEmpty() && errors.stream().allMatch(e -> e.contains("unable to validate empty "
                                + "groups against required ranges"))
                        // Likewise an unset AppArmor profile where PSP's default was runtime/default.
                        || rule.id().equals("appArmor") && !errors.isEmpty()
                                && errors.stream().allMatch(e -> e.contains("AppArmor profile must be set"));
                assertEquals(admitted, errors.isEmpty() || unsetGroups, name + ": validate gives " + errors);
                assertEquals(admitted, CEL.evaluate(predicate, pod), name + ": CEL\n" + predicate.expression());
            }
        }
        GapPolicy policy = new GapPolicy("psp2psa-" + rule.id().toLowerCase(java.util.Locale.ROOT),
                List.of("team-" + rule.id().toLowerCase(java.util.Locale.ROOT)), Level.BASELINE,
                List.of(new PolicyValidation(rule.id(), List.of(psp.getMetadata().getName()), List.of(rule.id()),
                        predicate)));
        String cel = "exact: " + predicate.exact() + (predicate.exact() ? "" : "\nreason: " + predicate.reason())
                + "\nmessage: " + predicate.message() + "\nexpression:\n" + predicate.expression() + "\n";
        OutputTree vap = new OutputTree();
        VapEmitter.emit(List.of(policy), VapEmitter.Mode.DENY, vap);
        OutputTree kyverno = new OutputTree();
        KyvernoEmitter.emit(List.of(policy), VapEmitter.Mode.DENY,
                dev.psp2psa.policy.Compatibility.KyvernoKind.CLUSTER_POLICY, kyverno);
        OutputTree gatekeeper = new OutputTree();
        GatekeeperEmitter.emit(List.of(policy), VapEmitter.Mode.DENY, true, gatekeeper);
        validate(vap, kyverno, gatekeeper);
        List<String> mismatches = new ArrayList<>();
        compare(dir, "cel.approved.txt", cel, mismatches);
        compare(dir, "vap.approved.yaml", objects(vap), mismatches);
        compare(dir, "kyverno.approved.yaml", objects(kyverno), mismatches);
        compare(dir, "gatekeeper.approved.yaml", objects(gatekeeper), mismatches);
        if (!mismatches.isEmpty()) {
            fail(rule.id() + ": output differs from " + mismatches + "; see the *.received.* files, or run with "
                    + "-Dpsp2psa.approve=true after review");
        }
    }

    private static List<Pod> pods(Path file) throws IOException {
        List<Pod> pods = new ArrayList<>();
        try (MappingIterator<Pod> it = YAML.readerFor(Pod.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                pods.add(it.next());
            }
        }
        return pods;
    }

    /** The policy objects of a tree (no kustomizations), one YAML document each, in path order. */
    private static String objects(OutputTree tree) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> f : tree.files().entrySet()) {
            if (!f.getKey().endsWith("kustomization.yaml")) {
                b.append("---\n# ").append(f.getKey()).append('\n').append(f.getValue());
            }
        }
        return b.toString();
    }

    /** Every object against its schema: the API types for VAP, the CRDs for Kyverno and Gatekeeper templates. */
    private static void validate(OutputTree vap, OutputTree kyverno, OutputTree gatekeeper) throws Exception {
        for (Map.Entry<String, String> f : vap.files().entrySet()) {
            if (f.getKey().endsWith("kustomization.yaml")) {
                continue;
            }
            JsonNode doc = YAML.readTree(f.getValue());
            Class<?> type = doc.get("kind").asText().equals("ValidatingAdmissionPolicy")
                    ? ValidatingAdmissionPolicy.class : ValidatingAdmissionPolicyBinding.class;
            EmittedSchemaTest.assertNoUnknownFields(YAML.treeToValue(doc, type), f.getKey(),
                    java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        schema(kyverno, "kyverno/", EmittedSchemaTest.crdSchema("kyverno-clusterpolicies-crd.yaml", "v1"));
        schema(gatekeeper, GatekeeperEmitter.TEMPLATES,
                EmittedSchemaTest.crdSchema("gatekeeper-constrainttemplate-crd.yaml", "v1"));
    }

    private static void schema(OutputTree tree, String prefix, JsonSchema schema) throws IOException {
        int n = 0;
        for (Map.Entry<String, String> f : tree.files().entrySet()) {
            if (f.getKey().startsWith(prefix) && !f.getKey().endsWith("kustomization.yaml")) {
                Set<ValidationMessage> errors = schema.validate(YAML.readTree(f.getValue()));
                assertTrue(errors.isEmpty(), f.getKey() + ": " + errors);
                n++;
            }
        }
        assertTrue(n > 0, "objects under " + prefix);
    }

    private static void compare(Path dir, String approvedName, String actual, List<String> mismatches)
            throws IOException {
        Path approved = dir.resolve(approvedName);
        Path received = dir.resolve(approvedName.replace(".approved.", ".received."));
        if (Boolean.getBoolean("psp2psa.approve")) {
            Files.writeString(approved, actual, StandardCharsets.UTF_8);
        }
        String expected = Files.exists(approved) ? Files.readString(approved, StandardCharsets.UTF_8) : null;
        if (actual.equals(expected)) {
            Files.deleteIfExists(received);
        } else {
            Files.writeString(received, actual, StandardCharsets.UTF_8);
            mismatches.add(approvedName);
        }
    }
}
