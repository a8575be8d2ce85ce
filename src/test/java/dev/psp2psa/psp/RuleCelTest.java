package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.cel.CelPredicate;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The CEL of the rules as a whole: every rule translates, the text is deterministic and compiles, PSP predicates. */
class RuleCelTest {

    private static final PspAnalyzer CEL = PspAnalyzer.standard();
    private static final CelEvaluator EVALUATOR = new CelEvaluator();

    /** Every rule of the registry has a CEL translation: some generated PSP gives it a predicate. */
    @Test
    void everyPspRuleHasATranslation() {
        List<String> rules = CEL.rules().all().stream().map(PspRule::id).toList();
        TreeSet<String> translated = new TreeSet<>();
        for (int i = 0; i < 300; i++) {
            translated.addAll(CEL.predicates(Generators.psp(new Random(i))).keySet());
        }
        List<String> missing = new ArrayList<>(rules);
        missing.removeAll(translated);
        assertEquals(List.of(), missing, "PSP rules without a CEL translation");
        assertEquals(rules, List.copyOf(translated));
    }

    @Test
    void registryRejectsDuplicateIds() {
        PspRule rule = CEL.rules().all().get(0);
        assertThrows(IllegalArgumentException.class, () -> new PspRuleRegistry(List.of(rule, rule)));
    }

    @Test
    void sameInputGivesIdenticalText() {
        for (int i = 0; i < 200; i++) {
            PodSecurityPolicy a = Generators.psp(new Random(i));
            PodSecurityPolicy b = Generators.psp(new Random(i));
            assertEquals(CEL.predicates(a), CEL.predicates(b));
            assertEquals(CEL.pspPredicate(a), CEL.pspPredicate(b));
        }
    }

    @Test
    void listOrderDoesNotChangeText() {
        PodSecurityPolicy a = RuleCelCasesTest.psp("spec: {volumes: [secret, configMap], allowedCapabilities: [B, A], "
                + "hostPorts: [{min: 90, max: 100}, {min: 1, max: 10}, {min: 5, max: 20}]}");
        PodSecurityPolicy b = RuleCelCasesTest.psp("spec: {volumes: [configMap, secret, secret], allowedCapabilities: "
                + "[A, B], hostPorts: [{min: 1, max: 20}, {min: 90, max: 100}]}");
        for (String rule : List.of("volumes", "capabilities", "hostPorts")) {
            assertEquals(RuleCelCasesTest.predicate(rule, a).orElseThrow().expression(),
                    RuleCelCasesTest.predicate(rule, b).orElseThrow().expression(), rule);
        }
    }

    @Test
    void everyGeneratedPredicateCompilesAndMessagesAreSentences() {
        for (int i = 0; i < 300; i++) {
            PodSecurityPolicy psp = Generators.psp(new Random(i));
            CEL.predicates(psp).forEach((id, p) -> {
                EVALUATOR.compile(p.expression());
                assertTrue(p.message().startsWith("PSP '") && p.message().endsWith("."), p.message());
                assertFalse(p.expression().contains("?."), "no optional types: " + p.expression());
                assertFalse(p.expression().contains(".split("), "no split: " + p.expression());
                assertEquals(p.exact(), p.reason().isEmpty());
            });
            EVALUATOR.compile(CEL.pspPredicate(psp).expression());
        }
    }

    /** Every field of core/v1 Volume is a source PSP knows, the image source, or the name. */
    @Test
    void volumeKeysCoverEveryVolumeSource() {
        ObjectMapper mapper = new ObjectMapper();
        var d = mapper.getSerializationConfig().introspect(mapper.constructType(Volume.class));
        TreeSet<String> fields = new TreeSet<>();
        d.findProperties().forEach(p -> fields.add(p.getName()));
        fields.removeAll(List.of("name", "image", "additionalProperties"));
        assertEquals(fields, new TreeSet<>(VolumeTypes.names().stream().map(VolumeTypes::jsonKey).toList()));
    }

    @Test
    void pspWithConfigurationErrorsAdmitsNothing() {
        PodSecurityPolicy psp = RuleCelCasesTest.psp("spec: {runAsUser: {rule: MustRunAs}}");
        assertEquals("false", CEL.pspPredicate(psp).expression());
    }

    @Test
    void permissivePspHasOnlyTheRulesThatAlwaysRestrict() {
        PodSecurityPolicy psp = RuleCelCasesTest.psp("""
                metadata:
                  name: privileged
                  annotations:
                    seccomp.security.alpha.kubernetes.io/allowedProfileNames: '*'
                spec:
                  privileged: true
                  allowedCapabilities: ['*']
                  volumes: ['*']
                  hostNetwork: true
                  hostPID: true
                  hostIPC: true
                  hostPorts: [{min: 0, max: 65535}]
                  runAsUser: {rule: RunAsAny}
                  seLinux: {rule: RunAsAny}
                  supplementalGroups: {rule: RunAsAny}
                  fsGroup: {rule: RunAsAny}
                  allowedUnsafeSysctls: ['*']
                  allowedProcMountTypes: [Default, Unmasked]
                """);
        assertEquals(List.of("allowedProcMountTypes", "volumes"), List.copyOf(CEL.predicates(psp).keySet()));
    }

    @Test
    void disjunctionByServiceAccount() {
        String strategies = "runAsUser: {rule: RunAsAny}, seLinux: {rule: RunAsAny}, supplementalGroups: {rule: "
                + "RunAsAny}, fsGroup: {rule: RunAsAny}";
        PodSecurityPolicy restricted = RuleCelCasesTest.psp("metadata: {name: restricted}\nspec: {privileged: false, "
                + "readOnlyRootFilesystem: true, " + strategies + "}");
        PodSecurityPolicy privileged = RuleCelCasesTest.psp("metadata: {name: privileged}\nspec: {privileged: true, "
                + strategies + "}");
        org.junit.jupiter.api.Assertions.assertNotEquals("false", CEL.pspPredicate(privileged).expression());
        CelPredicate any = CEL.anyOf(List.of(restricted, privileged));
        Map<List<String>, CelPredicate> groups = new TreeMap<>((x, y) -> x.toString().compareTo(y.toString()));
        groups.put(List.of("admin"), any);
        groups.put(List.of("app", "default"), CEL.pspPredicate(restricted));
        CelPredicate bySa = CelPredicate.byServiceAccount("The pod is admitted by no PSP its service account may use.",
                groups);
        EVALUATOR.compile(bySa.expression());
        String priv = "spec: {serviceAccountName: %s, containers: [{name: c, securityContext: {privileged: true}}]}";
        String ro = "spec: {%s containers: [{name: c, securityContext: {readOnlyRootFilesystem: true}}]}";
        assertTrue(eval(bySa, priv.formatted("admin")));
        assertFalse(eval(bySa, priv.formatted("app")));
        assertFalse(eval(bySa, priv.formatted("other")));
        assertTrue(eval(bySa, ro.formatted("serviceAccountName: app,")));
        assertTrue(eval(bySa, ro.formatted("")), "an unset service account is 'default'");
        assertTrue(eval(bySa, ro.formatted("serviceAccountName: '',")), "an empty service account is 'default'");
        assertFalse(eval(bySa, ro.formatted("serviceAccountName: other,")));
    }

    private static boolean eval(CelPredicate p, String podYaml) {
        Pod pod = RuleCelCasesTest.pod("metadata: {name: p}\n" + podYaml);
        return EVALUATOR.evaluate(p, pod);
    }
}
