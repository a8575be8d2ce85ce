package dev.psp2psa.plan;

import dev.psp2psa.pss.Level;
import java.util.Map;
import java.util.Optional;

/**
 * The Pod Security Admission labels a namespace of the input carries today ({@code null} where a label is absent), as
 * its Namespace object says.
 */
public record CurrentLabels(String enforce, String enforceVersion, String audit, String auditVersion, String warn,
        String warnVersion) {

    /** A namespace without PSA labels (or without a Namespace object in the input). */
    public static final CurrentLabels NONE = new CurrentLabels(null, null, null, null, null, null);

    private static final String PREFIX = "pod-security.kubernetes.io/";

    /** The PSA labels among a Namespace's labels ({@code null}: none). */
    public static CurrentLabels of(Map<String, String> labels) {
        if (labels == null) {
            return NONE;
        }
        return new CurrentLabels(labels.get(PREFIX + "enforce"), labels.get(PREFIX + "enforce-version"),
                labels.get(PREFIX + "audit"), labels.get(PREFIX + "audit-version"), labels.get(PREFIX + "warn"),
                labels.get(PREFIX + "warn-version"));
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * The level PSA enforces for the enforce label: the level it names (spelled exactly, as PSA's {@code ParseLevel}),
     * and {@code restricted} for a value that names none ({@code PolicyToEvaluate} in
     * {@code staging/src/k8s.io/pod-security-admission/api/helpers.go} uses restricted for a label it cannot parse).
     */
    public Optional<Level> enforceLevel() {
        if (enforce == null) {
            return Optional.empty();
        }
        for (Level l : Level.values()) {
            if (l.id().equals(enforce)) {
                return Optional.of(l);
            }
        }
        return Optional.of(Level.RESTRICTED);
    }

    /** The enforce label as {@code level:version} ({@code latest} when the version label is absent). */
    public String enforceText() {
        return enforce + ":" + (enforceVersion == null ? "latest" : enforceVersion);
    }
}
