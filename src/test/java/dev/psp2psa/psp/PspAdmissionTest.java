package dev.psp2psa.psp;

import static dev.psp2psa.psp.Fixtures.annotated;
import static dev.psp2psa.psp.Fixtures.container;
import static dev.psp2psa.psp.Fixtures.meta;
import static dev.psp2psa.psp.Fixtures.permissive;
import static dev.psp2psa.psp.Fixtures.restricted;
import static dev.psp2psa.psp.Fixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedCSIDriver;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedFlexVolume;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedHostPath;
import io.fabric8.kubernetes.api.model.policy.v1beta1.FSGroupStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.HostPortRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RunAsGroupStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RunAsUserStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RuntimeClassStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.SELinuxStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.SupplementalGroupsStrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PSP admission, mutation then validation, after PSP's provider and strategies. */
class PspAdmissionTest {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();

    private static Admission admit(PodSecurityPolicy psp, PodSpec spec) {
        return ANALYZER.admit(psp, meta(), spec);
    }

    private static Container withSc(String name, SecurityContext sc) {
        Container c = container(name);
        c.setSecurityContext(sc);
        return c;
    }

    private static SecurityContext sc() {
        return new SecurityContext();
    }

    @Test
    void restrictedPspMutatesAPlainPodIntoARestrictedOne() {
        PodSpec input = spec(container("app"));
        Admission a = admit(restricted(), input);
        assertTrue(a.allowed(), a.allErrors()::toString);
        SecurityContext sc = a.spec().getContainers().get(0).getSecurityContext();
        assertEquals(Boolean.TRUE, sc.getRunAsNonRoot());
        assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertNull(sc.getSeLinuxOptions(), "containers inherit the pod-level SELinux options");
        assertEquals("container_t", a.spec().getSecurityContext().getSeLinuxOptions().getType());
        // PSP writes the seccomp annotation only (MutatePod); the field comes from PrepareForCreate, after PSP.
        assertNull(a.spec().getSecurityContext().getSeccompProfile());
        assertEquals("runtime/default", a.metadata().getAnnotations().get(SeccompRule.POD_KEY));
        assertEquals("runtime/default", a.metadata().getAnnotations().get(AppArmorRule.CONTAINER_PREFIX + "app"));
        io.fabric8.kubernetes.api.model.Pod stored = PodCreate.stored(a.metadata(), a.spec());
        assertEquals("RuntimeDefault", stored.getSpec().getSecurityContext().getSeccompProfile().getType());
        assertTrue(dev.psp2psa.pss.PodSecurityEvaluator.standard().evaluate(stored.getMetadata(), stored.getSpec(),
                dev.psp2psa.pss.Level.RESTRICTED, Version.NEWEST).allowed());
        assertNull(input.getContainers().get(0).getSecurityContext(), "the input must not change");
        assertNull(input.getSecurityContext());
    }

    @Test
    void mustRunAsNonRoot() {
        SecurityContext root = sc();
        root.setRunAsUser(0L);
        assertEquals(List.of("spec.containers[0].securityContext.runAsUser: Invalid value: 0: running with the root "
                + "UID is forbidden"), admit(restricted(), spec(withSc("app", root))).errors().get("runAsUser"));
        SecurityContext no = sc();
        no.setRunAsNonRoot(false);
        assertFalse(admit(restricted(), spec(withSc("app", no))).allowed());
        // A non-zero UID without runAsNonRoot passes PSP (but not PSS restricted: an assumption).
        SecurityContext uid = sc();
        uid.setRunAsUser(1000L);
        Admission a = admit(restricted(), spec(withSc("app", uid)));
        assertTrue(a.allowed(), a.allErrors()::toString);
        assertNull(a.spec().getContainers().get(0).getSecurityContext().getRunAsNonRoot());
        assertEquals(List.of(PspAnalyzer.RUN_AS_NON_ROOT_UNSET),
                ANALYZER.assumptionsBrokenBy(a.metadata(), a.spec(), Version.NEWEST));
    }

