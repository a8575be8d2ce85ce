package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.isTrue;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;

/** {@code hostNamespaces} (baseline, v1.0+): hostNetwork, hostPID and hostIPC must be unset or false. */
public final class HostNamespacesCheck extends AbstractCheck {

    public HostNamespacesCheck() {
        super("hostNamespaces", Level.BASELINE, null,
                "Sharing the host's network, PID or IPC namespace (hostNetwork, hostPID, hostIPC) is forbidden.",
                0);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        List<String> shared = new ArrayList<>();
        if (isTrue(spec.getHostNetwork())) {
            shared.add("hostNetwork=true");
        }
        if (isTrue(spec.getHostPID())) {
            shared.add("hostPID=true");
        }
        if (isTrue(spec.getHostIPC())) {
            shared.add("hostIPC=true");
        }
        if (shared.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("host namespaces", String.join(", ", shared));
    }
}
