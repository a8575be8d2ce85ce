package dev.psp2psa.pss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodSecurityEvaluatorTest {

    private final PodSecurityEvaluator evaluator = PodSecurityEvaluator.standard();

    static final String RESTRICTED_POD = """
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - name: app
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """;

    @Test
    void minimalPodIsBaselineOnly() {
        Pod pod = TestPods.pod("spec: {containers: [{name: app}]}");
        assertEquals(Level.BASELINE, evaluator.tightestLevel(pod.getMetadata(), pod.getSpec(), Version.NEWEST));
        Evaluation restricted = evaluator.evaluate(pod, Level.RESTRICTED, Version.NEWEST);
        assertEquals(List.of("allowPrivilegeEscalation", "capabilities_restricted", "runAsNonRoot",
                "seccompProfile_restricted"), restricted.violations().stream().map(Violation::check).toList());
        assertEquals("allowPrivilegeEscalation != false (container \"app\" must set "
                + "securityContext.allowPrivilegeEscalation=false)", restricted.violations().get(0).message());
    }

    @Test
    void hardenedPodIsRestricted() {
        Pod pod = TestPods.pod(RESTRICTED_POD);
        assertEquals(Level.RESTRICTED, evaluator.tightestLevel(pod.getMetadata(), pod.getSpec(), Version.NEWEST));
        assertTrue(evaluator.evaluate(pod, Level.RESTRICTED, Version.of(0)).allowed());
    }

    @Test
    void privilegedPodFailsBaseline() {
        Pod pod = TestPods.pod("spec: {hostNetwork: true, containers: [{name: a, securityContext: {privileged: true}}]}");
        assertEquals(Level.PRIVILEGED, evaluator.tightestLevel(pod.getMetadata(), pod.getSpec(), Version.NEWEST));
        Evaluation baseline = evaluator.evaluate(pod, Level.BASELINE, Version.NEWEST);
        assertEquals(List.of(new Violation("hostNamespaces", "host namespaces", "hostNetwork=true"),
                new Violation("privileged", "privileged", "container \"a\" must not set securityContext.privileged=true")),
                baseline.violations());
        assertTrue(evaluator.evaluate(pod, Level.PRIVILEGED, Version.NEWEST).allowed());
    }

    @Test
    void levelDependsOnVersion() {
        Pod pod = TestPods.pod(RESTRICTED_POD.replace("capabilities: {drop: [ALL]}", "runAsUser: 0"));
        // capabilities_restricted starts at v1.22 and runAsUser at v1.23.
        assertEquals(Level.RESTRICTED, evaluator.tightestLevel(pod.getMetadata(), pod.getSpec(), Version.of(21)));
        assertEquals(Level.BASELINE, evaluator.tightestLevel(pod.getMetadata(), pod.getSpec(), Version.of(22)));
        assertEquals(List.of("capabilities_restricted", "runAsUser"),
                evaluator.evaluate(pod, Level.RESTRICTED, Version.of(23)).violations().stream()
                        .map(Violation::check).toList());
    }

    @Test
    void restrictedReportsTheOverridingCheckOnly() {
        Pod pod = TestPods.pod(RESTRICTED_POD.replace("drop: [ALL]", "drop: [ALL], add: [SYS_ADMIN]"));
        Evaluation e = evaluator.evaluate(pod, Level.RESTRICTED, Version.NEWEST);
        assertEquals(List.of(new Violation("capabilities_restricted", "unrestricted capabilities",
                "container \"app\" must not include \"SYS_ADMIN\" in securityContext.capabilities.add")), e.violations());
        assertEquals(List.of("capabilities_baseline"), evaluator.evaluate(pod, Level.BASELINE, Version.NEWEST)
                .violations().stream().map(Violation::check).toList());
    }

    @Test
    void versionIsCappedAndRecorded() {
        Evaluation e = evaluator.evaluate(null, null, Level.BASELINE, Version.of(500));
        assertEquals(Version.NEWEST, e.version());
        assertEquals(Level.BASELINE, e.level());
        assertTrue(e.allowed());
        // An absent pod has no container to fail any check.
        assertEquals(Level.RESTRICTED, evaluator.tightestLevel(null, null, Version.NEWEST));
    }

    @Test
    void userNamespacePodAtV135() {
        Pod pod = TestPods.pod("""
                spec:
                  hostUsers: false
                  securityContext: {seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: a
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL]}
                      runAsUser: 0
                      procMount: Unmasked
                """);
        assertEquals(List.of("procMount"), evaluator.evaluate(pod, Level.BASELINE, Version.of(34)).violations()
                .stream().map(Violation::check).toList());
        assertTrue(evaluator.evaluate(pod, Level.BASELINE, Version.of(35)).allowed());
        assertEquals(List.of("procMount_restricted"), evaluator.evaluate(pod, Level.RESTRICTED, Version.of(35))
                .violations().stream().map(Violation::check).toList());
        assertEquals(List.of("procMount", "runAsNonRoot", "runAsUser"), evaluator.evaluate(pod, Level.RESTRICTED,
                Version.of(34)).violations().stream().map(Violation::check).toList());
    }
}
