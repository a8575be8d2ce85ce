package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.isTrue;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.List;

/** {@code windowsHostProcess} (baseline, v1.0+): Windows HostProcess containers are forbidden. */
public final class WindowsHostProcessCheck extends AbstractCheck {

    public WindowsHostProcessCheck() {
        super("windowsHostProcess", Level.BASELINE, null,
                "Windows HostProcess pods and containers (windowsOptions.hostProcess=true) are forbidden.", 0);
    }

    private static boolean hostProcess(WindowsSecurityContextOptions options) {
        return options != null && isTrue(options.getHostProcess());
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        List<String> badContainers = new ArrayList<>();
        for (ContainerView c : containers(spec)) {
            if (c.securityContext() != null && hostProcess(c.securityContext().getWindowsOptions())) {
                badContainers.add(c.name());
            }
        }
        List<String> badSetters = new ArrayList<>();
        if (spec.getSecurityContext() != null && hostProcess(spec.getSecurityContext().getWindowsOptions())) {
            badSetters.add("pod");
        }
        if (!badContainers.isEmpty()) {
            badSetters.add(pluralize("container", "containers", badContainers.size()) + " " + joinQuote(badContainers));
        }
        if (badSetters.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("hostProcess", String.format(
                "%s must not set securityContext.windowsOptions.hostProcess=true", String.join(" and ", badSetters)));
    }
}