    @Test
    void podLevelRootOverriddenByEveryContainerPassesPsp() {
        PodSpec spec = spec(withSc("app", sc()));
        spec.getContainers().get(0).getSecurityContext().setRunAsUser(1000L);
        spec.setSecurityContext(new PodSecurityContext());
        spec.getSecurityContext().setRunAsUser(0L);
        spec.getSecurityContext().setRunAsNonRoot(true);
        Admission a = admit(restricted(), spec);
        assertTrue(a.allowed(), a.allErrors()::toString);
        assertTrue(ANALYZER.assumptionsBrokenBy(a.metadata(), a.spec(), Version.NEWEST)
                .contains(PspAnalyzer.POD_LEVEL_ROOT_OVERRIDDEN));
    }

    @Test
    void mustRunAsUserRanges() {
        PodSecurityPolicy psp = permissive(s -> s.setRunAsUser(
                new RunAsUserStrategyOptions(List.of(new IDRange(2000L, 1000L)), "MustRunAs")));
        Admission a = admit(psp, spec(container("app")));
        assertEquals(1000L, a.spec().getContainers().get(0).getSecurityContext().getRunAsUser());
        SecurityContext low = sc();
        low.setRunAsUser(5L);
        assertEquals(List.of("spec.containers[0].securityContext.runAsUser: Invalid value: 5: must be in the ranges: "
                + "[{1000 2000}]"), admit(psp, spec(withSc("app", low))).errors().get("runAsUser"));
        // The pod-level value is inherited, so no container value is written.
        PodSpec podLevel = spec(container("app"));
        podLevel.setSecurityContext(new PodSecurityContext());
        podLevel.getSecurityContext().setRunAsUser(1500L);
        Admission b = admit(psp, podLevel);
        assertTrue(b.allowed());
        assertNull(b.spec().getContainers().get(0).getSecurityContext());
    }

    @Test
    void capabilities() {
        PodSecurityPolicy psp = permissive(s -> {
            s.setDefaultAddCapabilities(List.of("NET_BIND_SERVICE", "CHOWN"));
            s.setRequiredDropCapabilities(List.of("NET_RAW", "ALL"));
            s.setAllowedCapabilities(List.of("KILL"));
        });
        SecurityContext drops = sc();
        drops.setCapabilities(new Capabilities(null, List.of("CHOWN")));
        Admission a = admit(psp, spec(container("plain"), withSc("drops", drops)));
        assertTrue(a.allowed(), a.allErrors()::toString);
        Capabilities plain = a.spec().getContainers().get(0).getSecurityContext().getCapabilities();
        assertEquals(List.of("CHOWN", "NET_BIND_SERVICE"), plain.getAdd());
        assertEquals(List.of("ALL", "NET_RAW"), plain.getDrop());
        assertEquals(List.of("NET_BIND_SERVICE"), a.spec().getContainers().get(1).getSecurityContext()
                .getCapabilities().getAdd());
        SecurityContext adds = sc();
        adds.setCapabilities(new Capabilities(List.of("SYS_ADMIN", "KILL"), null));
        assertEquals(List.of("spec.containers[0].securityContext.capabilities.add: Invalid value: \"SYS_ADMIN\": "
                + "capability may not be added"), admit(psp, spec(withSc("app", adds))).errors().get("capabilities"));
        assertTrue(admit(permissive(s -> s.setAllowedCapabilities(List.of("*"))), spec(withSc("app", adds)))
                .allowed());
    }

    @Test
    void allowPrivilegeEscalation() {
        SecurityContext yes = sc();
        yes.setAllowPrivilegeEscalation(true);
        assertFalse(admit(restricted(), spec(withSc("app", yes))).allowed());
        Admission defaulted = admit(permissive(s -> s.setDefaultAllowPrivilegeEscalation(false)), spec(container("a")));
        assertEquals(Boolean.FALSE, defaulted.spec().getContainers().get(0).getSecurityContext()
                .getAllowPrivilegeEscalation());
        Admission explicit = admit(permissive(s -> s.setDefaultAllowPrivilegeEscalation(false)),
                spec(withSc("a", yes)));
        assertTrue(explicit.allowed());
        assertEquals(Boolean.TRUE, explicit.spec().getContainers().get(0).getSecurityContext()
                .getAllowPrivilegeEscalation());
    }

