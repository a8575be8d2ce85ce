package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a rule's CEL predicate must decide, in plain Java: PSP's validation of the unmutated pod (without the checks
 * that are the API server's validation, which runs before any validating admission) and, for the defaults PSP gave
 * for safety, that the pod sets the field itself.
 */
final class RuleCelOracle {

    private RuleCelOracle() {
    }

    /**
     * The rule's errors on the unmutated pod, without API-validation errors. An unset fsGroup or supplementalGroups
     * has none: PSP's MustRunAs Generate (group/mustrunas.go) filled it in before Validate, and an unset one adds no
     * group, so the gap policies do not require it (GroupRule#predicate).
     */
    static List<String> errors(PspRule rule, PodSecurityPolicy psp, Pod pod) {
        PodSecurityContext sc = pod.getSpec() == null ? null : pod.getSpec().getSecurityContext();
        if (rule.id().equals("fsGroup") && (sc == null || sc.getFsGroup() == null)) {
            return List.of();
        }
        if (rule.id().equals("supplementalGroups") && (sc == null || sc.getSupplementalGroups() == null
                || sc.getSupplementalGroups().isEmpty())) {
            return List.of();
        }
        // apparmor strategy: Generate writes a runtime/default default before Validate, and an unset profile gets the
        // runtime's default anyway, so the gap policy does not require it (AppArmorRule#predicate).
        // Where the allowed list lacks runtime/default, the defaulted pod failed Validate all the same.
        Map<String, String> pspAnn = psp.getMetadata().getAnnotations() == null ? Map.of()
                : psp.getMetadata().getAnnotations();
        String allowedList = pspAnn.get(PspNames.APPARMOR_ALLOWED);
        boolean runtimeDefault = rule.id().equals("appArmor")
                && "runtime/default".equals(pspAnn.get(PspNames.APPARMOR_DEFAULT))
                && (allowedList == null || java.util.Arrays.asList(allowedList.split(",")).contains("runtime/default"));
        boolean onlyDefaultAdds = rule.id().equals("capabilities")
                && (psp.getSpec().getRequiredDropCapabilities() == null
                        || psp.getSpec().getRequiredDropCapabilities().isEmpty());
        return rule.validate(psp, pod).stream().filter(e -> !e.contains("(API validation)"))
                .filter(e -> !(runtimeDefault && e.contains("AppArmor profile must be set")))
                // capabilities.go: Generate writes the default adds into every container before Validate, so
                // "required capabilities are not set" never failed a pod for default adds alone.
                .filter(e -> !(onlyDefaultAdds && e.contains("required capabilities are not set")))
                .toList();
    }

    static boolean passes(PspRule rule, PodSecurityPolicy psp, Pod pod) {
        return errors(rule, psp, pod).isEmpty() && guaranteed(rule.id(), psp, pod);
    }

    record Ref(String name, SecurityContext sc) {
    }

    static List<Ref> containers(Pod pod) {
        List<Ref> all = new ArrayList<>();
        for (Container c : nonNull(pod.getSpec().getInitContainers())) {
            all.add(new Ref(c.getName(), c.getSecurityContext()));
        }
        for (Container c : nonNull(pod.getSpec().getContainers())) {
            all.add(new Ref(c.getName(), c.getSecurityContext()));
        }
        for (EphemeralContainer c : nonNull(pod.getSpec().getEphemeralContainers())) {
            all.add(new Ref(c.getName(), c.getSecurityContext()));
        }
        return all;
    }

    static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list.stream().filter(java.util.Objects::nonNull).toList();
    }

    static String str(String s) {
        return s == null ? "" : s;
    }

    /** Whether the pod sets what PSP defaulted for safety, where PSP's validation of the unmutated pod does not ask. */
    static boolean guaranteed(String rule, PodSecurityPolicy psp, Pod pod) {
        PodSecurityPolicySpec spec = psp.getSpec();
        Map<String, String> pspAnnotations = psp.getMetadata().getAnnotations() == null ? Map.of()
                : psp.getMetadata().getAnnotations();
        Map<String, String> annotations = pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
                ? Map.of() : pod.getMetadata().getAnnotations();
        PodSecurityContext podSc = pod.getSpec().getSecurityContext();
        switch (rule) {
            case "allowPrivilegeEscalation" -> {
                boolean allowed = spec.getAllowPrivilegeEscalation() == null || spec.getAllowPrivilegeEscalation();
                if (allowed && Boolean.FALSE.equals(spec.getDefaultAllowPrivilegeEscalation())) {
                    return containers(pod).stream()
                            .allMatch(c -> c.sc() != null && c.sc().getAllowPrivilegeEscalation() != null);
                }
                return true;
            }
            case "runtimeClass" -> {
                if (spec.getRuntimeClass() != null && spec.getRuntimeClass().getDefaultRuntimeClassName() != null) {
                    return pod.getSpec().getRuntimeClassName() != null;
                }
                return true;
            }
            case "seccomp" -> {
                if (str(pspAnnotations.get(PspNames.SECCOMP_DEFAULT)).isEmpty()) {
                    return true;
                }
                SeccompProfile podField = podSc == null ? null : podSc.getSeccompProfile();
                for (Ref c : containers(pod)) {
                    String key = PspNames.SECCOMP_CONTAINER_PREFIX + str(c.name());
                    String profile;
                    if (c.sc() != null && c.sc().getSeccompProfile() != null) {
                        profile = seccomp(c.sc().getSeccompProfile());
                    } else if (annotations.containsKey(key)) {
                        profile = str(annotations.get(key));
                    } else if (podField != null) {
                        profile = seccomp(podField);
                    } else {
                        profile = str(annotations.get(PspNames.SECCOMP_POD));
                    }
                    if (profile.isEmpty()) {
                        return false;
                    }
                }
                return true;
            }
            case "appArmor" -> {
                // An unset profile is the runtime default (Pod Security Standards, AppArmor): where that was PSP's
                // default too, nothing PSP defaulted for safety is lost.
                if (pspAnnotations.containsKey(PspNames.APPARMOR_ALLOWED)
                        || str(pspAnnotations.get(PspNames.APPARMOR_DEFAULT)).isEmpty()
                        || "runtime/default".equals(pspAnnotations.get(PspNames.APPARMOR_DEFAULT))) {
                    return true;
                }
                boolean podField = podSc != null && podSc.getAppArmorProfile() != null;
                return containers(pod).stream().allMatch(c -> podField
                        || !str(annotations.get(PspNames.APPARMOR_CONTAINER_PREFIX + str(c.name()))).isEmpty()
                        || (c.sc() != null && c.sc().getAppArmorProfile() != null));
            }
            default -> {
                return true;
            }
        }
    }

    static String seccomp(SeccompProfile f) {
        return switch (str(f.getType())) {
            case "Unconfined" -> "unconfined";
            case "RuntimeDefault" -> "runtime/default";
            case "Localhost" -> f.getLocalhostProfile() == null ? "" : "localhost/" + f.getLocalhostProfile();
            default -> "";
        };
    }
}
