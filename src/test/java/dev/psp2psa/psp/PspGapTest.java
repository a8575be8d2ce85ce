package dev.psp2psa.psp;

import static dev.psp2psa.psp.Fixtures.annotated;
import static dev.psp2psa.psp.Fixtures.permissive;
import static dev.psp2psa.psp.Fixtures.restricted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each rule restricts beyond each level: with and without a gap, the sentence, and the witness. */
class PspGapTest {

    private static final PspRuleRegistry RULES = PspRuleRegistry.standard();
    private static final PodSecurityEvaluator PSS = PodSecurityEvaluator.standard();
    private static final Version V = Version.NEWEST;
    private static final Level P = Level.PRIVILEGED;
    private static final Level B = Level.BASELINE;
    private static final Level R = Level.RESTRICTED;

    private static PspRule rule(String id) {
        return RULES.byId(id).orElseThrow();
    }

    /** The gap of a rule, checked against its witness: present together, passing the level, rejected by the rule. */
    private static Optional<String> gap(String id, PodSecurityPolicy psp, Level level, Version v) {
        PspRule rule = rule(id);
        Optional<String> gap = PspAnalyzer.standard().restriction(rule, psp, level, v);
        Optional<Pod> witness = PspAnalyzer.standard().gapWitness(rule, psp, level, v);
        assertEquals(gap.isPresent(), witness.isPresent(), id);
        witness.ifPresent(w -> {
            assertTrue(PSS.evaluate(w, level, v).allowed(), () -> id + " witness fails " + level);
            assertTrue(Gaps.inScope(w.getMetadata(), w.getSpec()), id);
            Pod mutated = Pods.copy(w);
            rule.mutate(psp, mutated);
            assertFalse(rule.validate(psp, mutated).isEmpty(), () -> id + " admits its own witness");
        });
        gap.ifPresent(s -> {
            assertTrue(s.endsWith("."), s);
            assertFalse(s.substring(0, s.length() - 1).contains(". "), s);
        });
        return gap;
    }

    private static void assertGap(String expected, String id, PodSecurityPolicy psp, Level level) {
        assertGap(expected, id, psp, level, V);
    }

    private static void assertGap(String expected, String id, PodSecurityPolicy psp, Level level, Version v) {
        assertEquals(Optional.of(expected), gap(id, psp, level, v), () -> id + " at " + level + " " + v);
    }

    private static void assertHasGap(String id, PodSecurityPolicy psp, Level level, Version v) {
        assertTrue(gap(id, psp, level, v).isPresent(), () -> id + " has no gap at " + level + " " + v);
    }

    private static void assertNoGap(String id, PodSecurityPolicy psp, Level... levels) {
        for (Level level : levels) {
            assertNoGap(id, psp, level, V);
        }
    }

    private static void assertNoGap(String id, PodSecurityPolicy psp, Level level, Version v) {
        Optional<String> gap = gap(id, psp, level, v);
        assertEquals(Optional.empty(), gap, () -> id + " at " + level + " " + v);
    }

    private static IDRange range(long min, long max) {
        return new IDRange(max, min);
    }

    @Test
    void privileged() {
        assertGap("privileged containers are forbidden.", "privileged", restricted(), P);
        assertNoGap("privileged", restricted(), B, R);
        assertNoGap("privileged", restricted(s -> s.setPrivileged(true)), P, B, R);
    }

    @Test
    void hostNamespaces() {
        assertGap("hostNetwork is forbidden.", "hostNetwork", restricted(), P);
        assertGap("hostPID is forbidden.", "hostPID", restricted(), P);
        assertGap("hostIPC is forbidden.", "hostIPC", restricted(), P);
        assertNoGap("hostNetwork", restricted(), B, R);
        assertNoGap("hostNetwork", restricted(s -> s.setHostNetwork(true)), P, B, R);
        assertNoGap("hostPID", restricted(s -> s.setHostPID(true)), P);
    }

    @Test
    void hostPorts() {
        assertGap("host ports are forbidden.", "hostPorts", restricted(), P);
        assertGap("host ports limited to 80, 8000-9000.", "hostPorts",
                restricted(s -> s.setHostPorts(List.of(new HostPortRange(9000, 8000), new HostPortRange(80, 80)))), P);
        assertGap("host ports are forbidden.", "hostPorts",
                restricted(s -> s.setHostPorts(List.of(new HostPortRange(0, 0)))), P);
        assertNoGap("hostPorts", restricted(s -> s.setHostPorts(List.of(new HostPortRange(65535, 0)))), P, B, R);
        assertNoGap("hostPorts", restricted(s -> s.setHostPorts(List.of(new HostPortRange(80, 80)))), B, R);
    }

