package dev.psp2psa.psp;

import static dev.psp2psa.psp.Fixtures.container;
import static dev.psp2psa.psp.Fixtures.meta;
import static dev.psp2psa.psp.Fixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ground truth for the request path around PSP admission, each case from the Kubernetes 1.23/1.24 function it
 * names (see docs/psp-semantics.md, "The request path").
 */
class PodCreateTest {

    private static void assertNoVolumes(List<Volume> volumes) {
        assertTrue(volumes == null || volumes.isEmpty(), String.valueOf(volumes));
    }

    private static void assertNoVolumes(List<Volume> volumes, String message) {
        assertTrue(volumes == null || volumes.isEmpty(), message + ": " + volumes);
    }

    private static Container withPort(String name, Integer containerPort, Integer hostPort) {
        Container c = container(name);
        ContainerPort p = new ContainerPort();
        p.setContainerPort(containerPort);
        p.setHostPort(hostPort);
        c.setPorts(List.of(p));
        return c;
    }

    /** SetDefaults_PodSpec / defaultHostNetworkPorts: under hostNetwork, hostPort 0 becomes containerPort. */
    @Test
    void hostNetworkDefaultsEachHostPortToItsContainerPort() {
        PodSpec spec = spec(withPort("app", 8080, null), withPort("metrics", 9100, 9200));
        spec.setInitContainers(List.of(withPort("init", 53, 0)));
        spec.setHostNetwork(true);
        assertTrue(PodCreate.defaultsChange(spec));
        PodSpec out = PodCreate.defaults(meta(), spec).getSpec();
        assertEquals(8080, out.getContainers().get(0).getPorts().get(0).getHostPort());
        assertEquals(9200, out.getContainers().get(1).getPorts().get(0).getHostPort(), "a set hostPort stays");
        assertEquals(53, out.getInitContainers().get(0).getPorts().get(0).getHostPort());
        assertNull(spec.getContainers().get(0).getPorts().get(0).getHostPort(), "the input must not change");
    }

    @Test
    void withoutHostNetworkPortsStayAsTheyAre() {
        PodSpec spec = spec(withPort("app", 8080, null));
        assertFalse(PodCreate.defaultsChange(spec));
        assertNull(PodCreate.defaults(meta(), spec).getSpec().getContainers().get(0).getPorts().get(0).getHostPort());
    }

    /** Convert_v1_PodSpec_To_core_PodSpec: the deprecated serviceAccount fills an empty serviceAccountName. */
    @Test
    void deprecatedServiceAccountFillsServiceAccountName() {
        PodSpec spec = spec(container("app"));
        spec.setServiceAccount("legacy");
        assertEquals("legacy", PodCreate.defaults(meta(), spec).getSpec().getServiceAccountName());
        spec.setServiceAccountName("current");
        assertEquals("current", PodCreate.defaults(meta(), spec).getSpec().getServiceAccountName(),
                "serviceAccountName wins when both are set");
    }

    /** ServiceAccount admission: default account, projected kube-api-access volume, a read-only mount each. */
    @Test
    void serviceAccountAdmissionMountsTheTokenIntoEveryContainer() {
        PodSpec spec = spec(container("app"), container("sidecar"));
        spec.setInitContainers(List.of(container("init")));
        Pod pod = PodCreate.beforePsp(meta(), spec, null);
        PodSpec out = pod.getSpec();
        assertEquals("default", out.getServiceAccountName());
        assertEquals(1, out.getVolumes().size());
        Volume token = out.getVolumes().get(0);
        assertTrue(token.getName().startsWith("kube-api-access-"));
        assertTrue(VolumesRule.isOnlyServiceAccountTokenSources(token.getProjected()),
                "the volume PSP allows where secret is allowed");
        for (Container c : List.of(out.getInitContainers().get(0), out.getContainers().get(0),
                out.getContainers().get(1))) {
            VolumeMount m = c.getVolumeMounts().get(0);
            assertEquals(token.getName(), m.getName());
            assertEquals("/var/run/secrets/kubernetes.io/serviceaccount", m.getMountPath());
            assertEquals(Boolean.TRUE, m.getReadOnly());
        }
        assertNoVolumes(spec.getVolumes(), "the input must not change");
    }

