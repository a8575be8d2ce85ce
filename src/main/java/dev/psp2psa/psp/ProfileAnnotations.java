package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The API server's validation of a PSP's profile annotations ({@code ValidatePodSecurityPolicySpecificAnnotations} in
 * {@code pkg/apis/policy/validation/validation.go}, 1.23/1.24). A PSP that fails it is never stored, so it grants
 * nothing: psp2psa reports these errors as configuration errors (the PSP admits no pod).
 *
 * <ul>
 *   <li>seccomp {@code defaultProfileName}, and every item of a non-empty {@code allowedProfileNames} other than
 *       {@code *}, must pass {@code ValidateSeccompProfile}: {@code runtime/default}, {@code docker/default},
 *       {@code unconfined}, or {@code localhost/} and a relative path without {@code ..}. An empty item (a trailing
 *       comma) does not.</li>
 *   <li>AppArmor {@code defaultProfileName} and every item of {@code allowedProfileNames} must pass
 *       {@code ValidateAppArmorProfileFormat}: empty, {@code runtime/default}, {@code unconfined} or
 *       {@code localhost/...}. An empty item (a trailing comma) is valid here.</li>
 * </ul>
 */
final class ProfileAnnotations {

    private ProfileAnnotations() {
    }

    static List<String> seccompErrors(PodSecurityPolicy psp) {
        List<String> errors = new ArrayList<>();
        String def = Psps.annotation(psp, PspNames.SECCOMP_DEFAULT);
        if (!def.isEmpty()) {
            seccompProfile(PspNames.SECCOMP_DEFAULT, def, errors);
        }
        String allowed = Psps.annotation(psp, PspNames.SECCOMP_ALLOWED);
        if (!allowed.isEmpty()) {
            for (String p : allowed.split(",", -1)) {
                if (!p.equals("*")) {
                    seccompProfile(PspNames.SECCOMP_ALLOWED, p, errors);
                }
            }
        }
        return errors;
    }

    private static void seccompProfile(String key, String p, List<String> errors) {
        String path = "metadata.annotations[" + key + "]";
        if (p.equals("runtime/default") || p.equals("docker/default") || p.equals("unconfined")) {
            return;
        }
        if (p.startsWith("localhost/")) {
            String local = p.substring("localhost/".length());
            if (local.startsWith("/")) {
                errors.add(rejected(Pods.invalid(path, local, "must be a relative path")));
            } else if (List.of(local.split("/", -1)).contains("..")) {
                errors.add(rejected(Pods.invalid(path, local, "must not contain '..'")));
            }
            return;
        }
        errors.add(rejected(Pods.invalid(path, p, "must be a valid seccomp profile")));
    }

    static List<String> appArmorErrors(PodSecurityPolicy psp) {
        List<String> errors = new ArrayList<>();
        String def = Psps.annotation(psp, PspNames.APPARMOR_DEFAULT);
        if (!def.isEmpty() && !validAppArmor(def)) {
            errors.add(rejected(Pods.invalid("metadata.annotations[" + PspNames.APPARMOR_DEFAULT + "]", def,
                    "invalid AppArmor profile name: \"" + def + "\"")));
        }
        String allowed = Psps.annotation(psp, PspNames.APPARMOR_ALLOWED);
        if (!allowed.isEmpty()) {
            for (String p : allowed.split(",", -1)) {
                if (!validAppArmor(p)) {
                    errors.add(rejected(Pods.invalid("metadata.annotations[" + PspNames.APPARMOR_ALLOWED + "]",
                            allowed, "invalid AppArmor profile name: \"" + p + "\"")));
                }
            }
        }
        return errors;
    }

    private static boolean validAppArmor(String p) {
        return p.isEmpty() || p.equals("runtime/default") || p.equals("unconfined") || p.startsWith("localhost/");
    }

    private static String rejected(String error) {
        return SpecValidation.rejected(error);
    }
}
