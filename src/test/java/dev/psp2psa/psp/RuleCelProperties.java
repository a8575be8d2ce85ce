package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.cel.CelPredicate;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Each rule's CEL against its own validation, over the one registry: for generated PSPs and pods, every rule's
 * {@link PspRule#predicate} (run with dev.cel) decides as the same rule's {@link PspRule#validate} of the unmutated
 * pod plus the defaults PSP guaranteed ({@link RuleCelOracle}); an approximation is never looser. No evaluation ever
 * fails.
 */
class RuleCelProperties {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();
    private static final PspRuleRegistry RULES = ANALYZER.rules();
    private static final CelEvaluator EVALUATOR = new CelEvaluator();

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    private static Pod pod(Random r, PodSecurityPolicy psp) {
        Generators.PodParts parts = Generators.pod(r);
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(parts.meta());
        pod.setSpec(parts.spec());
        if (r.nextBoolean()) {
            // Conform the pod to rules a plain pod cannot pass (profiles, procMount), so more pods pass.
            RULES.all().forEach(rule -> rule.prepare(psp, pod));
        }
        return pod;
    }

    @Property(tries = 400)
    void everyRulePredicateDecidesAsItsValidation(@ForAll("seeds") long seed) {
        Random r = new Random(seed);
        PodSecurityPolicy psp = Generators.psp(r);
        Pod pod = pod(r, psp);
        Map<String, Object> object = CelEvaluator.toObject(pod);
        boolean allPass = true;
        for (PspRule rule : RULES.all()) {
            boolean expected = RuleCelOracle.passes(rule, psp, pod);
            Optional<CelPredicate> predicate = rule.predicate(psp);
            boolean actual = predicate.map(p -> EVALUATOR.evaluate(p.expression(), object)).orElse(true);
            String context = rule.id() + " on seed " + seed + "\nerrors: " + RuleCelOracle.errors(rule, psp, pod)
                    + "\nexpression:\n" + predicate.map(CelPredicate::expression).orElse("(none)")
                    + "\npod: " + object;
            if (predicate.isPresent() && !predicate.get().exact()) {
                assertTrue(!actual || expected, "approximation looser than PSP: " + context);
                Statistics.label("approximation agrees").collect(actual == expected);
            } else {
                assertEquals(expected, actual, context);
            }
            Statistics.label("rule passes").collect(actual);
            Statistics.label(rule.id()).collect(actual);
            if (!actual) {
                Statistics.label("failing rule").collect(rule.id());
            }
            allPass &= actual;
        }
        Statistics.label("pod passes every rule").collect(allPass);
        boolean whole = EVALUATOR.evaluate(ANALYZER.pspPredicate(psp).expression(), object);
        assertTrue(!whole || allPass, "the PSP predicate admits a pod some rule rejects");
        if (ANALYZER.pspPredicate(psp).exact() && ANALYZER.configurationErrors(psp).isEmpty()) {
            assertEquals(allPass, whole, "the PSP predicate is the conjunction of the rules");
        }
    }

    /**
     * Against PSP admission itself: a pod PSP admitted, as PSP mutated it and the API server stored it,
     * passes the PSP's predicate; a pod PSP rejected (after mutation) fails it, so the predicate is never looser
     * than PSP.
     */
    @Property(tries = 300)
    void pspPredicateAgreesWithPspAdmission(@ForAll("seeds") long seed) {
        Random r = new Random(seed);
        PodSecurityPolicy psp = Generators.psp(r);
        Pod pod = pod(r, psp);
        Admission admission = ANALYZER.admit(psp, pod.getMetadata(), pod.getSpec());
        boolean admitted = admission.allErrors().stream().allMatch(e -> e.contains("(API validation)"));
        CelPredicate predicate = ANALYZER.pspPredicate(psp);
        Statistics.label("admitted").collect(admitted);
        if (admitted) {
            // As the policies see it: PSP's output after the registry's seccomp copy (PrepareForCreate).
            Map<String, Object> mutated = CelEvaluator.toObject(PodCreate.stored(admission.metadata(),
                    admission.spec()));
            if (predicate.exact()) {
                assertTrue(EVALUATOR.evaluate(predicate.expression(), mutated), () -> "seed " + seed
                        + ": PSP admitted the pod, its mutated form fails\n" + failing(psp, mutated));
            }
        } else {
            assertTrue(!EVALUATOR.evaluate(predicate.expression(), CelEvaluator.toObject(pod)), () -> "seed " + seed
                    + ": PSP rejected the pod, the predicate admits it: " + admission.allErrors());
        }
    }

    private static String failing(PodSecurityPolicy psp, Map<String, Object> object) {
        StringBuilder b = new StringBuilder();
        ANALYZER.predicates(psp).forEach((id, p) -> {
            if (!EVALUATOR.evaluate(p.expression(), object)) {
                b.append(id).append(":\n").append(p.expression()).append('\n');
            }
        });
        return b + "pod: " + object;
    }
}
