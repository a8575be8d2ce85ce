package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.nonNull;
import static dev.psp2psa.pss.CheckSupport.pluralize;
import static dev.psp2psa.pss.CheckSupport.str;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@code capabilities_baseline} (baseline, v1.0+): only the default capabilities may be added. */
public final class CapabilitiesBaselineCheck extends AbstractCheck {

    /** The capabilities a baseline container may add (capabilities_allowed_1_0). */
    public static final Set<String> ALLOWED = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    public CapabilitiesBaselineCheck() {
        super("capabilities_baseline", Level.BASELINE, null,
                "Adding capabilities beyond the default set (such as NET_RAW or SYS_ADMIN) is forbidden.", 0);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        List<String> badContainers = new ArrayList<>();
        TreeSet<String> forbidden = CheckSupport.sortedSet();
        for (ContainerView c : containers(spec)) {
            Capabilities caps = c.securityContext() == null ? null : c.securityContext().getCapabilities();
            if (caps == null) {
                continue;
            }
            boolean valid = true;
            for (String cap : nonNull(caps.getAdd())) {
                if (!ALLOWED.contains(str(cap))) {
                    valid = false;
                    forbidden.add(str(cap));
                }
            }
            if (!valid) {
                badContainers.add(c.name());
            }
        }
        if (badContainers.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("non-default capabilities",
                String.format("%s %s must not include %s in securityContext.capabilities.add",
                        pluralize("container", "containers", badContainers.size()), joinQuote(badContainers),
                        joinQuote(forbidden)));
    }
}
