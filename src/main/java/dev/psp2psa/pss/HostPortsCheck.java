package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** {@code hostPorts} (baseline, v1.0+): no container port may set a non-zero hostPort. */
public final class HostPortsCheck extends AbstractCheck {

    public HostPortsCheck() {
        super("hostPorts", Level.BASELINE, null, "Container ports must not set a hostPort.", 0);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        List<String> badContainers = new ArrayList<>();
        // Go lists the ports as a set of strings: sorted as text, not as numbers.
        TreeSet<String> ports = CheckSupport.sortedSet();
        for (ContainerView c : containers(spec)) {
            boolean valid = true;
            for (ContainerPort p : c.ports()) {
                if (p != null && p.getHostPort() != null && p.getHostPort() != 0) {
                    valid = false;
                    ports.add(Integer.toString(p.getHostPort()));
                }
            }
            if (!valid) {
                badContainers.add(c.name());
            }
        }
        if (badContainers.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("hostPort", String.format("%s %s %s %s %s",
                pluralize("container", "containers", badContainers.size()), joinQuote(badContainers),
                pluralize("uses", "use", badContainers.size()), pluralize("hostPort", "hostPorts", ports.size()),
                String.join(", ", ports)));
    }
}
