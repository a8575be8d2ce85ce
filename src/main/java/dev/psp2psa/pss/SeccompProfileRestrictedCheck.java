package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;
import static dev.psp2psa.pss.CheckSupport.str;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code seccompProfile_restricted} (restricted, v1.19+): the pod or every container must set the seccomp profile
 * type to RuntimeDefault or Localhost; from v1.25 Windows pods are exempt. It replaces
 * {@code seccompProfile_baseline} at the restricted level.
 */
public final class SeccompProfileRestrictedCheck extends AbstractCheck {

    static final Version WINDOWS_EXEMPT = Version.of(25);

    public SeccompProfileRestrictedCheck() {
        super("seccompProfile_restricted", Level.RESTRICTED, "seccompProfile_baseline",
                "The pod or every container must set securityContext.seccompProfile.type to RuntimeDefault or "
                        + "Localhost (Windows pods exempt from v1.25).",
                19, 25);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        if (version.atLeast(WINDOWS_EXEMPT) && CheckSupport.isWindows(spec)) {
            return CheckResult.ALLOWED;
        }
        List<String> badSetters = new ArrayList<>();
        TreeSet<String> badValues = CheckSupport.sortedSet();
        boolean podSet = false;
        if (spec.getSecurityContext() != null && spec.getSecurityContext().getSeccompProfile() != null) {
            if (SeccompProfileBaselineCheck.validType(spec.getSecurityContext().getSeccompProfile())) {
                podSet = true;
            } else {
                badSetters.add("pod");
                badValues.add(str(spec.getSecurityContext().getSeccompProfile().getType()));
            }
        }
        List<String> explicitlyBad = new ArrayList<>();
        List<String> implicitlyBad = new ArrayList<>();
        for (ContainerView c : containers(spec)) {
            if (c.securityContext() != null && c.securityContext().getSeccompProfile() != null) {
                if (!SeccompProfileBaselineCheck.validType(c.securityContext().getSeccompProfile())) {
                    explicitlyBad.add(c.name());
                    badValues.add(str(c.securityContext().getSeccompProfile().getType()));
                }
            } else if (!podSet) {
                implicitlyBad.add(c.name());
            }
        }
        if (!explicitlyBad.isEmpty()) {
            badSetters.add(pluralize("container", "containers", explicitlyBad.size()) + " " + joinQuote(explicitlyBad));
        }
        if (!badSetters.isEmpty()) {
            return CheckResult.forbidden("seccompProfile", String.format(
                    "%s must not set securityContext.seccompProfile.type to %s", String.join(" and ", badSetters),
                    joinQuote(badValues)));
        }
        if (!implicitlyBad.isEmpty()) {
            return CheckResult.forbidden("seccompProfile", String.format(
                    "pod or %s %s must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
                    pluralize("container", "containers", implicitlyBad.size()), joinQuote(implicitlyBad)));
        }
        return CheckResult.ALLOWED;
    }
}
