package dev.psp2psa.policy;

import java.util.Locale;

/** The policy engines psp2psa writes gap policies for. */
public enum Engine {
    /** ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding, in {@code vap/}. */
    VAP,
    /** Kyverno ClusterPolicy with validate.cel rules, in {@code kyverno/}. */
    KYVERNO,
    /** Gatekeeper ConstraintTemplates and Constraints, in {@code gatekeeper/}. */
    GATEKEEPER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Engine parse(String text) {
        for (Engine e : values()) {
            if (e.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + text + "': expected vap, kyverno or gatekeeper.");
    }
}