    @Test
    void capabilities() {
        PodSecurityPolicy netBind = restricted(s -> s.setAllowedCapabilities(List.of("NET_BIND_SERVICE")));
        assertGap("only NET_BIND_SERVICE may be added.", "capabilities", netBind, B);
        assertGap("only NET_BIND_SERVICE may be added.", "capabilities", netBind, P);
        assertNoGap("capabilities", netBind, R, V);
        assertHasGap("capabilities", netBind, R, Version.of(21));
        assertGap("no capability may be added.", "capabilities", restricted(), R);
        assertNoGap("capabilities", restricted(s -> s.setAllowedCapabilities(List.of("*"))), P, B, R);
        PodSecurityPolicy defaults = restricted(s -> s.setAllowedCapabilities(List.of("AUDIT_WRITE", "CHOWN",
                "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
                "SYS_CHROOT")));
        defaults.getSpec().setDefaultAddCapabilities(List.of("NET_BIND_SERVICE"));
        assertNoGap("capabilities", defaults, B, R);
        assertHasGap("capabilities", defaults, P, V);
        // requiredDropCapabilities is pure mutation: PSP adds the drops itself.
        assertNoGap("capabilities", permissive(s -> {
            s.setAllowedCapabilities(List.of("*"));
            s.setRequiredDropCapabilities(List.of("ALL"));
        }), P, B, R);
    }

    @Test
    void volumes() {
        PodSecurityPolicy two = restricted(s -> s.setVolumes(List.of("secret", "configMap")));
        assertGap("volumes limited to configMap, secret (restricted also allows csi, downwardAPI, emptyDir, "
                + "ephemeral, image, persistentVolumeClaim, projected).", "volumes", two, R);
        assertGap("volumes limited to configMap, secret (baseline allows every type but hostPath).", "volumes", two,
                B);
        assertGap("volumes limited to configMap, secret.", "volumes", two, P);
        assertNoGap("volumes", restricted(), R);
        assertHasGap("volumes", restricted(), B, V);
        assertNoGap("volumes", permissive(), P, B, R);
        assertGap("pods may use no volumes (restricted allows configMap, csi, downwardAPI, emptyDir, ephemeral, image, "
                + "persistentVolumeClaim, projected, secret).", "volumes",
                restricted(s -> s.setVolumes(List.of("none"))), R);
    }

    @Test
    void allowedHostPaths() {
        PodSecurityPolicy psp = permissive(s -> s.setAllowedHostPaths(List.of(new AllowedHostPath("/sys", true),
                new AllowedHostPath("/proc", true))));
        assertGap("hostPath volumes only under /proc (read-only) and /sys (read-only).", "allowedHostPaths", psp, P);
        assertNoGap("allowedHostPaths", psp, B, R);
        assertNoGap("allowedHostPaths", permissive(), P);
        assertNoGap("allowedHostPaths", permissive(s -> s.setAllowedHostPaths(List.of(new AllowedHostPath("/", false)))),
                P);
        assertGap("hostPath volumes only under / (read-only).", "allowedHostPaths",
                permissive(s -> s.setAllowedHostPaths(List.of(new AllowedHostPath("/", true)))), P);
    }

    @Test
    void allowedDrivers() {
        PodSecurityPolicy flex = permissive(s -> s.setAllowedFlexVolumes(List.of(new AllowedFlexVolume("a/flex"))));
        assertGap("flexVolume drivers limited to a/flex.", "allowedFlexVolumes", flex, B);
        assertHasGap("allowedFlexVolumes", flex, P, V);
        assertNoGap("allowedFlexVolumes", flex, R);
        assertNoGap("allowedFlexVolumes", permissive(), P, B, R);
        PodSecurityPolicy csi = permissive(s -> s.setAllowedCSIDrivers(List.of(new AllowedCSIDriver("b.csi"),
                new AllowedCSIDriver("a.csi"))));
        assertGap("inline CSI drivers limited to a.csi, b.csi.", "allowedCSIDrivers", csi, R);
        assertNoGap("allowedCSIDrivers", restricted(), P, B, R);
    }

