package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code procMount} (baseline, v1.0+): securityContext.procMount must be unset or {@code Default}; from v1.35 a
 * pod in a user namespace ({@code hostUsers: false}) may set any procMount.
 */
public final class ProcMountCheck extends AbstractCheck {

    static final Version USER_NAMESPACE_RELAXATION = Version.of(35);

    public ProcMountCheck() {
        super("procMount", Level.BASELINE, null,
                "Unmasked /proc mounts (securityContext.procMount other than Default) are forbidden, "
                        + "except from v1.35 for pods in a user namespace (hostUsers: false).",
                0, 35);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        if (version.atLeast(USER_NAMESPACE_RELAXATION) && CheckSupport.inUserNamespace(spec)) {
            return CheckResult.ALLOWED;
        }
        return defaultProcMountOnly(spec);
    }

    /** procMount_1_0: every container's procMount must be unset or Default. */
    static CheckResult defaultProcMountOnly(PodSpec spec) {
        List<String> badContainers = new ArrayList<>();
        TreeSet<String> types = CheckSupport.sortedSet();
        for (ContainerView c : containers(spec)) {
            if (c.securityContext() == null || c.securityContext().getProcMount() == null) {
                continue;
            }
            String procMount = c.securityContext().getProcMount();
            if (!procMount.equals("Default")) {
                badContainers.add(c.name());
                types.add(procMount);
            }
        }
        if (badContainers.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("procMount", String.format("%s %s must not set securityContext.procMount to %s",
                pluralize("container", "containers", badContainers.size()), joinQuote(badContainers),
                joinQuote(types)));
    }
}
