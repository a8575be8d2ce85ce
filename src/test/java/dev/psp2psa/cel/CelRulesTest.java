package dev.psp2psa.cel;

import dev.psp2psa.psp.Generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psp2psa.psp.PspRule;
import dev.psp2psa.psp.PspRuleRegistry;
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

class CelRulesTest {

    private static final CelRules CEL = CelRules.standard();
    private static final CelEvaluator EVALUATOR = new CelEvaluator();

    @Test
    void everyPspRuleHasATranslatorAndNoTranslatorIsExtra() {
        List<String> psp = PspRuleRegistry.standard().all().stream().map(PspRule::id).toList();
        List<String> cel = CEL.all().stream().map(CelRule::id).toList();
        List<String> missing = new ArrayList<>(psp);
        missing.removeAll(cel);
        assertEquals(List.of(), missing, "PSP rules without a CEL translator");
        assertEquals(psp, cel);
    }

    @Test
    void registryRejectsDuplicateIds() {
        CelRule rule = CEL.all().get(0);
        assertThrows(IllegalArgumentException.class, () -> new CelRules(List.of(rule, rule)));
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
        PodSecurityPolicy a = CelRuleCasesTest.psp("spec: {volumes: [secret, configMap], allowedCapabilities: [B, A], "
                + "hostPorts: [{min: 90, max: 100}, {min: 1, max: 10}, {min: 5, max: 20}]}");
        PodSecurityPolicy b = CelRuleCasesTest.psp("spec: {volumes: [configMap, secret, secret], allowedCapabilities: "
                + "[A, B], hostPorts: [{min: 1, max: 20}, {min: 90, max: 100}]}");
        for (String rule : List.of("volumes", "capabilities", "hostPorts")) {
            assertEquals(CEL.predicate(rule, a).orElseThrow().expression(),
                    CEL.predicate(rule, b).orElseThrow().expression(), rule);
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
        assertEquals(fields, new TreeSet<>(ListCelRules.VOLUME_KEYS.values()));
    }

    @Test
    void pspWithConfigurationErrorsAdmitsNothing() {
        PodSecurityPolicy psp = CelRuleCasesTest.psp("spec: {runAsUser: {rule: MustRunAs}}");
        assertEquals("false", CEL.pspPredicate(psp).expression());
    }

    @Test
    void permissivePspHasOnlyTheRulesThatAlwaysRestrict() {
        PodSecurityPolicy psp = CelRuleCasesTest.psp("""
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
        PodSecurityPolicy restricted = CelRuleCasesTest.psp("metadata: {name: restricted}\nspec: {privileged: false, "
                + "readOnlyRootFilesystem: true, " + strategies + "}");
        PodSecurityPolicy privileged = CelRuleCasesTest.psp("metadata: {name: privileged}\nspec: {privileged: true, "
                + strategies + "}");
        org.junit.jupiter.api.Assertions.assertNotEquals("false", CEL.pspPredicate(privileged).expression());
        CelPredicate any = CEL.anyOf(List.of(restricted, privileged));
        Map<List<String>, CelPredicate> groups = new TreeMap<>((x, y) -> x.toString().compareTo(y.toString()));
        groups.put(List.of("admin"), any);
        groups.put(List.of("app", "default"), CEL.pspPredicate(restricted));
        CelPredicate bySa = CelRules.byServiceAccount("The pod is admitted by no PSP its service account may use.",
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
        Pod pod = CelRuleCasesTest.pod("metadata: {name: p}\n" + podYaml);
        return EVALUATOR.evaluate(p, pod);
    }

    @Test
    void combinators() {
        CelPredicate t = CelPredicate.exact("true", "PSP 't' always admits.");
        CelPredicate f = CelPredicate.approximation("false", "PSP 'f' never admits.", "a reason");
        assertEquals("true", CelPredicate.and(List.of()).expression());
        assertEquals("false", CelPredicate.or(List.of()).expression());
        CelPredicate and = CelPredicate.and(List.of(t, f));
        assertFalse(and.exact());
        assertEquals("a reason", and.reason());
        assertFalse(EVALUATOR.evaluate(and.expression(), Map.of()));
        assertTrue(EVALUATOR.evaluate(CelPredicate.or(List.of(t, f)).expression(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new CelPredicate("true", "m.", false, ""));
    }
}