    /** shouldAutomount: the pod's field wins over the ServiceAccount's, which wins over the default (true). */
    @Test
    void automountFollowsPodThenServiceAccount() {
        PodSpec spec = spec(container("app"));
        assertTrue(PodCreate.automounts(spec, null));
        assertFalse(PodCreate.automounts(spec, false));
        spec.setAutomountServiceAccountToken(true);
        assertTrue(PodCreate.automounts(spec, false));
        spec.setAutomountServiceAccountToken(false);
        assertFalse(PodCreate.automounts(spec, true));
        assertNoVolumes(PodCreate.beforePsp(meta(), spec, true).getSpec().getVolumes());
        PodSpec plain = spec(container("app"));
        assertNoVolumes(PodCreate.beforePsp(meta(), plain, false).getSpec().getVolumes(),
                "a ServiceAccount with automountServiceAccountToken: false gets no token volume");
    }

    /** mountServiceAccountToken: a container with a mount at the token path gets none; no such container, no volume. */
    @Test
    void anExistingMountAtTheTokenPathKeepsTheTokenOut() {
        Container own = container("app");
        VolumeMount m = new VolumeMount();
        m.setName("mine");
        m.setMountPath(PodCreate.TOKEN_MOUNT_PATH);
        own.setVolumeMounts(List.of(m));
        PodSpec spec = spec(own);
        Pod pod = PodCreate.beforePsp(meta(), spec, null);
        assertNoVolumes(pod.getSpec().getVolumes());
        assertEquals(List.of(m), pod.getSpec().getContainers().get(0).getVolumeMounts());
    }

    /** mountServiceAccountToken reuses a volume already named kube-api-access-*. */
    @Test
    void anExistingTokenVolumeIsReused() {
        PodSpec spec = spec(container("app"));
        Volume v = new Volume();
        v.setName("kube-api-access-abcde");
        v.setProjected(PodCreate.tokenVolume("x").getProjected());
        spec.setVolumes(List.of(v));
        Pod pod = PodCreate.beforePsp(meta(), spec, null);
        assertEquals(1, pod.getSpec().getVolumes().size());
        assertEquals("kube-api-access-abcde", pod.getSpec().getContainers().get(0).getVolumeMounts().get(0).getName());
    }

    @Test
    void mirrorPodsAreLeftAlone() {
        PodSpec spec = spec(container("app"));
        Pod pod = PodCreate.beforePsp(meta("kubernetes.io/config.mirror", "hash"), spec, null);
        assertNoVolumes(pod.getSpec().getVolumes());
        assertTrue(Nulls.str(pod.getSpec().getServiceAccountName()).isEmpty());
    }

    /** applySeccompVersionSkew: each form without its twin gets the twin; both present stay as they are. */
    @Test
    void prepareForCreateCopiesSeccompBothWays() {
        PodSpec spec = spec(container("app"), container("side"));
        SecurityContext sc = new SecurityContext();
        sc.setSeccompProfile(new SeccompProfile("prof.json", "Localhost"));
        spec.getContainers().get(1).setSecurityContext(sc);
        Pod pod = PodCreate.stored(meta(PspNames.SECCOMP_POD, "docker/default",
                PspNames.SECCOMP_CONTAINER_PREFIX + "app", "unconfined"), spec);
        assertEquals("RuntimeDefault", pod.getSpec().getSecurityContext().getSeccompProfile().getType());
        assertEquals("Unconfined", pod.getSpec().getContainers().get(0).getSecurityContext().getSeccompProfile()
                .getType());
        assertEquals("localhost/prof.json",
                pod.getMetadata().getAnnotations().get(PspNames.SECCOMP_CONTAINER_PREFIX + "side"));
        assertEquals("docker/default", pod.getMetadata().getAnnotations().get(PspNames.SECCOMP_POD),
                "an existing annotation is kept as written");
        assertTrue(PodCreate.prepareForCreateChanges(meta(PspNames.SECCOMP_POD, "runtime/default"), spec(
                container("app"))));
        PodSpec both = spec(container("app"));
        PodSecurityContext psc = new PodSecurityContext();
        psc.setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
        both.setSecurityContext(psc);
        assertFalse(PodCreate.prepareForCreateChanges(meta(PspNames.SECCOMP_POD, "runtime/default"), both));
    }

