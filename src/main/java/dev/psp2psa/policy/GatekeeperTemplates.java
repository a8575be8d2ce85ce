package dev.psp2psa.policy;

import java.util.Locale;

/** Which ConstraintTemplates Gatekeeper constraints use: psp2psa's own, or the gatekeeper-library's. */
public enum GatekeeperTemplates {
    /** psp2psa writes a template per policy (CEL and Rego) and a constraint of its kind: exact. */
    PSP2PSA,
    /** Constraints of the gatekeeper-library kinds only, with parameters from the PSPs: an approximation. */
    LIBRARY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GatekeeperTemplates parse(String text) {
        for (GatekeeperTemplates t : values()) {
            if (t.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown Gatekeeper templates '" + text + "': expected psp2psa or library.");
    }
}
