package dev.psp2psa.psp;

import static dev.psp2psa.psp.Fixtures.container;
import static dev.psp2psa.psp.Fixtures.meta;
import static dev.psp2psa.psp.Fixtures.permissive;
import static dev.psp2psa.psp.Fixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.psp.AdmissionDiff.Change;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.policy.v1beta1.FSGroupStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RunAsUserStrategyOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What PSP admission changed in a pod, for PSPs whose defaults Kubernetes 1.23/1.24 applies as cited: each case
 * admits a pod with {@link PspAnalyzer#admit} and names exactly the fields that the API server would have written.
 */
class AdmissionDiffTest {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();

    private static List<Change> changes(PodSecurityPolicy psp, ObjectMeta meta, PodSpec spec) {
        Admission a = ANALYZER.admit(psp, meta, spec);
        assertEquals(Map.of(), a.errors(), "the PSP admits the pod");
        return AdmissionDiff.changes(meta, spec, a);
    }

    /** A PSP with RunAsAny strategies, every volume and no defaults leaves the pod as it was. */
    @Test
    void permissivePspChangesNothing() {
        ObjectMeta meta = meta();
        PodSpec spec = spec(container("app"));
        Admission a = ANALYZER.admit(permissive(), meta, spec);
        assertEquals(List.of(), AdmissionDiff.changes(meta, spec, a));
        assertTrue(AdmissionDiff.unchanged(meta, spec, a));
        assertEquals(List.of(), AdmissionDiff.fieldsSetBy("Deployment", meta, spec, a));
    }

    /**
     * provider.go, simpleProvider.DefaultContainerSecurityContext: allowPrivilegeEscalation false in the PSP and
     * unset in the container sets it to false in the container, and nothing else.
     */
    @Test
    void allowPrivilegeEscalationFalseIsWrittenIntoTheContainer() {
        ObjectMeta meta = meta();
        PodSpec spec = spec(container("app"), container("sidecar"));
        List<Change> changes = changes(permissive(s -> s.setAllowPrivilegeEscalation(false)), meta, spec);
        assertEquals(List.of(new Change("spec.containers[0].securityContext.allowPrivilegeEscalation", "false"),
                new Change("spec.containers[1].securityContext.allowPrivilegeEscalation", "false")), changes);
    }

    /** The same, when the container asked for it: DefaultContainerSecurityContext only fills an unset field. */
    @Test
    void aFieldTheContainerSetIsNotAChange() {
        Container c = container("app");
        c.setSecurityContext(new SecurityContext());
        c.getSecurityContext().setAllowPrivilegeEscalation(false);
        ObjectMeta meta = meta();
        PodSpec spec = spec(c);
        assertEquals(List.of(), changes(permissive(s -> s.setAllowPrivilegeEscalation(false)), meta, spec));
    }

    /**
     * capabilities/capabilities.go, defaultCapabilities.Generate: the required drops are joined with the
     * container's own as a set and written back sorted ({@code sets.String.List()}); the change is the whole list.
     */
    @Test
    void requiredDropsJoinTheContainersListSorted() {
        Container c = container("app");
        c.setSecurityContext(new SecurityContext());
        c.getSecurityContext().setCapabilities(new Capabilities(null, List.of("NET_RAW")));
        ObjectMeta meta = meta();
        PodSpec spec = spec(c);
        assertEquals(List.of(new Change("spec.containers[0].securityContext.capabilities.drop",
                "[\"ALL\",\"NET_RAW\"]")),
                changes(permissive(s -> s.setRequiredDropCapabilities(List.of("ALL"))), meta, spec));
    }

    /**
     * user/mustrunas.go, mustRunAs.Generate gives the first range's min, which DefaultContainerSecurityContext
     * writes into each container without an effective runAsUser; group/mustrunas.go gives fsGroup the first
     * range's min at pod level (DefaultPodSecurityContext).
     */
    @Test
    void mustRunAsStrategiesWriteTheFirstRangesMinimum() {
        PodSecurityPolicy psp = permissive(s -> {
            s.setRunAsUser(new RunAsUserStrategyOptions(List.of(new IDRange(2000L, 1000L)), "MustRunAs"));
            s.setFsGroup(new FSGroupStrategyOptions(List.of(new IDRange(3000L, 2000L)), "MustRunAs"));
        });
        ObjectMeta meta = meta();
        PodSpec spec = spec(container("app"));
        assertEquals(List.of(new Change("spec.containers[0].securityContext.runAsUser", "1000"),
                new Change("spec.securityContext.fsGroup", "2000")), changes(psp, meta, spec));
    }

    /** A pod-level runAsUser in the range is the container's effective user: nothing to write. */
    @Test
    void aPodLevelUserInRangeIsKept() {
        PodSecurityPolicy psp = permissive(s -> s.setRunAsUser(
                new RunAsUserStrategyOptions(List.of(new IDRange(2000L, 1000L)), "MustRunAs")));
        ObjectMeta meta = meta();
        PodSpec spec = spec(container("app"));
        spec.setSecurityContext(new PodSecurityContext());
        spec.getSecurityContext().setRunAsUser(1500L);
        assertEquals(List.of(), changes(psp, meta, spec));
    }

    /**
     * seccomp/strategy.go, strategy.Generate sets the pod annotation to the default profile; the pod registry
     * strategy's PrepareForCreate then copies it into spec.securityContext.seccompProfile. The field is the fact a
     * workload must keep: fieldsSetBy lists it once, without its annotation twin.
     */
    @Test
    void aDefaultSeccompProfileIsListedOnceAsItsField() {
        PodSecurityPolicy psp = permissive();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SeccompRule.ALLOWED_KEY, "runtime/default");
        annotations.put(SeccompRule.DEFAULT_KEY, "runtime/default");
        psp.getMetadata().setAnnotations(annotations);
        ObjectMeta meta = meta();
        PodSpec spec = spec(container("app"));
        Admission a = ANALYZER.admit(psp, meta, spec);
        // PSP itself writes the annotation (MutatePod); the stored pod also has the field (PrepareForCreate), which
        // is what a workload must set: listed once, as the field.
        assertEquals(List.of(
                new Change("metadata.annotations.seccomp.security.alpha.kubernetes.io/pod", "runtime/default")),
                AdmissionDiff.changes(meta, spec, a));
        assertEquals(List.of(new Change("spec.securityContext.seccompProfile.type", "RuntimeDefault")),
                AdmissionDiff.storedChanges(meta, spec, a));
        assertEquals(List.of("spec.template.spec.securityContext.seccompProfile.type=RuntimeDefault"),
                AdmissionDiff.fieldsSetBy("Deployment", meta, spec, a));
        assertEquals(List.of("spec.securityContext.seccompProfile.type=RuntimeDefault"),
                AdmissionDiff.fieldsSetBy("Pod", meta, spec, a));
        assertFalse(AdmissionDiff.unchanged(meta, spec, a));
    }

    @Test
    void syncedSeccompAnnotationsArePodAndContainerOnes() {
        assertTrue(AdmissionDiff.isSyncedSeccompAnnotation("metadata.annotations.seccomp.security.alpha.kubernetes.io/pod"));
        assertTrue(AdmissionDiff.isSyncedSeccompAnnotation(
                "metadata.annotations.container.seccomp.security.alpha.kubernetes.io/app"));
        assertFalse(AdmissionDiff.isSyncedSeccompAnnotation(
                "metadata.annotations.container.apparmor.security.beta.kubernetes.io/app"));
        assertFalse(AdmissionDiff.isSyncedSeccompAnnotation("spec.securityContext.seccompProfile.type"));
    }

    /** Where each kind keeps its pod template (apps/v1, batch/v1 CronJob.spec.jobTemplate.spec.template). */
    @Test
    void templatePaths() {
        assertEquals("", AdmissionDiff.templatePath("Pod"));
        assertEquals("spec.template.", AdmissionDiff.templatePath("Deployment"));
        assertEquals("spec.template.", AdmissionDiff.templatePath("DaemonSet"));
        assertEquals("spec.template.", AdmissionDiff.templatePath("Job"));
        assertEquals("spec.jobTemplate.spec.template.", AdmissionDiff.templatePath("CronJob"));
    }
}
