package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedHostPath;
import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RuntimeClassStrategyOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of the API server's PSP validation ({@code ValidatePodSecurityPolicySpec} in
 * {@code pkg/apis/policy/validation/validation.go}, 1.23/1.24) that PSP admission's strategies do not already
 * refuse, one method per rule that owns the fields. A PSP that fails them is never stored, so it grants nothing;
 * each error is a configuration error of its rule (the PSP admits no pod).
 */
final class SpecValidation {

    private SpecValidation() {
    }

    /** {@code validateIDRanges}: min and max not negative, min not above max. */
    static List<String> idRanges(String path, List<IDRange> ranges) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            long min = Psps.min(ranges.get(i));
            long max = Psps.max(ranges.get(i));
            String at = path + "[" + i + "]";
            if (min < 0) {
                errors.add(rejected(Pods.invalid(at + ".min", min, "min cannot be negative")));
            }
            if (max < 0) {
                errors.add(rejected(Pods.invalid(at + ".max", max, "max cannot be negative")));
            }
            if (min > max) {
                errors.add(rejected(Pods.invalid(at + ".min", min, "min cannot be greater than max")));
            }
        }
        return errors;
    }

    /**
     * {@code requiredDropCapabilities} must be empty when {@code allowedCapabilities} has {@code *}, and no default
     * or allowed capability may be a required drop ({@code validatePSPCapsAgainstDrops}).
     */
    static List<String> capabilities(PodSecurityPolicySpec spec) {
        List<String> errors = new ArrayList<>();
        List<String> drops = Psps.list(spec.getRequiredDropCapabilities());
        List<String> allowed = Psps.list(spec.getAllowedCapabilities());
        if (!drops.isEmpty() && allowed.contains("*")) {
            errors.add(rejected(Pods.invalid("requiredDropCapabilities", drops,
                    "must be empty when all capabilities are allowed by a wildcard")));
        }
        for (String field : List.of("defaultAddCapabilities", "allowedCapabilities")) {
            List<String> caps = field.equals("allowedCapabilities") ? allowed
                    : Psps.list(spec.getDefaultAddCapabilities());
            for (String cap : caps) {
                if (drops.contains(cap)) {
                    errors.add(rejected(Pods.invalid(field, cap,
                            "capability is listed in " + field + " and requiredDropCapabilities")));
                }
            }
        }
        return errors;
    }

    /** {@code validatePSPDefaultAllowPrivilegeEscalation}: a true default needs allowPrivilegeEscalation true. */
    static List<String> privilegeEscalation(PodSecurityPolicySpec spec) {
        boolean allow = spec.getAllowPrivilegeEscalation() == null || spec.getAllowPrivilegeEscalation();
        if (Boolean.TRUE.equals(spec.getDefaultAllowPrivilegeEscalation()) && !allow) {
            return List.of(rejected(Pods.invalid("spec.defaultAllowPrivilegeEscalation", true, "Cannot set "
                    + "DefaultAllowPrivilegeEscalation to true without also setting AllowPrivilegeEscalation to true")));
        }
        return List.of();
    }

    /** {@code validatePSPAllowedHostPaths}: a path prefix is required and has no {@code ..} element. */
    static List<String> hostPaths(PodSecurityPolicySpec spec) {
        List<AllowedHostPath> paths = Psps.list(spec.getAllowedHostPaths());
        for (int i = 0; i < paths.size(); i++) {
            String prefix = Nulls.str(paths.get(i).getPathPrefix());
            String at = "spec.allowedHostPaths[" + i + "]";
            if (prefix.isEmpty()) {
                return List.of(rejected(Pods.required(at, "is required")));
            }
            if (List.of(prefix.split("/", -1)).contains("..")) {
                return List.of(rejected(Pods.invalid(at, prefix, "must not contain '..'")));
            }
        }
        return List.of();
    }

    /**
     * {@code validateRuntimeClassStrategy}: no duplicate names, {@code *} alone, and the default allowed (names are
     * not checked against the DNS-subdomain format here).
     */
    static List<String> runtimeClass(PodSecurityPolicySpec spec) {
        RuntimeClassStrategyOptions rc = spec.getRuntimeClass();
        if (rc == null) {
            return List.of();
        }
        List<String> errors = new ArrayList<>();
        List<String> names = Psps.list(rc.getAllowedRuntimeClassNames());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                errors.add(rejected("spec.runtimeClass.allowedRuntimeClassNames[" + i + "]: Duplicate value: \""
                        + names.get(i) + "\""));
            }
        }
        String def = rc.getDefaultRuntimeClassName();
        if (def != null && !seen.contains(def) && !seen.contains("*")) {
            errors.add(rejected(Pods.required("spec.runtimeClass.allowedRuntimeClassNames",
                    "default \"" + def + "\" must be allowed")));
        }
        if (seen.contains("*") && names.size() > 1) {
            errors.add(rejected(Pods.invalid("spec.runtimeClass.allowedRuntimeClassNames", names,
                    "if '*' is present, must not specify other RuntimeClass names")));
        }
        return errors;
    }

    /** The error as a configuration error: the API server would not store the PSP. */
    static String rejected(String error) {
        return "the API server rejects this PSP (ValidatePodSecurityPolicy): " + error;
    }
}