    @Test
    void readOnlyRootFilesystem() {
        PodSecurityPolicy psp = permissive(s -> s.setReadOnlyRootFilesystem(true));
        assertEquals(Boolean.TRUE, admit(psp, spec(container("a"))).spec().getContainers().get(0)
                .getSecurityContext().getReadOnlyRootFilesystem());
        SecurityContext rw = sc();
        rw.setReadOnlyRootFilesystem(false);
        assertEquals(List.of("spec.containers[0].securityContext.readOnlyRootFilesystem: Invalid value: false: "
                + "ReadOnlyRootFilesystem must be set to true"),
                admit(psp, spec(withSc("a", rw))).errors().get("readOnlyRootFilesystem"));
    }

    @Test
    void seLinuxMustRunAs() {
        PodSecurityPolicy psp = permissive(s -> s.setSeLinux(new SELinuxStrategyOptions("MustRunAs",
                new SELinuxOptions("s0:c1,c2", null, "container_t", null))));
        Admission a = admit(psp, spec(container("a")));
        assertTrue(a.allowed());
        assertEquals("s0:c1,c2", a.spec().getSecurityContext().getSeLinuxOptions().getLevel());
        SecurityContext reordered = sc();
        reordered.setSeLinuxOptions(new SELinuxOptions("s0:c2,c1", null, "container_t", null));
        assertTrue(admit(psp, spec(withSc("a", reordered))).allowed());
        SecurityContext spc = sc();
        spc.setSeLinuxOptions(new SELinuxOptions("s0:c1,c2", null, "spc_t", null));
        assertEquals(List.of("spec.containers[0].securityContext.seLinuxOptions.type: Invalid value: \"spc_t\": "
                + "must be container_t"), admit(psp, spec(withSc("a", spc))).errors().get("seLinux"));
    }

    @Test
    void groups() {
        PodSecurityPolicy psp = permissive(s -> {
            s.setFsGroup(new FSGroupStrategyOptions(List.of(new IDRange(200L, 100L)), "MustRunAs"));
            s.setSupplementalGroups(new SupplementalGroupsStrategyOptions(List.of(new IDRange(200L, 100L)), "MustRunAs"));
            s.setRunAsGroup(new RunAsGroupStrategyOptions(List.of(new IDRange(200L, 100L)), "MustRunAs"));
        });
        Admission a = admit(psp, spec(container("a")));
        assertTrue(a.allowed(), a.allErrors()::toString);
        assertEquals(100L, a.spec().getSecurityContext().getFsGroup());
        assertEquals(List.of(100L), a.spec().getSecurityContext().getSupplementalGroups());
        assertEquals(100L, a.spec().getContainers().get(0).getSecurityContext().getRunAsGroup());
        PodSecurityPolicy may = permissive(s -> s.setFsGroup(
                new FSGroupStrategyOptions(List.of(new IDRange(200L, 100L)), "MayRunAs")));
        PodSpec out = spec(container("a"));
        out.setSecurityContext(new PodSecurityContext());
        out.getSecurityContext().setFsGroup(5L);
        assertEquals(List.of("spec.securityContext.fsGroup: Invalid value: [5]: group 5 must be in the ranges: "
                + "[{100 200}]"), admit(may, out).errors().get("fsGroup"));
        assertTrue(admit(may, spec(container("a"))).allowed());
    }

    @Test
    void seccompWithoutAllowedProfilesForbidsAnyProfile() {
        PodSpec spec = spec(container("a"));
        spec.setSecurityContext(new PodSecurityContext());
        spec.getSecurityContext().setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
        Admission a = admit(permissive(), spec);
        assertEquals(List.of("metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: Forbidden: seccomp may "
                + "not be set", "metadata.annotations[container.seccomp.security.alpha.kubernetes.io/a]: Forbidden: "
                + "seccomp may not be set"), a.errors().get("seccomp"));
        assertTrue(admit(permissive(), spec(container("a"))).allowed());
    }

    @Test
    void seccompContainerFieldTakesPrecedence() {
        SecurityContext unconfined = sc();
        unconfined.setSeccompProfile(new SeccompProfile(null, "Unconfined"));
        Admission a = admit(restricted(), spec(withSc("a", unconfined)));
        assertEquals(List.of("metadata.annotations[container.seccomp.security.alpha.kubernetes.io/a]: Forbidden: "
                + "unconfined is not an allowed seccomp profile. Valid values are runtime/default"),
                a.errors().get("seccomp"));
    }

