package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.nonNull;
import static dev.psp2psa.pss.CheckSupport.str;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Sysctl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code sysctls} (baseline, v1.0+): only the safe sysctls may be set; the safe list grows at v1.27, v1.29, v1.32
 * and v1.37.
 */
public final class SysctlsCheck extends AbstractCheck {

    /** The sysctls that become safe at each version. */
    static final Map<Version, List<String>> ADDED = new TreeMap<>(Map.of(
            Version.of(0), List.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
                    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"),
            Version.of(27), List.of("net.ipv4.ip_local_reserved_ports"),
            Version.of(29), List.of("net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                    "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"),
            Version.of(32), List.of("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"),
            Version.of(37), List.of("net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat")));

    public SysctlsCheck() {
        super("sysctls", Level.BASELINE, null,
                "Sysctls outside the safe set of the version (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, "
                        + "net.ipv4.tcp_syncookies, ... ; the list grows with the version) are forbidden.",
                0, 27, 29, 32, 37);
    }

    /** The safe sysctls at a version. */
    public static Set<String> allowed(Version version) {
        Set<String> allowed = new HashSet<>();
        ADDED.forEach((since, names) -> {
            if (version.atLeast(since)) {
                allowed.addAll(names);
            }
        });
        return allowed;
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        if (spec.getSecurityContext() == null) {
            return CheckResult.ALLOWED;
        }
        Set<String> allowed = allowed(version);
        List<String> forbidden = new ArrayList<>();
        for (Sysctl sysctl : nonNull(spec.getSecurityContext().getSysctls())) {
            String name = sysctl == null ? "" : str(sysctl.getName());
            if (!allowed.contains(name)) {
                forbidden.add(name);
            }
        }
        if (forbidden.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("forbidden sysctls", String.join(", ", forbidden));
    }
}
