package dev.psp2psa.psp;

import static dev.psp2psa.psp.Fixtures.annotated;
import static dev.psp2psa.psp.Fixtures.restricted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
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
import org.junit.jupiter.api.Test;

/**
 * One assertion per row of the "Mapping PodSecurityPolicies to Pod Security Standards" table, starting from the
 * restricted PSP and changing one field, plus psp2psa's refinements where the table is stricter than any pod can show.
 */
class PspLevelTableTest {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();
    private static final Version V = Version.NEWEST;

    private static PspLevel level(PodSecurityPolicy psp) {
        return ANALYZER.level(psp, V);
    }

    private static void assertLevel(Level expected, PodSecurityPolicy psp) {
        assertLevel(expected, psp, V);
    }

    private static void assertLevel(Level expected, PodSecurityPolicy psp, Version v) {
        PspLevel level = ANALYZER.level(psp, v);
        assertEquals(expected, level.level(), () -> level.reasons().toString());
    }

    private static void assertBlockedBy(String rule, String check, Level blocks, PodSecurityPolicy psp) {
        PspLevel level = level(psp);
        assertTrue(level.reasons().stream().anyMatch(r -> r.rule().equals(rule) && r.check().equals(check)
                && r.blocks() == blocks), () -> level.reasons().toString());
    }

    @Test
    void theRestrictedPspIsRestricted() {
        PspLevel level = level(restricted());
        assertEquals(Level.RESTRICTED, level.level());
        assertEquals(List.of(), level.reasons());
        assertEquals(List.of(), level.configurationErrors());
    }

    @Test
    void privileged() {
        assertLevel(Level.RESTRICTED, restricted(s -> s.setPrivileged(null)));
        java.util.function.Consumer<io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec> privileged =
                s -> {
                    s.setPrivileged(true);
                    s.setAllowPrivilegeEscalation(true);
                    s.setDefaultAllowPrivilegeEscalation(false);
                };
        assertLevel(Level.PRIVILEGED, restricted(privileged));
        assertBlockedBy("privileged", "privileged", Level.BASELINE, restricted(privileged));
        assertBlockedBy("privileged", "privileged", Level.RESTRICTED, restricted(privileged));
    }

    /**
     * With allowPrivilegeEscalation: false, PSP writes allowPrivilegeEscalation: false into every container that
     * leaves it unset (provider.go, DefaultContainerSecurityContext) and rejects true, and ValidateSecurityContext
     * rejects it next to privileged: true: such a PSP never lets a privileged container be created.
     */
    @Test
    void privilegedWithoutEscalationCreatesNoPrivilegedContainer() {
        assertLevel(Level.RESTRICTED, restricted(s -> s.setPrivileged(true)));
    }