    @Test
    void seccompAnnotationIsCopiedIntoTheFieldAfterPsp() {
        PodSecurityPolicy psp = annotated(SeccompRule.ALLOWED_KEY, "localhost/profile,runtime/default");
        Admission a = ANALYZER.admit(psp, meta(SeccompRule.POD_KEY, "localhost/profile"), spec(container("a")));
        assertTrue(a.allowed(), a.allErrors()::toString);
        // Generate returns the pod's own annotation: PSP leaves an annotation-only pod unchanged.
        assertTrue(AdmissionDiff.changes(meta(SeccompRule.POD_KEY, "localhost/profile"), spec(container("a")), a)
                .stream().noneMatch(c -> c.path().contains("seccomp")), () -> AdmissionDiff.changes(
                        meta(SeccompRule.POD_KEY, "localhost/profile"), spec(container("a")), a).toString());
        assertEquals(new SeccompProfile("profile", "Localhost"),
                PodCreate.stored(a.metadata(), a.spec()).getSpec().getSecurityContext().getSeccompProfile());
    }

    @Test
    void appArmor() {
        PodSecurityPolicy noDefault = annotated(AppArmorRule.DEFAULT_KEY, null);
        assertEquals(List.of("metadata.annotations[container.apparmor.security.beta.kubernetes.io/a]: Forbidden: "
                + "AppArmor profile must be set"), admit(noDefault, spec(container("a"))).errors().get("appArmor"));
        Admission unconfined = ANALYZER.admit(restricted(),
                meta(AppArmorRule.CONTAINER_PREFIX + "a", "unconfined"), spec(container("a")));
        assertFalse(unconfined.allowed());
        Admission ghost = ANALYZER.admit(permissive(), meta(AppArmorRule.CONTAINER_PREFIX + "ghost", "unconfined"),
                spec(container("a")));
        assertFalse(ghost.allowed());
        assertTrue(ANALYZER.admit(permissive(), meta(AppArmorRule.CONTAINER_PREFIX + "a", "unconfined"),
                spec(container("a"))).allowed());
    }

    @Test
    void hostPathPrefixesAndReadOnly() {
        PodSecurityPolicy psp = permissive(s -> s.setAllowedHostPaths(List.of(new AllowedHostPath("/var/log", true))));
        PodSpec logs = spec(container("a"));
        logs.setVolumes(List.of(VolumeTypes.volume("logs", "hostPath")));
        logs.getVolumes().get(0).getHostPath().setPath("/var/logs");
        assertEquals(List.of("spec.volumes[0].hostPath.pathPrefix: Invalid value: \"/var/logs\": is not allowed to "
                + "be used"), admit(psp, logs).errors().get("allowedHostPaths"));
        logs.getVolumes().get(0).getHostPath().setPath("/var/log/app/");
        VolumeMount mount = new VolumeMount();
        mount.setName("logs");
        mount.setMountPath("/logs");
        logs.getContainers().get(0).setVolumeMounts(new ArrayList<>(List.of(mount)));
        assertEquals(List.of("spec.containers[0].volumeMounts[0].readOnly: Invalid value: false: must be read-only"),
                admit(psp, logs).errors().get("allowedHostPaths"));
        mount.setReadOnly(true);
        assertTrue(admit(psp, logs).allowed());
    }

    @Test
    void volumeTypesAndDrivers() {
        PodSecurityPolicy psp = restricted(s -> {
            s.setVolumes(List.of("csi", "flexVolume", "emptyDir"));
            s.setAllowedCSIDrivers(List.of(new AllowedCSIDriver("csi.example.com")));
            s.setAllowedFlexVolumes(List.of(new AllowedFlexVolume("example.com/flex")));
        });
        PodSpec spec = spec(container("a"));
        Volume csi = VolumeTypes.volume("csi", "csi");
        csi.getCsi().setDriver("other.csi");
        Volume implicitEmptyDir = new Volume();
        implicitEmptyDir.setName("scratch");
        spec.setVolumes(List.of(csi, VolumeTypes.volume("flex", "flexVolume"), implicitEmptyDir,
                VolumeTypes.volume("cm", "configMap")));
        Map<String, List<String>> errors = admit(psp, spec).errors();
        assertEquals(List.of("spec.volumes[0].csi.driver: Invalid value: \"other.csi\": Inline CSI driver is not "
                + "allowed to be used"), errors.get("allowedCSIDrivers"));
        assertEquals(List.of("spec.volumes[3]: Invalid value: \"configMap\": configMap volumes are not allowed to be "
                + "used"), errors.get("volumes"));
        assertNull(errors.get("allowedFlexVolumes"));
    }

