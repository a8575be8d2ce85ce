package dev.psp2psa.psp;

import static dev.psp2psa.cel.PodCel.POD_SC;
import static dev.psp2psa.cel.PodCel.SPEC;
import static dev.psp2psa.cel.PodCel.annotation;
import static dev.psp2psa.cel.PodCel.has;
import static dev.psp2psa.cel.PodCel.lit;

import dev.psp2psa.cel.PodCel;

/**
 * The CEL the profile rules share: a pod's seccomp and AppArmor profiles read as PSP reads them, fields in their
 * annotation form ({@link SeccompRule#annotationFor}, {@link AppArmorRule#annotationFor}).
 */
final class ProfileCel {

    private ProfileCel() {
    }

    /** The annotation form of a seccompProfile field (a CEL map), as the API server derives it. */
    static String seccompAnnotation(String f) {
        return "(!has(" + f + ".type) ? '' : " + f + ".type == 'RuntimeDefault' ? 'runtime/default' : " + f
                + ".type == 'Unconfined' ? 'unconfined' : " + f + ".type == 'Localhost' && has(" + f
                + ".localhostProfile) ? 'localhost/' + " + f + ".localhostProfile : '')";
    }

    /** The pod's seccomp profile as PSP reads it: the pod annotation when not empty, else the pod field. */
    static String seccompPodProfile() {
        String ann = annotation(lit(SeccompRule.POD_KEY));
        return "(" + ann + " != '' ? " + ann + " : " + has(SPEC, "securityContext", "seccompProfile") + " ? "
                + seccompAnnotation(POD_SC + ".seccompProfile") + " : '')";
    }

    /**
     * The container's seccomp profile as PSP reads it: its field, else its annotation (even empty), else the pod
     * field, else the pod annotation.
     */
    static String seccompContainerProfile() {
        String key = "(" + lit(SeccompRule.CONTAINER_PREFIX) + " + " + PodCel.containerName("c") + ")";
        return "(" + has("c", "securityContext", "seccompProfile") + " ? "
                + seccompAnnotation("c.securityContext.seccompProfile") + " : " + PodCel.hasAnnotation(key) + " ? "
                + PodCel.ANNOTATIONS + "[" + key + "] : " + has(SPEC, "securityContext", "seccompProfile") + " ? "
                + seccompAnnotation(POD_SC + ".seccompProfile") + " : " + annotation(lit(SeccompRule.POD_KEY)) + ")";
    }

    /** The annotation form of an appArmorProfile field (a CEL map), as PSP's rule reads it. */
    static String appArmorAnnotation(String f) {
        return "(!has(" + f + ".type) ? '' : " + f + ".type == 'RuntimeDefault' ? 'runtime/default' : " + f
                + ".type == 'Localhost' ? 'localhost/' + " + orEmpty(f, "localhostProfile") + " : " + f
                + ".type == 'Unconfined' ? 'unconfined' : " + f + ".type)";
    }

    private static String orEmpty(String base, String field) {
        return "(has(" + base + "." + field + ") ? " + base + "." + field + " : '')";
    }
}
