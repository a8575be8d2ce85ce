package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.goQuote;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;
import static dev.psp2psa.pss.CheckSupport.str;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code appArmorProfile} (baseline, v1.0+): the AppArmor profile must not be overridden to unconfined, by the
 * {@code appArmorProfile} fields or the beta annotations. Upstream patched the field check (Kubernetes 1.30)
 * into its single v1.0 revision, so the fields are checked at every version.
 */
public final class AppArmorProfileCheck extends AbstractCheck {

    static final String ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    public AppArmorProfileCheck() {
        super("appArmorProfile", Level.BASELINE, null,
                "AppArmor profiles other than RuntimeDefault and Localhost (field or annotation) are forbidden.", 0);
    }

    private static boolean allowedType(AppArmorProfile profile) {
        String type = str(profile.getType());
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    private static boolean allowedAnnotationValue(String value) {
        return value.isEmpty() || value.equals("runtime/default") || value.startsWith("localhost/");
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        List<String> badSetters = new ArrayList<>();
        TreeSet<String> badValues = CheckSupport.sortedSet();
        if (spec.getSecurityContext() != null && spec.getSecurityContext().getAppArmorProfile() != null) {
            AppArmorProfile profile = spec.getSecurityContext().getAppArmorProfile();
            if (!allowedType(profile)) {
                badSetters.add("pod");
                badValues.add(str(profile.getType()));
            }
        }
        List<String> badContainers = new ArrayList<>();
        for (ContainerView c : containers(spec)) {
            if (c.securityContext() != null && c.securityContext().getAppArmorProfile() != null) {
                AppArmorProfile profile = c.securityContext().getAppArmorProfile();
                if (!allowedType(profile)) {
                    badContainers.add(c.name());
                    badValues.add(str(profile.getType()));
                }
            }
        }
        if (!badContainers.isEmpty()) {
            badSetters.add(pluralize("container", "containers", badContainers.size()) + " " + joinQuote(badContainers));
        }
        List<String> forbiddenAnnotations = new ArrayList<>();
        if (meta.getAnnotations() != null) {
            for (Map.Entry<String, String> e : meta.getAnnotations().entrySet()) {
                String key = str(e.getKey());
                String value = str(e.getValue());
                if (key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(value)) {
                    forbiddenAnnotations.add(key + "=" + goQuote(value));
                }
            }
        }
        List<String> values = new ArrayList<>(badValues);
        if (!forbiddenAnnotations.isEmpty()) {
            values.addAll(CheckSupport.sorted(forbiddenAnnotations));
            badSetters.add(pluralize("annotation", "annotations", forbiddenAnnotations.size()));
        }
        if (badSetters.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden(
                pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.size()),
                String.format("%s must not set AppArmor profile type to %s", String.join(" and ", badSetters),
                        joinQuote(values)));
    }
}
