package dev.psp2psa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.policy.Compatibility.KyvernoKind;
import dev.psp2psa.pss.Version;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The decisions taken from the compatibility table, version by version (docs/compatibility.md gives the sources):
 * PodSecurityConfiguration v1alpha1 on 1.22, v1beta1 on 1.23-1.24, v1 from 1.25 (Kubernetes docs, "Enforce Pod
 * Security Standards by Configuring the Built-in Admission Controller"); VAP v1 from 1.30; Kyverno CEL from 1.25
 * (Kyverno 1.11), rule-level failureAction from 1.28 (Kyverno 1.13), ValidatingPolicy v1 from 1.32 (Kyverno 1.17);
 * Gatekeeper's CEL engine from 1.28 (Gatekeeper 3.17).
 */
class CompatibilityTest {

    @Test
    void eachClusterVersionGetsWhatItServes() {
        assertEquals(Compatibility.PSA_V1ALPHA1, Compatibility.psaConfig(Version.of(22)));
        assertEquals(Compatibility.PSA_V1BETA1, Compatibility.psaConfig(Version.of(23)));
        assertEquals(Compatibility.PSA_V1BETA1, Compatibility.psaConfig(Version.of(24)));
        assertEquals(Compatibility.PSA_V1, Compatibility.psaConfig(Version.of(25)));
        assertEquals(Compatibility.PSA_V1, Compatibility.psaConfig(Version.of(36)));

        assertEquals(EnumSet.of(Engine.GATEKEEPER), Compatibility.engines(Version.of(22)));
        assertEquals(EnumSet.of(Engine.GATEKEEPER), Compatibility.engines(Version.of(24)));
        assertEquals(EnumSet.of(Engine.GATEKEEPER, Engine.KYVERNO), Compatibility.engines(Version.of(25)));
        assertEquals(EnumSet.of(Engine.GATEKEEPER, Engine.KYVERNO), Compatibility.engines(Version.of(29)));
        assertEquals(EnumSet.allOf(Engine.class), Compatibility.engines(Version.of(30)));
        assertEquals(EnumSet.allOf(Engine.class), Compatibility.engines(Version.of(36)));

        assertEquals(Optional.empty(), Compatibility.kyverno(Version.of(24)));
        assertEquals(Optional.of(KyvernoKind.CLUSTER_POLICY), Compatibility.kyverno(Version.of(25)));
        assertEquals(Optional.of(KyvernoKind.CLUSTER_POLICY_RULE_ACTION), Compatibility.kyverno(Version.of(30)));
        assertEquals(Optional.of(KyvernoKind.VALIDATING_POLICY), Compatibility.kyverno(Version.of(32)));
        assertTrue(Compatibility.runs(KyvernoKind.CLUSTER_POLICY, Version.of(33)), "older forms keep running");
        assertFalse(Compatibility.runs(KyvernoKind.VALIDATING_POLICY, Version.of(31)));

        assertFalse(Compatibility.gatekeeperCel(Version.of(27)));
        assertTrue(Compatibility.gatekeeperCel(Version.of(28)));

        assertTrue(Compatibility.unavailable(Engine.VAP, Version.of(24)).orElseThrow().contains("1.30"));
        assertTrue(Compatibility.unavailable(Engine.KYVERNO, Version.of(24)).orElseThrow()
                .contains("Kyverno 1.11"));
    }
}
