package dev.psp2psa.psp;

import java.util.Set;

/** Names PSP admission fixed, shared by its rules and by every translation of them (CEL, Gatekeeper library). */
public final class PspNames {

    private PspNames() {
    }

    /** The safe sysctls of PSP admission (the kubelet's safe list in Kubernetes 1.24, when PSP was removed). */
    public static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start");

    public static final String SECCOMP_ALLOWED = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";
    public static final String SECCOMP_DEFAULT = "seccomp.security.alpha.kubernetes.io/defaultProfileName";
    public static final String SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
    public static final String SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";
    public static final String APPARMOR_ALLOWED = "apparmor.security.beta.kubernetes.io/allowedProfileNames";
    public static final String APPARMOR_DEFAULT = "apparmor.security.beta.kubernetes.io/defaultProfileName";
    public static final String APPARMOR_CONTAINER_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
}
