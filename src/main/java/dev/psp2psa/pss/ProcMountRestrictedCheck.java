package dev.psp2psa.pss;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * {@code procMount_restricted} (restricted, v1.35+): securityContext.procMount must be unset or {@code Default},
 * also for pods in a user namespace; it replaces the relaxed baseline {@code procMount} at the restricted level.
 */
public final class ProcMountRestrictedCheck extends AbstractCheck {

    public ProcMountRestrictedCheck() {
        super("procMount_restricted", Level.RESTRICTED, "procMount",
                "Unmasked /proc mounts (securityContext.procMount other than Default) are forbidden, "
                        + "also for pods in a user namespace.",
                35);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        return ProcMountCheck.defaultProcMountOnly(spec);
    }
}
