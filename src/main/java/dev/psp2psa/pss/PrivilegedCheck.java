package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.isTrue;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;

/** {@code privileged} (baseline, v1.0+): no container may set securityContext.privileged=true. */
public final class PrivilegedCheck extends AbstractCheck {

    public PrivilegedCheck() {
        super("privileged", Level.BASELINE, null,
                "Privileged containers (securityContext.privileged=true) are forbidden.", 0);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        List<String> bad = new ArrayList<>();
        for (ContainerView c : containers(spec)) {
            if (c.securityContext() != null && isTrue(c.securityContext().getPrivileged())) {
                bad.add(c.name());
            }
        }
        if (bad.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("privileged", String.format("%s %s must not set securityContext.privileged=true",
                pluralize("container", "containers", bad.size()), joinQuote(bad)));
    }
}
