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
import java.util.TreeSet;

/**
 * {@code capabilities_restricted} (restricted, v1.22+): every container must drop ALL capabilities and may add
 * only NET_BIND_SERVICE; from v1.25 Windows pods are exempt. It replaces {@code capabilities_baseline} at the
 * restricted level.
 */
public final class CapabilitiesRestrictedCheck extends AbstractCheck {

    static final Version WINDOWS_EXEMPT = Version.of(25);

    public CapabilitiesRestrictedCheck() {
        super("capabilities_restricted", Level.RESTRICTED, "capabilities_baseline",
                "Containers must drop ALL capabilities and may add only NET_BIND_SERVICE "
                        + "(Windows pods exempt from v1.25).",
                22, 25);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        if (version.atLeast(WINDOWS_EXEMPT) && CheckSupport.isWindows(spec)) {
            return CheckResult.ALLOWED;
        }
        List<String> missingDropAll = new ArrayList<>();
        List<String> addingForbidden = new ArrayList<>();
        TreeSet<String> forbidden = CheckSupport.sortedSet();
        for (ContainerView c : containers(spec)) {
            Capabilities caps = c.securityContext() == null ? null : c.securityContext().getCapabilities();
            if (caps == null) {
                missingDropAll.add(c.name());
                continue;
            }
            if (!nonNull(caps.getDrop()).contains("ALL")) {
                missingDropAll.add(c.name());
            }
            boolean added = false;
            for (String cap : nonNull(caps.getAdd())) {
                if (!"NET_BIND_SERVICE".equals(cap)) {
                    added = true;
                    forbidden.add(str(cap));
                }
            }
            if (added) {
                addingForbidden.add(c.name());
            }
        }
        List<String> details = new ArrayList<>();
        if (!missingDropAll.isEmpty()) {
            details.add(String.format("%s %s must set securityContext.capabilities.drop=[\"ALL\"]",
                    pluralize("container", "containers", missingDropAll.size()), joinQuote(missingDropAll)));
        }
        if (!addingForbidden.isEmpty()) {
            details.add(String.format("%s %s must not include %s in securityContext.capabilities.add",
                    pluralize("container", "containers", addingForbidden.size()), joinQuote(addingForbidden),
                    joinQuote(forbidden)));
        }
        if (details.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("unrestricted capabilities", String.join("; ", details));
    }
}