    /**
     * A 1.24 API server decodes pods without the fields later versions added and drops them; a volume left without a
     * source is an emptyDir (SetDefaults_Volume). The target cluster (withoutPsp) keeps them.
     */
    @Test
    void a124ServerDropsFieldsItDoesNotKnow() {
        PodSpec spec = spec(container("app"));
        SecurityContext sc = new SecurityContext();
        sc.setAppArmorProfile(new io.fabric8.kubernetes.api.model.AppArmorProfile(null, "Unconfined"));
        spec.getContainers().get(0).setSecurityContext(sc);
        spec.setHostUsers(false);
        Volume image = new Volume();
        image.setName("model");
        image.setImage(new io.fabric8.kubernetes.api.model.ImageVolumeSource("IfNotPresent", "registry.example/m:1"));
        spec.setVolumes(List.of(image));
        spec.setAutomountServiceAccountToken(false);
        Pod old = PodCreate.beforePsp(meta(), spec, null);
        assertNull(old.getSpec().getContainers().get(0).getSecurityContext().getAppArmorProfile());
        assertNull(old.getSpec().getHostUsers());
        assertNull(old.getSpec().getVolumes().get(0).getImage());
        assertTrue(old.getSpec().getVolumes().get(0).getEmptyDir() != null, "a source-less volume is an emptyDir");
        Pod target = PodCreate.withoutPsp(meta(), spec, null);
        assertEquals("Unconfined", target.getSpec().getContainers().get(0).getSecurityContext().getAppArmorProfile()
                .getType());
        assertEquals(Boolean.FALSE, target.getSpec().getHostUsers());
        assertTrue(target.getSpec().getVolumes().get(0).getImage() != null);
    }

    /** ValidateSecurityContext: allowPrivilegeEscalation false is invalid next to privileged or CAP_SYS_ADMIN. */
    @Test
    void apiValidationRejectsWhatPspCanWriteNextToPrivileged() {
        SecurityContext sc = new SecurityContext();
        sc.setPrivileged(true);
        sc.setAllowPrivilegeEscalation(false);
        Container c = container("app");
        c.setSecurityContext(sc);
        assertEquals(List.of("spec.containers[0].securityContext: Invalid value: \"allowPrivilegeEscalation: false, "
                + "privileged: true\": cannot set `allowPrivilegeEscalation` to false and `privileged` to true"),
                PodCreate.validate(Pods.copy(meta(), spec(c))));
        SecurityContext caps = new SecurityContext();
        caps.setAllowPrivilegeEscalation(false);
        caps.setCapabilities(new io.fabric8.kubernetes.api.model.Capabilities(List.of("CAP_SYS_ADMIN"), null));
        Container d = container("app");
        d.setSecurityContext(caps);
        assertEquals(1, PodCreate.validate(Pods.copy(meta(), spec(d))).size());
        caps.setCapabilities(new io.fabric8.kubernetes.api.model.Capabilities(List.of("SYS_ADMIN"), null));
        assertEquals(List.of(), PodCreate.validate(Pods.copy(meta(), spec(d))),
                "validation compares the literal CAP_SYS_ADMIN only");
        sc.setAllowPrivilegeEscalation(true);
        assertEquals(List.of(), PodCreate.validate(Pods.copy(meta(), spec(c))));
    }
}
