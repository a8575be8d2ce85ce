package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;
import static dev.psp2psa.pss.CheckSupport.str;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code seLinuxOptions} (baseline, v1.0+): the SELinux type must be a container type and user and role must be
 * unset; v1.31 adds {@code container_engine_t} to the allowed types.
 */
public final class SeLinuxOptionsCheck extends AbstractCheck {

    static final Set<String> ALLOWED_TYPES_1_0 = Set.of("", "container_t", "container_init_t", "container_kvm_t");
    static final Set<String> ALLOWED_TYPES_1_31 =
            Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

    public SeLinuxOptionsCheck() {
        super("seLinuxOptions", Level.BASELINE, null,
                "Custom SELinux user or role options and SELinux types other than the container types are forbidden.",
                0, 31);
    }

    /** The SELinux types allowed at a version. */
    static Set<String> allowedTypes(Version version) {
        return version.atLeast(Version.of(31)) ? ALLOWED_TYPES_1_31 : ALLOWED_TYPES_1_0;
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        Set<String> allowed = allowedTypes(version);
        TreeSet<String> badTypes = CheckSupport.sortedSet();
        boolean[] setUserRole = new boolean[2];
        List<String> badSetters = new ArrayList<>();
        if (spec.getSecurityContext() != null && spec.getSecurityContext().getSeLinuxOptions() != null
                && !valid(spec.getSecurityContext().getSeLinuxOptions(), allowed, badTypes, setUserRole)) {
            badSetters.add("pod");
        }
        List<String> badContainers = new ArrayList<>();
        for (ContainerView c : containers(spec)) {
            if (c.securityContext() != null && c.securityContext().getSeLinuxOptions() != null
                    && !valid(c.securityContext().getSeLinuxOptions(), allowed, badTypes, setUserRole)) {
                badContainers.add(c.name());
            }
        }
        if (!badContainers.isEmpty()) {
            badSetters.add(pluralize("container", "containers", badContainers.size()) + " " + joinQuote(badContainers));
        }
        if (badSetters.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        List<String> badData = new ArrayList<>();
        if (!badTypes.isEmpty()) {
            badData.add(pluralize("type", "types", badTypes.size()) + " " + joinQuote(badTypes));
        }
        if (setUserRole[0]) {
            badData.add("user may not be set");
        }
        if (setUserRole[1]) {
            badData.add("role may not be set");
        }
        return CheckResult.forbidden("seLinuxOptions", String.format(
                "%s set forbidden securityContext.seLinuxOptions: %s",
                String.join(" and ", badSetters), String.join("; ", badData)));
    }

    private static boolean valid(SELinuxOptions opts, Set<String> allowed, Set<String> badTypes,
            boolean[] setUserRole) {
        boolean valid = true;
        String type = str(opts.getType());
        if (!allowed.contains(type)) {
            valid = false;
            badTypes.add(type);
        }
        if (!str(opts.getUser()).isEmpty()) {
            valid = false;
            setUserRole[0] = true;
        }
        if (!str(opts.getRole()).isEmpty()) {
            valid = false;
            setUserRole[1] = true;
        }
        return valid;
    }
}
