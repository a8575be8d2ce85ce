package dev.psp2psa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspDefault;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicyBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A mutation restores only the defaults every usable PSP sets alike: PSP admission gave a pod the defaults of the PSP
 * that admitted it, so a default some PSP does not set, or sets otherwise, depended on which one did.
 */
class AgreedDefaultsTest {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();

    private static PodSecurityPolicy psp(String name, boolean escalation, String drop, long fsGroup) {
        return new PodSecurityPolicyBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withAllowPrivilegeEscalation(escalation).withRequiredDropCapabilities(drop == null ? List.of()
                        : List.of(drop))
                .withNewSeLinux().withRule("RunAsAny").endSeLinux()
                .withNewRunAsUser().withRule("RunAsAny").endRunAsUser()
                .withNewSupplementalGroups().withRule("RunAsAny").endSupplementalGroups()
                .withNewFsGroup().withRule("MustRunAs").addNewRange().withMin(fsGroup).withMax(fsGroup + 10).endRange()
                .endFsGroup().endSpec().build();
    }

    @Test
    void onlyTheDefaultsEveryPspSetsAlikeAreAgreed() {
        Map<String, PodSecurityPolicy> psps = Map.of(
                "a", psp("a", false, "ALL", 1000),
                "b", psp("b", false, "NET_RAW", 1000),
                "c", psp("c", true, "ALL", 1000));
        AgreedDefaults ab = AgreedDefaults.of(List.of("a", "b"), psps, ANALYZER);
        assertEquals(List.of("spec.containers[*].securityContext.allowPrivilegeEscalation=false",
                "spec.securityContext.fsGroup=1000"), ab.agreed().stream().map(PspDefault::toString).sorted().toList());
        assertEquals(List.of("spec.containers[*].securityContext.capabilities.drop"), ab.disagreed());
        assertTrue(ab.leftOut("No mutation in ns (sa)", List.of("b", "a")).startsWith("No mutation in ns (sa): the "
                + "usable PSPs a, b set different defaults for capabilities.drop,"));
        // c allows escalation and sets no default for it: only the drop and fsGroup are a's and c's alike.
        AgreedDefaults ac = AgreedDefaults.of(List.of("a", "c"), psps, ANALYZER);
        assertEquals(List.of("spec.containers[*].securityContext.allowPrivilegeEscalation"), ac.disagreed());
        AgreedDefaults alone = AgreedDefaults.of(List.of("a"), psps, ANALYZER);
        assertEquals(ANALYZER.mutations(psps.get("a")), alone.agreed());
        assertNull(alone.leftOut("x", List.of("a")));
        assertTrue(AgreedDefaults.of(List.of(), psps, ANALYZER).agreed().isEmpty());
    }
}
