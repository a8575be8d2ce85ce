package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** A rule that declares it never mutates pods lists no mutation for any PSP. */
class PspRuleMutationProperties {

    @Property(tries = 300)
    void onlyRulesDeclaredMutatingMutate(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        PodSecurityPolicy psp = Generators.psp(new Random(seed));
        for (PspRule rule : PspRuleRegistry.standard().all()) {
            if (!rule.mutations(psp).isEmpty()) {
                assertTrue(rule.mayMutate(), rule.id() + " mutates but does not say so");
            }
        }
    }
}