    @Test
    void allowedProcMountTypes() {
        assertGap("procMount limited to Default.", "allowedProcMountTypes", restricted(), P);
        assertGap("procMount limited to Default (baseline allows Unmasked for pods with hostUsers: false from v1.35).",
                "allowedProcMountTypes", restricted(), B);
        assertNoGap("allowedProcMountTypes", restricted(), B, Version.of(34));
        assertNoGap("allowedProcMountTypes", restricted(), R);
        assertNoGap("allowedProcMountTypes",
                restricted(s -> s.setAllowedProcMountTypes(List.of("Default", "Unmasked"))), P, B, R);
        assertGap("procMount limited to Unmasked.", "allowedProcMountTypes",
                restricted(s -> s.setAllowedProcMountTypes(List.of("Unmasked"))), R);
    }

    @Test
    void allowPrivilegeEscalation() {
        assertGap("allowPrivilegeEscalation must be false.", "allowPrivilegeEscalation", restricted(), B);
        assertHasGap("allowPrivilegeEscalation", restricted(), P, V);
        assertNoGap("allowPrivilegeEscalation", restricted(), R);
        assertHasGap("allowPrivilegeEscalation", restricted(), R, Version.of(7));
        // defaultAllowPrivilegeEscalation alone is pure mutation.
        assertNoGap("allowPrivilegeEscalation", permissive(s -> s.setDefaultAllowPrivilegeEscalation(false)), P, B, R);
    }

    @Test
    void readOnlyRootFilesystem() {
        PodSecurityPolicy ro = restricted(s -> s.setReadOnlyRootFilesystem(true));
        assertGap("containers must set securityContext.readOnlyRootFilesystem=true.", "readOnlyRootFilesystem", ro, R);
        assertHasGap("readOnlyRootFilesystem", ro, P, V);
        assertNoGap("readOnlyRootFilesystem", restricted(), P, B, R);
    }

    @Test
    void runAsUser() {
        PodSecurityPolicy range = restricted(s -> s.setRunAsUser(new RunAsUserStrategyOptions(
                List.of(range(1000, 2000)), "MustRunAs")));
        assertGap("runAsUser must be in 1000-2000.", "runAsUser", range, R);
        assertHasGap("runAsUser", range, P, V);
        assertNoGap("runAsUser", restricted(s -> s.setRunAsUser(new RunAsUserStrategyOptions(null, "RunAsAny"))), P, B,
                R);
        assertNoGap("runAsUser", restricted(s -> s.setRunAsUser(new RunAsUserStrategyOptions(
                List.of(range(0, 2147483647L)), "MustRunAs"))), P, B, R);
        // MustRunAsNonRoot: restricted enforces it, except for UID 0 before v1.23 and user-namespace pods from v1.35.
        assertNoGap("runAsUser", restricted(), R, Version.of(30));
        assertGap("containers may not set runAsUser: 0.", "runAsUser", restricted(), R, Version.of(22));
        assertGap("containers may not set runAsUser: 0, also in pods with hostUsers: false; containers may not set "
                + "runAsNonRoot: false, also in pods with hostUsers: false.", "runAsUser", restricted(), R);
        assertGap("containers may not set runAsUser: 0; containers may not set runAsNonRoot: false.", "runAsUser",
                restricted(), B);
    }

    @Test
    void groups() {
        PodSecurityPolicy psp = restricted(s -> {
            s.setFsGroup(new FSGroupStrategyOptions(List.of(range(1000, 2000)), "MustRunAs"));
            s.setSupplementalGroups(new SupplementalGroupsStrategyOptions(List.of(range(1, 100)), "MayRunAs"));
            s.setRunAsGroup(new RunAsGroupStrategyOptions(List.of(range(5, 5), range(1, 2)), "MustRunAs"));
        });
        assertGap("fsGroup, when set, must be in 1000-2000.", "fsGroup", psp, R);
        assertGap("supplementalGroups, when set, must be in 1-100.", "supplementalGroups", psp, B);
        assertGap("runAsGroup must be in 1-2, 5.", "runAsGroup", psp, P);
        assertNoGap("fsGroup", restricted(), P, B, R);
        assertNoGap("supplementalGroups", restricted(), P, B, R);
        assertNoGap("runAsGroup", restricted(), P, B, R);
    }

    @Test
    void runtimeClass() {
        assertGap("runtimeClassName limited to gvisor.", "runtimeClass",
                restricted(s -> s.setRuntimeClass(new RuntimeClassStrategyOptions(List.of("gvisor"), "gvisor"))), R);
        assertNoGap("runtimeClass", restricted(s -> s.setRuntimeClass(new RuntimeClassStrategyOptions(List.of("*"),
                "gvisor"))), P, B, R);
        assertNoGap("runtimeClass", restricted(), P, B, R);
    }