    @Test
    void sysctls() {
        PodSecurityPolicy psp = permissive(s -> {
            s.setAllowedUnsafeSysctls(List.of("kernel.msg*", "net.core.somaxconn"));
            s.setForbiddenSysctls(List.of("kernel.shm_rmid_forced"));
        });
        PodSpec spec = spec(container("a"));
        spec.setSecurityContext(new PodSecurityContext());
        spec.getSecurityContext().setSysctls(List.of(new Sysctl("kernel.msgmax", "1"),
                new Sysctl("kernel.shm_rmid_forced", "1"), new Sysctl("net.ipv4.tcp_syncookies", "1"),
                new Sysctl("vm.swappiness", "1")));
        assertEquals(List.of("spec.securityContext.sysctls[1]: Forbidden: sysctl \"kernel.shm_rmid_forced\" is not "
                + "allowed", "spec.securityContext.sysctls[3]: Forbidden: unsafe sysctl \"vm.swappiness\" is not "
                + "allowed"), admit(psp, spec).errors().get("sysctls"));
    }

    @Test
    void procMountRuntimeClassHostPortsAndHostNamespaces() {
        SecurityContext unmasked = sc();
        unmasked.setProcMount("Unmasked");
        assertFalse(admit(permissive(), spec(withSc("a", unmasked))).allowed());
        assertTrue(admit(permissive(s -> s.setAllowedProcMountTypes(List.of("Default", "Unmasked"))),
                spec(withSc("a", unmasked))).allowed());

        PodSecurityPolicy runtime = permissive(s -> s.setRuntimeClass(
                new RuntimeClassStrategyOptions(List.of("gvisor"), "gvisor")));
        assertEquals("gvisor", admit(runtime, spec(container("a"))).spec().getRuntimeClassName());
        PodSpec runc = spec(container("a"));
        runc.setRuntimeClassName("runc");
        assertFalse(admit(runtime, runc).allowed());

        PodSpec ports = spec(container("a"));
        ContainerPort port = new ContainerPort();
        port.setContainerPort(8080);
        port.setHostPort(8080);
        ports.getContainers().get(0).setPorts(List.of(port));
        assertEquals(List.of("spec.containers[0].hostPort: Invalid value: 8080: Host port 8080 is not allowed to be "
                + "used. Allowed ports: [80,9000-9100]"), admit(permissive(s -> s.setHostPorts(List.of(
                        new HostPortRange(80, 80), new HostPortRange(9100, 9000)))), ports).errors().get("hostPorts"));

        PodSpec hostProcess = spec(container("a"));
        hostProcess.setSecurityContext(new PodSecurityContext());
        hostProcess.getSecurityContext().setWindowsOptions(new WindowsSecurityContextOptions(null, null, true, null));
        assertFalse(admit(permissive(s -> s.setHostNetwork(true)), hostProcess).allowed());
        hostProcess.setHostNetwork(true);
        assertTrue(admit(permissive(s -> s.setHostNetwork(true)), hostProcess).allowed());
        assertEquals(List.of("spec.securityContext.hostNetwork: Invalid value: true: Host network is not allowed to "
                + "be used"), admit(permissive(), hostProcess).errors().get("hostNetwork"));
    }

    @Test
    void aPspWithConfigurationErrorsAdmitsNoPod() {
        PodSecurityPolicy psp = permissive(s -> s.setSeLinux(new SELinuxStrategyOptions("MustRunAs", null)));
        Admission a = admit(psp, spec(container("a")));
        assertEquals(Map.of("seLinux", List.of("seLinux: MustRunAs requires SELinuxContextStrategyOptions.")),
                a.errors());
        assertFalse(ANALYZER.admit(null, null, null).allowed(), "a null PSP has no strategies");
        ObjectMeta meta = new ObjectMeta();
        assertFalse(ANALYZER.admit(new PodSecurityPolicy(), meta, new PodSpec()).allowed());
    }
}
