package dev.psp2psa.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.policy.HardeningCel;
import dev.psp2psa.inventory.Hardening;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hardening rules translate to Rego with the string functions their CEL uses, one violation each. */
class HardeningRegoTest {

    @Test
    void everyHardeningRuleTranslates() {
        Map<Hardening.Kind, String> expected = Map.of(
                Hardening.Kind.TRUSTED_REGISTRIES, "startswith(",
                Hardening.Kind.DISALLOW_LATEST_TAG, "endswith(",
                Hardening.Kind.REQUIRE_IMAGE_DIGESTS, "contains(",
                Hardening.Kind.READ_ONLY_ROOT_FILESYSTEM, "readOnlyRootFilesystem",
                Hardening.Kind.REQUIRE_RESOURCE_LIMITS, "limits",
                Hardening.Kind.NO_SERVICE_ACCOUNT_TOKEN, "automountServiceAccountToken");
        for (Hardening.Kind kind : Hardening.Kind.values()) {
            CelPredicate p = HardeningCel.predicate(new Hardening.Rule(kind, List.of("*"),
                    kind == Hardening.Kind.TRUSTED_REGISTRIES ? List.of("ghcr.io/example/") : List.of()));
            String rego = RegoModule.module("psp2psa.test", List.of(new RegoModule.Check(p.expression(),
                    p.message())));
            assertTrue(rego.contains(expected.get(kind)), kind + ":\n" + rego);
            assertEquals(1, rego.split("violation\\[", -1).length - 1, kind + " has one violation:\n" + rego);
        }
    }
}
