package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psp2psa.pss.Evaluation;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import dev.psp2psa.pss.Violation;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The two bars of DESIGN §8 for PSP rules: a pod a PSP admits (after mutation) passes PSS at the PSP's level, except
 * where it breaks a listed assumption; and every reason's witness is admitted by its PSP and fails the level it
 * blocks, with the reason's check among the violations.
 */
class PspLevelProperties {

    static final List<Version> VERSIONS = List.of(Version.NEWEST, Version.of(24), Version.of(18));
    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();
    private static final PodSecurityEvaluator PSS = PodSecurityEvaluator.standard();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 400)
    void admittedPodsPassTheirPspLevel(@ForAll("seeds") long seed) throws Exception {
        Random r = new Random(seed);
        PodSecurityPolicy psp = Generators.psp(r);
        Generators.PodParts parts = Generators.pod(r);
        if (r.nextBoolean()) {
            // Conform the pod to the rules a plain pod cannot pass (profiles, procMount), to admit more pods.
            io.fabric8.kubernetes.api.model.Pod pod = Pods.copy(parts.meta(), parts.spec());
            ANALYZER.rules().all().forEach(rule -> rule.prepare(psp, pod));
            parts = new Generators.PodParts(pod.getMetadata(), pod.getSpec());
        }
        String before = JSON.writeValueAsString(parts);
        Admission admission = ANALYZER.admit(psp, parts.meta(), parts.spec());
        assertEquals(before, JSON.writeValueAsString(parts), "admission must not change its input");
        io.fabric8.kubernetes.api.model.Pod stored = PodCreate.stored(admission.metadata(), admission.spec());
        boolean created = admission.allowed() && PodCreate.validate(stored).isEmpty();
        Statistics.label("created").collect(created);
        if (!created) {
            return; // PSP rejected it, or the API server rejects what PSP made of it: no such pod runs.
        }
        for (Version v : VERSIONS) {
            PspLevel level = ANALYZER.level(psp, v);
            Statistics.label("level " + v).collect(level.level());
            Evaluation eval = PSS.evaluate(stored.getMetadata(), stored.getSpec(), level.level(), v);
            Set<String> excused = new HashSet<>();
            ANALYZER.assumptionsBrokenBy(admission.metadata(), admission.spec(), v).stream()
                    .filter(a -> level.assumptions().contains(a))
                    .forEach(a -> excused.addAll(a.checks()));
            for (Violation violation : eval.violations()) {
                assertTrue(excused.contains(violation.check()), () -> "PSP " + psp.getMetadata().getAnnotations()
                        + " " + psp.getSpec() + " at " + v + " is " + level.level() + " but admits a pod that fails "
                        + violation.message() + "\n" + new Witness(admission.metadata(), admission.spec(), "").yaml());
            }
        }
    }

    @Property(tries = 300)
    void everyWitnessIsAdmittedAndFailsTheLevelItBlocks(@ForAll("seeds") long seed) {
        Random r = new Random(seed);
        PodSecurityPolicy psp = Generators.psp(r);
        for (Version v : VERSIONS) {
            PspLevel level = ANALYZER.level(psp, v);
            Statistics.label("reasons").collect(level.reasons().size());
            for (PspLevel.Reason reason : level.reasons()) {
                Witness w = reason.witness();
                Admission again = ANALYZER.admit(psp, w.metadata(), w.spec());
                assertTrue(again.allowed(), () -> "witness of " + reason + " at " + v + " is rejected: "
                        + again.allErrors() + "\n" + w.yaml());
                List<String> apiErrors = PodCreate.validate(Pods.copy(w.metadata(), w.spec()));
                assertTrue(apiErrors.isEmpty(), () -> "witness of " + reason + " at " + v
                        + " is rejected by API validation: " + apiErrors + "\n" + w.yaml());
                for (Evaluation eval : List.of(PSS.evaluate(w.metadata(), w.spec(), reason.blocks(), v),
                        PSS.evaluate(again.metadata(), again.spec(), reason.blocks(), v))) {
                    assertFalse(eval.allowed(), () -> "witness of " + reason + " passes " + reason.blocks() + " at " + v
                            + "\n" + w.yaml());
                    assertTrue(eval.violations().stream().anyMatch(x -> x.check().equals(reason.check())),
                            () -> "witness of " + reason.rule() + " at " + v + " fails " + eval.violations()
                                    + " but not " + reason.check() + "\n" + w.yaml());
                }
                assertEquals(reason.check(), w.failingCheck());
            }
            if (level.level() != Level.RESTRICTED) {
                assertFalse(level.reasonsBlocking(level.level().compareTo(Level.BASELINE) < 0 ? Level.BASELINE
                        : Level.RESTRICTED).isEmpty());
            }
        }
    }
}
