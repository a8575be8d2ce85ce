package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runAsNonRoot} (restricted, v1.0+): the pod or every container must set runAsNonRoot=true and none may
 * set it to false; from v1.35 pods in a user namespace ({@code hostUsers: false}) are exempt.
 */
public final class RunAsNonRootCheck extends AbstractCheck {

    static final Version USER_NAMESPACE_RELAXATION = Version.of(35);

    public RunAsNonRootCheck() {
        super("runAsNonRoot", Level.RESTRICTED, null,
                "The pod or every container must set securityContext.runAsNonRoot=true "
                        + "(pods in a user namespace exempt from v1.35).",
                0, 35);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        if (version.atLeast(USER_NAMESPACE_RELAXATION) && CheckSupport.inUserNamespace(spec)) {
            return CheckResult.ALLOWED;
        }
        List<String> badSetters = new ArrayList<>();
        boolean podRunAsNonRoot = false;
        if (spec.getSecurityContext() != null && spec.getSecurityContext().getRunAsNonRoot() != null) {
            if (spec.getSecurityContext().getRunAsNonRoot()) {
                podRunAsNonRoot = true;
            } else {
                badSetters.add("pod");
            }
        }
        List<String> explicitlyBad = new ArrayList<>();
        List<String> implicitlyBad = new ArrayList<>();
        for (ContainerView c : containers(spec)) {
            Boolean nonRoot = c.securityContext() == null ? null : c.securityContext().getRunAsNonRoot();
            if (nonRoot != null) {
                if (!nonRoot) {
                    explicitlyBad.add(c.name());
                }
            } else if (!podRunAsNonRoot) {
                implicitlyBad.add(c.name());
            }
        }
        if (!explicitlyBad.isEmpty()) {
            badSetters.add(pluralize("container", "containers", explicitlyBad.size()) + " " + joinQuote(explicitlyBad));
        }
        if (!badSetters.isEmpty()) {
            return CheckResult.forbidden("runAsNonRoot != true", String.format(
                    "%s must not set securityContext.runAsNonRoot=false", String.join(" and ", badSetters)));
        }
        if (!implicitlyBad.isEmpty()) {
            return CheckResult.forbidden("runAsNonRoot != true", String.format(
                    "pod or %s %s must set securityContext.runAsNonRoot=true",
                    pluralize("container", "containers", implicitlyBad.size()), joinQuote(implicitlyBad)));
        }
        return CheckResult.ALLOWED;
    }
}
