package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicyBuilder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PspAnalyzer#admissionContent}: what admission reads of a PSP, and nothing else. */
class AdmissionContentTest {

    private static PodSecurityPolicy psp(String name, Map<String, String> annotations, boolean hostNetwork) {
        return new PodSecurityPolicyBuilder().withNewMetadata().withName(name).withAnnotations(annotations)
                .withLabels(Map.of("team", name)).endMetadata()
                .withNewSpec().withHostNetwork(hostNetwork).withVolumes("*").endSpec().build();
    }

    @Test
    void nameLabelsAndOtherAnnotationsDoNotCount() {
        assertEquals(PspAnalyzer.admissionContent(psp("a", Map.of("owner", "x"), false)),
                PspAnalyzer.admissionContent(psp("b", Map.of("kubectl.kubernetes.io/last-applied-configuration", "{}"),
                        false)));
    }

    @Test
    void theSpecAndEveryProfileAnnotationCount() {
        Object base = PspAnalyzer.admissionContent(psp("a", Map.of(), false));
        assertNotEquals(base, PspAnalyzer.admissionContent(psp("a", Map.of(), true)));
        for (String key : List.of(PspNames.SECCOMP_ALLOWED, PspNames.SECCOMP_DEFAULT, PspNames.APPARMOR_ALLOWED,
                PspNames.APPARMOR_DEFAULT)) {
            assertNotEquals(base, PspAnalyzer.admissionContent(psp("a", Map.of(key, "runtime/default"), false)), key);
            // Present but empty is not absent: PSP treats them differently.
            assertNotEquals(base, PspAnalyzer.admissionContent(psp("a", Map.of(key, ""), false)), key);
        }
    }

    @Test
    void pspsWithEqualContentAdmitAlike() {
        for (long seed = 0; seed < 200; seed++) {
            PodSecurityPolicy a = Generators.psp(new Random(seed));
            PodSecurityPolicy b = Generators.psp(new Random(seed));
            b.getMetadata().setName("other");
            assertEquals(PspAnalyzer.admissionContent(a), PspAnalyzer.admissionContent(b));
            Generators.PodParts pod = Generators.pod(new Random(seed + 1));
            Admission x = PspAnalyzer.standard().admit(a, pod.meta(), pod.spec());
            Admission y = PspAnalyzer.standard().admit(b, pod.meta(), pod.spec());
            assertEquals(x.errors(), y.errors());
            assertEquals(x.spec(), y.spec());
            assertEquals(x.metadata(), y.metadata());
        }
    }
}