    @Test
    void defaultAddCapabilitiesMatchAllowedCapabilities() {
        assertLevel(Level.BASELINE, restricted(s -> s.setDefaultAddCapabilities(List.of("CHOWN"))));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setDefaultAddCapabilities(List.of("NET_RAW"))));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setDefaultAddCapabilities(List.of("NET_BIND_SERVICE"))));
    }

    @Test
    void allowedCapabilities() {
        assertLevel(Level.BASELINE, restricted(s -> s.setAllowedCapabilities(List.of("AUDIT_WRITE", "CHOWN",
                "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID",
                "SETPCAP", "SETUID", "SYS_CHROOT"))));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setAllowedCapabilities(List.of("SYS_ADMIN"))));
        assertLevel(Level.PRIVILEGED, restricted(s -> {
                    // ValidatePodSecurityPolicySpec: required drops must be empty with a wildcard.
                    s.setAllowedCapabilities(List.of("*"));
                    s.setRequiredDropCapabilities(null);
                }));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setAllowedCapabilities(List.of("NET_BIND_SERVICE"))));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setAllowedCapabilities(null)));
        assertBlockedBy("capabilities", "capabilities_baseline", Level.BASELINE,
                restricted(s -> {
                    // ValidatePodSecurityPolicySpec: required drops must be empty with a wildcard.
                    s.setAllowedCapabilities(List.of("*"));
                    s.setRequiredDropCapabilities(null);
                }));
        assertBlockedBy("capabilities", "capabilities_restricted", Level.RESTRICTED,
                restricted(s -> {
                    // ValidatePodSecurityPolicySpec: required drops must be empty with a wildcard.
                    s.setAllowedCapabilities(List.of("*"));
                    s.setRequiredDropCapabilities(null);
                }));
    }

    @Test
    void requiredDropCapabilities() {
        assertLevel(Level.BASELINE, restricted(s -> s.setRequiredDropCapabilities(List.of("NET_RAW"))));
        assertLevel(Level.BASELINE, restricted(s -> s.setRequiredDropCapabilities(null)));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setRequiredDropCapabilities(List.of("ALL", "NET_RAW"))));
        // capabilities_restricted starts at v1.22.
        assertLevel(Level.RESTRICTED, restricted(s -> s.setRequiredDropCapabilities(null)), Version.of(21));
    }

    @Test
    void volumes() {
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setVolumes(List.of("configMap", "hostPath"))));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setVolumes(List.of("*"))));
        assertLevel(Level.BASELINE, restricted(s -> s.setVolumes(List.of("configMap", "nfs"))));
        assertLevel(Level.BASELINE, restricted(s -> s.setVolumes(List.of("gitRepo"))));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setVolumes(List.of("none"))));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setVolumes(List.of())));
        assertBlockedBy("volumes", "hostPathVolumes", Level.BASELINE, restricted(s -> s.setVolumes(List.of("*"))));
        assertBlockedBy("volumes", "restrictedVolumes", Level.RESTRICTED, restricted(s -> s.setVolumes(List.of("*"))));
        assertBlockedBy("volumes", "restrictedVolumes", Level.RESTRICTED,
                restricted(s -> s.setVolumes(List.of("flexVolume"))));
    }

    @Test
    void hostNamespaces() {
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setHostNetwork(true)));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setHostPID(true)));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setHostIPC(true)));
        assertLevel(Level.RESTRICTED, restricted(s -> {
            s.setHostNetwork(null);
            s.setHostPID(null);
            s.setHostIPC(null);
        }));
        assertBlockedBy("hostNetwork", "hostNamespaces", Level.BASELINE, restricted(s -> s.setHostNetwork(true)));
    }

    @Test
    void hostPorts() {
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setHostPorts(List.of(new HostPortRange(80, 80)))));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setHostPorts(List.of(new HostPortRange(65535, 0)))));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setHostPorts(List.of())));
        // Refinement: a range that admits no port above 0 admits no host port at all.
        assertLevel(Level.RESTRICTED, restricted(s -> s.setHostPorts(List.of(new HostPortRange(0, 0)))));
    }

    @Test
    void seLinux() {
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setSeLinux(new SELinuxStrategyOptions("RunAsAny", null))));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setSeLinux(new SELinuxStrategyOptions("MustRunAs",
                new SELinuxOptions("s0:c123,c456", null, null, null)))));
        for (String type : List.of("container_t", "container_init_t", "container_kvm_t")) {
            assertLevel(Level.RESTRICTED, restricted(s -> s.setSeLinux(new SELinuxStrategyOptions("MustRunAs",
                    new SELinuxOptions(null, null, type, null)))));
        }
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setSeLinux(new SELinuxStrategyOptions("MustRunAs",
                new SELinuxOptions(null, null, "spc_t", null)))));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setSeLinux(new SELinuxStrategyOptions("MustRunAs",
                new SELinuxOptions(null, null, null, "system_u")))));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setSeLinux(new SELinuxStrategyOptions("MustRunAs",
                new SELinuxOptions(null, "sysadm_r", null, null)))));
        // PSS allows container_engine_t from v1.31.
        PodSecurityPolicy engine = restricted(s -> s.setSeLinux(new SELinuxStrategyOptions("MustRunAs",
                new SELinuxOptions(null, null, "container_engine_t", null))));
        assertLevel(Level.PRIVILEGED, engine, Version.of(30));
        assertLevel(Level.RESTRICTED, engine, Version.of(31));
    }

    @Test
    void runAsUser() {
        assertLevel(Level.BASELINE, restricted(s -> s.setRunAsUser(new RunAsUserStrategyOptions(null, "RunAsAny"))));
        assertLevel(Level.BASELINE, restricted(s -> s.setRunAsUser(
                new RunAsUserStrategyOptions(List.of(new IDRange(2000L, 1000L)), "MustRunAs"))));
        assertBlockedBy("runAsUser", "runAsNonRoot", Level.RESTRICTED,
                restricted(s -> s.setRunAsUser(new RunAsUserStrategyOptions(null, "RunAsAny"))));
    }

    @Test
    void noOpinionFields() {
        assertLevel(Level.RESTRICTED, restricted(s -> {
            s.setRunAsGroup(new RunAsGroupStrategyOptions(List.of(new IDRange(0L, 0L)), "MustRunAs"));
            s.setSupplementalGroups(new SupplementalGroupsStrategyOptions(List.of(new IDRange(10L, 0L)), "MayRunAs"));
            s.setFsGroup(new FSGroupStrategyOptions(List.of(new IDRange(10L, 0L)), "MustRunAs"));
            s.setReadOnlyRootFilesystem(true);
            s.setDefaultAllowPrivilegeEscalation(false);
            s.setAllowedHostPaths(List.of(new AllowedHostPath("/", false)));
            s.setAllowedFlexVolumes(List.of(new AllowedFlexVolume("example.com/flex")));
            s.setAllowedCSIDrivers(List.of(new AllowedCSIDriver("csi.example.com")));
            s.setForbiddenSysctls(List.of("*"));
            s.setRuntimeClass(new RuntimeClassStrategyOptions(List.of("*"), "gvisor"));
        }));
    }

    @Test
    void allowPrivilegeEscalation() {
        assertLevel(Level.BASELINE, restricted(s -> s.setAllowPrivilegeEscalation(true)));
        assertLevel(Level.BASELINE, restricted(s -> s.setAllowPrivilegeEscalation(null)));
        assertLevel(Level.BASELINE, restricted(s -> {
            s.setAllowPrivilegeEscalation(true);
            s.setDefaultAllowPrivilegeEscalation(false);
        }));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setAllowPrivilegeEscalation(true)), Version.of(7));
    }

    @Test
    void allowedUnsafeSysctls() {
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setAllowedUnsafeSysctls(List.of("net.core.somaxconn"))));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setAllowedUnsafeSysctls(List.of("kernel.msg*"))));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setAllowedUnsafeSysctls(List.of("*"))));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setAllowedUnsafeSysctls(List.of())));
        // Refinement: a sysctl PSS counts as safe at the target version allows no pod that fails the sysctls check.
        PodSecurityPolicy keepalive = restricted(s -> s.setAllowedUnsafeSysctls(List.of("net.ipv4.tcp_keepalive_time")));
        assertLevel(Level.PRIVILEGED, keepalive, Version.of(28));
        assertLevel(Level.RESTRICTED, keepalive, Version.of(29));
        // Refinement: a pattern whose every sysctl is forbidden admits none.
        assertLevel(Level.RESTRICTED, restricted(s -> {
            s.setAllowedUnsafeSysctls(List.of("kernel.msg*"));
            s.setForbiddenSysctls(List.of("kernel.*"));
        }));
    }

    @Test
    void allowedProcMountTypes() {
        assertLevel(Level.RESTRICTED, restricted(s -> s.setAllowedProcMountTypes(List.of("Default"))));
        assertLevel(Level.RESTRICTED, restricted(s -> s.setAllowedProcMountTypes(List.of())));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setAllowedProcMountTypes(List.of("Default", "Unmasked"))));
        assertLevel(Level.PRIVILEGED, restricted(s -> s.setAllowedProcMountTypes(List.of("Unmasked"))));
        assertBlockedBy("allowedProcMountTypes", "procMount_restricted", Level.RESTRICTED,
                restricted(s -> s.setAllowedProcMountTypes(List.of("Unmasked"))));
    }

    @Test
    void seccompAllowedProfileNames() {
        assertLevel(Level.RESTRICTED, annotated(SeccompRule.ALLOWED_KEY, "runtime/default,localhost/*"));
        assertLevel(Level.PRIVILEGED, annotated(SeccompRule.ALLOWED_KEY, "*"));
        assertLevel(Level.PRIVILEGED, annotated(SeccompRule.ALLOWED_KEY, "runtime/default,unconfined"));
        // The table's trailing comma ("runtime/default,", unset allowed): the API server's PSP validation
        // (ValidatePodSecurityPolicySpecificAnnotations -> ValidateSeccompProfile("")) rejects the empty item, so such
        // a PSP is never stored: a configuration error, never a level.
        PodSecurityPolicy trailing = annotated(SeccompRule.ALLOWED_KEY, "runtime/default,");
        trailing.getMetadata().getAnnotations().remove(SeccompRule.DEFAULT_KEY);
        PspLevel rejected = level(trailing);
        assertEquals(List.of("seccomp: the API server rejects this PSP (ValidatePodSecurityPolicy): "
                + "metadata.annotations[seccomp.security.alpha.kubernetes.io/allowedProfileNames]: Invalid value: \"\": "
                + "must be a valid seccomp profile"), rejected.configurationErrors());
        assertEquals(List.of(), rejected.reasons());
        // An empty annotation is not validated (only a non-empty list is split): PSP then admits unset profiles only.
        PodSecurityPolicy empty = annotated(SeccompRule.ALLOWED_KEY, "");
        empty.getMetadata().getAnnotations().remove(SeccompRule.DEFAULT_KEY);
        assertEquals(List.of(), level(empty).configurationErrors());
        assertLevel(Level.BASELINE, empty);
        assertBlockedBy("seccomp", "seccompProfile_restricted", Level.RESTRICTED, empty);
        // Before v1.19 restricted has no seccomp requirement beyond baseline.
        assertLevel(Level.RESTRICTED, empty, Version.of(18));
        // Invalid names and paths are rejected too.
        assertEquals(1, level(annotated(SeccompRule.ALLOWED_KEY, "runtime/default,foo")).configurationErrors().size());
        assertEquals(1, level(annotated(SeccompRule.ALLOWED_KEY, "localhost/../etc")).configurationErrors().size());
    }

    @Test
    void seccompResolutions() {
        // Absent annotation: PSP admits only pods that set no profile: baseline, not restricted.
        PodSecurityPolicy absent = annotated(SeccompRule.ALLOWED_KEY, null);
        absent.getMetadata().getAnnotations().remove(SeccompRule.DEFAULT_KEY);
        assertLevel(Level.BASELINE, absent);
        assertBlockedBy("seccomp", "seccompProfile_restricted", Level.RESTRICTED, absent);
        // Absent annotation with a default: PSP rejects every pod.
        PspLevel broken = level(annotated(SeccompRule.ALLOWED_KEY, null));
        assertEquals(Level.RESTRICTED, broken.level());
        assertEquals(1, broken.configurationErrors().size());
        // Trailing comma with a default: still rejected by the API server's PSP validation.
        assertEquals(1, level(annotated(SeccompRule.ALLOWED_KEY, "runtime/default,")).configurationErrors().size());
    }

    @Test
    void appArmorAllowedProfileNames() {
        assertLevel(Level.PRIVILEGED, annotated(AppArmorRule.ALLOWED_KEY, null));
        assertLevel(Level.PRIVILEGED, annotated(AppArmorRule.ALLOWED_KEY, "runtime/default,unconfined"));
        assertLevel(Level.RESTRICTED, annotated(AppArmorRule.ALLOWED_KEY, "runtime/default,localhost/custom"));
        // Resolution: PSS restricted adds no AppArmor requirement to baseline, so the trailing comma keeps restricted.
        assertLevel(Level.RESTRICTED, annotated(AppArmorRule.ALLOWED_KEY, "runtime/default,"));
        // ValidateAppArmorProfileFormat accepts the empty item, but not a name without localhost/.
        assertEquals(List.of(), level(annotated(AppArmorRule.ALLOWED_KEY, "runtime/default,")).configurationErrors());
        assertEquals(1, level(annotated(AppArmorRule.ALLOWED_KEY, "runtime/default,custom")).configurationErrors()
                .size());
        assertBlockedBy("appArmor", "appArmorProfile", Level.BASELINE, annotated(AppArmorRule.ALLOWED_KEY, null));
    }

    @Test
    void ruleWithinMatchesTheLevel() {
        PodSecurityPolicy psp = restricted(s -> s.setVolumes(List.of("nfs")));
        PspRule volumes = PspRuleRegistry.standard().byId("volumes").orElseThrow();
        assertTrue(volumes.within(psp, Level.BASELINE, V));
        assertFalse(volumes.within(psp, Level.RESTRICTED, V));
        PspRule privileged = PspRuleRegistry.standard().byId("privileged").orElseThrow();
        assertFalse(privileged.within(restricted(s -> {
            s.setPrivileged(true);
            s.setAllowPrivilegeEscalation(true);
        }), Level.RESTRICTED, V));
        assertTrue(privileged.within(restricted(s -> s.setPrivileged(true)), Level.RESTRICTED, V),
                "no privileged container is created when PSP forbids privilege escalation");
    }

    @Test
    void permissivePspIsPrivilegedWithAReasonPerRuleAndLevel() {
        PspLevel level = level(Fixtures.permissive(s -> {
            s.setPrivileged(true);
            s.setHostNetwork(true);
        }));
        assertEquals(Level.PRIVILEGED, level.level());
        assertEquals(List.of("allowPrivilegeEscalation", "appArmor", "appArmor", "capabilities", "hostNetwork",
                "hostNetwork", "privileged", "privileged", "runAsUser", "seLinux", "seLinux", "seccomp", "volumes",
                "volumes"), level.reasons().stream().map(PspLevel.Reason::rule).toList());
        PspLevel.Reason privileged = level.reasons().stream().filter(r -> r.rule().equals("privileged")).findFirst()
                .orElseThrow();
        assertEquals(Level.BASELINE, privileged.blocks());
        assertEquals("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: witness
                spec:
                  containers:
                  - image: registry.example/app:1.0
                    name: app
                    securityContext:
                      privileged: true
                """, privileged.witness().yaml());
    }

    @Test
    void assumptionsFollowTheLevel() {
        assertEquals(List.of("hostProbesAndHostLifecycle", "podLevelRootOverridden", "runAsNonRootUnset"),
                level(restricted()).assumptions().stream().map(Assumption::id).toList());
        assertEquals(List.of("podLevelRootOverridden", "runAsNonRootUnset"),
                ANALYZER.level(restricted(), Version.of(33)).assumptions().stream().map(Assumption::id).toList());
        assertEquals(List.of(), level(Fixtures.permissive(s -> s.setPrivileged(true))).assumptions());
        assertEquals(List.of("hostProbesAndHostLifecycle"), ANALYZER.assumptions(V).stream()
                .filter(a -> a.checks().contains("hostProbesAndHostLifecycle")).map(Assumption::id).toList());
    }

    @Test
    void mutationsAndMutatingFields() {
        PspLevel level = level(restricted(s -> {
            s.setDefaultAddCapabilities(List.of("NET_BIND_SERVICE"));
            s.setReadOnlyRootFilesystem(true);
        }));
        assertEquals(List.of("allowPrivilegeEscalation", AppArmorRule.DEFAULT_KEY, "defaultAddCapabilities",
                "readOnlyRootFilesystem", "requiredDropCapabilities", "runAsUser", "seLinux", SeccompRule.DEFAULT_KEY),
                level.mutatingFields());
        assertEquals(List.of(
                "spec.containers[*].securityContext.allowPrivilegeEscalation=false",
                "metadata.annotations[container.apparmor.security.beta.kubernetes.io/*]=runtime/default",
                "spec.containers[*].securityContext.capabilities.add=NET_BIND_SERVICE",
                "spec.containers[*].securityContext.capabilities.drop=ALL",
                "spec.containers[*].securityContext.readOnlyRootFilesystem=true",
                "spec.containers[*].securityContext.runAsNonRoot=true",
                "spec.securityContext.seLinuxOptions={type:container_t}",
                "metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]=runtime/default",
                "spec.securityContext.seccompProfile={type:RuntimeDefault}"),
                level.mutations().stream().map(PspDefault::toString).toList());
        assertTrue(level.mutating());
        assertFalse(level(Fixtures.permissive()).mutating());
    }
}
