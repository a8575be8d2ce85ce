package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runAsUser} (restricted, v1.23+): neither the pod nor any container may set runAsUser=0; from v1.35 pods in
 * a user namespace ({@code hostUsers: false}) are exempt.
 */
public final class RunAsUserCheck extends AbstractCheck {

    static final Version USER_NAMESPACE_RELAXATION = Version.of(35);

    public RunAsUserCheck() {
        super("runAsUser", Level.RESTRICTED, null,
                "The pod and its containers must not set securityContext.runAsUser=0 "
                        + "(pods in a user namespace exempt from v1.35).",
                23, 35);
    }

    private static boolean root(Long uid) {
        return uid != null && uid == 0L;
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        if (version.atLeast(USER_NAMESPACE_RELAXATION) && CheckSupport.inUserNamespace(spec)) {
            return CheckResult.ALLOWED;
        }
        List<String> badSetters = new ArrayList<>();
        if (spec.getSecurityContext() != null && root(spec.getSecurityContext().getRunAsUser())) {
            badSetters.add("pod");
        }
        List<String> badContainers = new ArrayList<>();
        for (ContainerView c : containers(spec)) {
            if (c.securityContext() != null && root(c.securityContext().getRunAsUser())) {
                badContainers.add(c.name());
            }
        }
        if (!badContainers.isEmpty()) {
            badSetters.add(pluralize("container", "containers", badContainers.size()) + " " + joinQuote(badContainers));
        }
        if (badSetters.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("runAsUser=0",
                String.format("%s must not set runAsUser=0", String.join(" and ", badSetters)));
    }
}
