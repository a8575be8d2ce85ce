package dev.psp2psa.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.policy.GapPolicy;
import dev.psp2psa.policy.PolicyValidation;
import dev.psp2psa.pss.Level;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Template kinds and names: psp2psa's own, stable, DNS-1123 when lowercased, and never clashing. */
class GatekeeperEmitterTest {

    static GapPolicy policy(String name) {
        return new GapPolicy(name, List.of("ns"), Level.BASELINE, List.of(new PolicyValidation("privileged",
                List.of("p"), List.of("privileged"), CelPredicate.exact("true", "M."))));
    }

    @Test
    void kindsAreCamelCasedAndUnmistakablyPsp2psas() {
        Map<String, String> kinds = GatekeeperEmitter.kinds(List.of(policy("psp2psa-team-a"), policy("psp2psa-x1")));
        assertEquals("Psp2psaGapsTeamA", kinds.get("psp2psa-team-a"));
        assertEquals("Psp2psaGapsX1", kinds.get("psp2psa-x1"));
    }

    /**
     * A namespace name may have 63 characters; Gatekeeper's CRD for a template uses the lowercase kind plus "list" as
     * a DNS label (at most 63), so long kinds are shortened with a hash of the whole name, and stay distinct.
     */
    @Test
    void kindsOfLongNamespacesFitGatekeeper() {
        String ns63 = "n" + "a".repeat(61) + "z";
        String other = "n" + "a".repeat(61) + "y";
        Map<String, String> kinds = GatekeeperEmitter.kinds(List.of(policy("psp2psa-" + ns63),
                policy("psp2psa-" + other), policy("psp2psa-" + "b".repeat(48))));
        for (String kind : kinds.values()) {
            assertTrue((kind.toLowerCase(Locale.ROOT) + "list").length() <= 63, kind);
            assertTrue(kind.matches("[A-Za-z0-9]+"), kind);
        }
        assertNotEquals(kinds.get("psp2psa-" + ns63), kinds.get("psp2psa-" + other));
        assertEquals("Psp2psaGaps" + "B" + "b".repeat(47), kinds.get("psp2psa-" + "b".repeat(48)),
                "59 characters: kept as it is");
    }

    @Test
    void kindsThatWouldClashGetAHashOfTheirName() {
        List<GapPolicy> policies = List.of(policy("psp2psa-team-a"), policy("psp2psa-teama"));
        Map<String, String> kinds = GatekeeperEmitter.kinds(policies);
        String a = kinds.get("psp2psa-team-a").toLowerCase(Locale.ROOT);
        String b = kinds.get("psp2psa-teama").toLowerCase(Locale.ROOT);
        assertNotEquals(a, b);
        assertEquals(kinds, GatekeeperEmitter.kinds(policies), "stable");
        assertTrue(a.matches("[a-z0-9]+") && b.matches("[a-z0-9]+"), a + " " + b);
    }

    @Test
    void warnModeWarns() {
        Map<String, Object> c = GatekeeperEmitter.constraint(policy("psp2psa-ns"), "Psp2psaGapsNs",
                VapEmitter.Mode.WARN);
        assertEquals("warn", ((Map<?, ?>) c.get("spec")).get("enforcementAction"));
    }
}
