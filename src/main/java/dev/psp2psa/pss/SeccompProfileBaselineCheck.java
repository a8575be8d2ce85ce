package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.goQuote;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;
import static dev.psp2psa.pss.CheckSupport.str;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code seccompProfile_baseline} (baseline): a seccomp profile, when set, must not be unconfined. Before v1.19
 * the alpha annotations are checked; from v1.19 the securityContext.seccompProfile fields.
 */
public final class SeccompProfileBaselineCheck extends AbstractCheck {

    static final String ANNOTATION_POD = "seccomp.security.alpha.kubernetes.io/pod";
    static final String ANNOTATION_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";
    static final Version FIELDS = Version.of(19);

    public SeccompProfileBaselineCheck() {
        super("seccompProfile_baseline", Level.BASELINE, null,
                "Seccomp profiles other than RuntimeDefault and Localhost are forbidden when set "
                        + "(the alpha annotations before v1.19, the securityContext fields from v1.19).",
                0, 19);
    }

    static boolean validType(SeccompProfile profile) {
        String type = str(profile.getType());
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    private static boolean validAnnotationValue(String value) {
        return value.equals("runtime/default") || value.equals("docker/default") || value.startsWith("localhost/");
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        return version.atLeast(FIELDS) ? fields(spec) : annotations(meta, spec);
    }

    private static CheckResult annotations(ObjectMeta meta, PodSpec spec) {
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        TreeSet<String> forbidden = CheckSupport.sortedSet();
        String podValue = annotations.get(ANNOTATION_POD);
        if (annotations.containsKey(ANNOTATION_POD) && !validAnnotationValue(str(podValue))) {
            forbidden.add(ANNOTATION_POD + "=" + goQuote(str(podValue)));
        }
        for (ContainerView c : containers(spec)) {
            String key = ANNOTATION_CONTAINER_PREFIX + c.name();
            if (annotations.containsKey(key) && !validAnnotationValue(str(annotations.get(key)))) {
                forbidden.add(key + "=" + goQuote(str(annotations.get(key))));
            }
        }
        if (forbidden.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("seccompProfile", String.format("forbidden %s %s",
                pluralize("annotation", "annotations", forbidden.size()), String.join(", ", forbidden)));
    }

    private static CheckResult fields(PodSpec spec) {
        List<String> badSetters = new ArrayList<>();
        TreeSet<String> badValues = CheckSupport.sortedSet();
        if (spec.getSecurityContext() != null && spec.getSecurityContext().getSeccompProfile() != null
                && !validType(spec.getSecurityContext().getSeccompProfile())) {
            badSetters.add("pod");
            badValues.add(str(spec.getSecurityContext().getSeccompProfile().getType()));
        }
        List<String> badContainers = new ArrayList<>();
        for (ContainerView c : containers(spec)) {
            if (c.securityContext() != null && c.securityContext().getSeccompProfile() != null
                    && !validType(c.securityContext().getSeccompProfile())) {
                badContainers.add(c.name());
                badValues.add(str(c.securityContext().getSeccompProfile().getType()));
            }
        }
        if (!badContainers.isEmpty()) {
            badSetters.add(pluralize("container", "containers", badContainers.size()) + " " + joinQuote(badContainers));
        }
        if (badSetters.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("seccompProfile", String.format(
                "%s must not set securityContext.seccompProfile.type to %s", String.join(" and ", badSetters),
                joinQuote(badValues)));
    }
}
