package dev.psp2psa.pss;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;

/**
 * The fields the checks read from one container, init container or ephemeral container: fabric8 models
 * them as two unrelated classes, PSA as one ({@code EphemeralContainerCommon} converts to {@code Container}).
 */
record ContainerView(
        String name,
        SecurityContext securityContext,
        List<ContainerPort> ports,
        Probe livenessProbe,
        Probe readinessProbe,
        Probe startupProbe,
        Lifecycle lifecycle) {

    ContainerView {
        name = name == null ? "" : name;
        ports = ports == null ? List.of() : ports;
    }

    static ContainerView of(Container c) {
        return new ContainerView(c.getName(), c.getSecurityContext(), c.getPorts(), c.getLivenessProbe(),
                c.getReadinessProbe(), c.getStartupProbe(), c.getLifecycle());
    }

    static ContainerView of(EphemeralContainer c) {
        return new ContainerView(c.getName(), c.getSecurityContext(), c.getPorts(), c.getLivenessProbe(),
                c.getReadinessProbe(), c.getStartupProbe(), c.getLifecycle());
    }
}
