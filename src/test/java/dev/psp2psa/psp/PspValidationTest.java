package dev.psp2psa.psp;

import static dev.psp2psa.psp.Fixtures.permissive;
import static dev.psp2psa.psp.Fixtures.restricted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedHostPath;
import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RuntimeClassStrategyOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PSPs that {@code ValidatePodSecurityPolicy} (pkg/apis/policy/validation/validation.go, 1.23/1.24) rejects are never
 * stored: psp2psa reports them as configuration errors, and PSP admission of any pod with them fails.
 */
class PspValidationTest {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();

    private static List<String> errors(PodSecurityPolicy psp) {
        return ANALYZER.configurationErrors(psp);
    }

    private static void assertRejected(PodSecurityPolicy psp, String detail) {
        List<String> e = errors(psp);
        assertTrue(e.stream().anyMatch(x -> x.contains("the API server rejects this PSP") && x.contains(detail)),
                e.toString());
        assertFalse(ANALYZER.admit(psp, Fixtures.meta(), Fixtures.spec(Fixtures.container("a"))).allowed());
        assertTrue(ANALYZER.level(psp, dev.psp2psa.pss.Version.NEWEST).reasons().isEmpty());
    }

    @Test
    void theFixturesAreValid() {
        assertEquals(List.of(), errors(restricted()));
        assertEquals(List.of(), errors(permissive()));
    }

    @Test
    void requiredDropsWithAllCapabilitiesAllowed() {
        assertRejected(permissive(s -> {
            s.setAllowedCapabilities(List.of("*"));
            s.setRequiredDropCapabilities(List.of("NET_RAW"));
        }), "must be empty when all capabilities are allowed by a wildcard");
    }

    @Test
    void aCapabilityBothAddedAndDropped() {
        assertRejected(permissive(s -> {
            s.setDefaultAddCapabilities(List.of("NET_RAW"));
            s.setRequiredDropCapabilities(List.of("NET_RAW"));
        }), "capability is listed in defaultAddCapabilities and requiredDropCapabilities");
    }

    @Test
    void aTrueEscalationDefaultWithoutEscalation() {
        assertRejected(restricted(s -> s.setDefaultAllowPrivilegeEscalation(true)),
                "Cannot set DefaultAllowPrivilegeEscalation to true");
    }

    @Test
    void hostPathPrefixesMustBeSetAndNotClimb() {
        assertRejected(permissive(s -> s.setAllowedHostPaths(List.of(new AllowedHostPath("", true)))),
                "is required");
        assertRejected(permissive(s -> s.setAllowedHostPaths(List.of(new AllowedHostPath("/var/../etc", false)))),
                "must not contain '..'");
    }

    @Test
    void idRangesMustBeOrderedAndNotNegative() {
        assertRejected(restricted(s -> s.getFsGroup().setRanges(List.of(new IDRange(10L, 20L)))),
                "min cannot be greater than max");
        assertRejected(permissive(s -> {
            s.getRunAsUser().setRule("MustRunAs");
            s.getRunAsUser().setRanges(List.of(new IDRange(5L, -1L)));
        }), "min cannot be negative");
    }

    @Test
    void runtimeClassDefaultMustBeAllowedAndStarAlone() {
        assertRejected(permissive(s -> s.setRuntimeClass(new RuntimeClassStrategyOptions(List.of("gvisor"),
                "kata"))), "default \"kata\" must be allowed");
        assertRejected(permissive(s -> s.setRuntimeClass(new RuntimeClassStrategyOptions(List.of("*", "gvisor"),
                null))), "if '*' is present, must not specify other RuntimeClass names");
        assertEquals(List.of(), errors(permissive(s -> s.setRuntimeClass(
                new RuntimeClassStrategyOptions(List.of("*"), "kata")))));
    }
}
