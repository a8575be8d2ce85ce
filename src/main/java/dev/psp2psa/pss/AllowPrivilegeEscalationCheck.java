package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code allowPrivilegeEscalation} (restricted, v1.8+): every container must set
 * securityContext.allowPrivilegeEscalation=false; from v1.25 Windows pods are exempt.
 */
public final class AllowPrivilegeEscalationCheck extends AbstractCheck {

    static final Version WINDOWS_EXEMPT = Version.of(25);

    public AllowPrivilegeEscalationCheck() {
        super("allowPrivilegeEscalation", Level.RESTRICTED, null,
                "Containers must set securityContext.allowPrivilegeEscalation=false (Windows pods exempt from v1.25).",
                8, 25);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        if (version.atLeast(WINDOWS_EXEMPT) && CheckSupport.isWindows(spec)) {
            return CheckResult.ALLOWED;
        }
        List<String> bad = new ArrayList<>();
        for (ContainerView c : containers(spec)) {
            Boolean allow = c.securityContext() == null ? null : c.securityContext().getAllowPrivilegeEscalation();
            if (allow == null || allow) {
                bad.add(c.name());
            }
        }
        if (bad.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("allowPrivilegeEscalation != false", String.format(
                "%s %s must set securityContext.allowPrivilegeEscalation=false",
                pluralize("container", "containers", bad.size()), joinQuote(bad)));
    }
}