    @Test
    void seLinux() {
        assertGap("SELinux options must be exactly {type:container_t}.", "seLinux", restricted(), R);
        assertHasGap("seLinux", restricted(), P, V);
        assertNoGap("seLinux", restricted(s -> s.setSeLinux(new SELinuxStrategyOptions("RunAsAny", null))), P, B, R);
    }

    /** Listing runtime/default also allows docker/default (strategy.go NewStrategy, kubernetes#95985). */
    @Test
    void seccomp() {
        String limited = "seccomp profiles limited to docker/default, runtime/default";
        assertGap(limited + ".", "seccomp", restricted(), R);
        assertGap(limited + ".", "seccomp", restricted(), B);
        PodSecurityPolicy noDefault = annotated(SeccompRule.DEFAULT_KEY, null);
        assertGap(limited + "; a seccomp profile must be set.", "seccomp", noDefault, B);
        assertGap(limited + ".", "seccomp", noDefault, R);
        assertNoGap("seccomp", annotated(SeccompRule.ALLOWED_KEY, "*"), P, B, R);
        assertGap("pods may not set a seccomp profile.", "seccomp", permissive(), R);
    }

    @Test
    void appArmor() {
        assertGap("AppArmor profiles limited to runtime/default.", "appArmor", restricted(), R);
        assertGap("AppArmor profiles limited to runtime/default; an AppArmor profile must be set.", "appArmor",
                annotated(AppArmorRule.DEFAULT_KEY, null), B);
        assertNoGap("appArmor", permissive(), P, B, R);
    }

    @Test
    void sysctls() {
        assertNoGap("sysctls", restricted(), B, Version.of(24));
        assertGap("sysctl net.ipv4.ip_local_reserved_ports is forbidden (baseline allows it).", "sysctls",
                restricted(), B, Version.of(27));
        assertGap("sysctls limited to PSP's safe set.", "sysctls", restricted(), P);
        PodSecurityPolicy any = permissive(s -> s.setAllowedUnsafeSysctls(List.of("*")));
        assertNoGap("sysctls", any, P, B, R);
        any.getSpec().setForbiddenSysctls(List.of("kernel.shm_rmid_forced", "kernel.msg*"));
        assertGap("sysctls kernel.msg*, kernel.shm_rmid_forced are forbidden.", "sysctls", any, P);
        assertGap("sysctl kernel.shm_rmid_forced is forbidden (restricted allows it).", "sysctls", any, R);
        assertGap("sysctls limited to PSP's safe set and kernel.msg*, except kernel.msgmax.", "sysctls",
                permissive(s -> {
                    s.setAllowedUnsafeSysctls(List.of("kernel.msg*"));
                    s.setForbiddenSysctls(List.of("kernel.msgmax"));
                }), P);
    }

    @Test
    void aPspThatAdmitsNoPodHasNoGaps() {
        PodSecurityPolicy broken = restricted(s -> s.setRunAsUser(new RunAsUserStrategyOptions(null, "MustRunAs")));
        for (PspRule rule : RULES.all()) {
            for (Level level : Level.values()) {
                assertEquals(Optional.empty(), PspAnalyzer.standard().restriction(rule, broken, level, V), rule.id());
                assertEquals(Optional.empty(), PspAnalyzer.standard().gapWitness(rule, broken, level, V), rule.id());
            }
        }
        assertEquals(List.of(), PspAnalyzer.standard().gaps(broken, Level.PRIVILEGED, V));
    }

    @Test
    void analyzerGapsAreSortedWithWitnesses() {
        List<RuleGap> gaps = PspAnalyzer.standard().gaps(restricted(), Level.RESTRICTED, V);
        assertEquals(List.of("appArmor", "capabilities", "runAsUser", "seLinux", "seccomp", "sysctls"),
                gaps.stream().map(RuleGap::rule).toList());
        for (RuleGap gap : gaps) {
            assertTrue(PSS.evaluate(gap.witness(), Level.RESTRICTED, V).allowed(), gap.rule());
            assertFalse(PspAnalyzer.standard().admit(restricted(), gap.metadata(), gap.spec()).allowed(), gap.rule());
        }
        assertEquals(List.of("allowedCapabilities", "defaultAddCapabilities", "requiredDropCapabilities"),
                gaps.get(1).fields());
    }

    @Test
    void nullPspIsSafe() {
        for (PspRule rule : RULES.all()) {
            assertEquals(Optional.empty(), PspAnalyzer.standard().restriction(rule, null, Level.BASELINE, V), rule.id());
        }
    }
}
