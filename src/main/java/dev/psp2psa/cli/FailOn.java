package dev.psp2psa.cli;

import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import java.util.List;

/** The findings of a plan that {@code --fail-on} can turn into exit code 1. */
enum FailOn {
    /** Never fail on findings (the default). */
    NEVER,
    /** A labelled namespace has gaps: restrictions of its PSPs that its enforce level does not enforce. */
    GAPS,
    /** A workload relied on a PSP default (a field to add). */
    MUTATIONS,
    /** A labelled namespace's enforce level is looser than restricted. */
    NOT_RESTRICTED,
    /** RBAC problems: bindings to missing roles, grants of PSPs that do not exist. */
    PROBLEMS;

    /** Parses {@code gaps}, {@code not-restricted}, ... (case-insensitive). */
    static FailOn parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (FailOn f : values()) {
            if (f.name().equals(t)) {
                return f;
            }
        }
        throw new UsageException("unknown --fail-on value '" + text
                + "': expected never, gaps, mutations, not-restricted or problems.");
    }

    static boolean any(List<FailOn> failOn, Plan plan) {
        for (FailOn f : failOn) {
            if (f.found(plan)) {
                return true;
            }
        }
        return false;
    }

    private boolean found(Plan plan) {
        List<NamespacePlan> labelled = plan.namespaces().stream().filter(n -> !n.exempt()).toList();
        return switch (this) {
            case NEVER -> false;
            case GAPS -> labelled.stream().anyMatch(n -> !n.gaps().isEmpty());
            case MUTATIONS -> plan.namespaces().stream().anyMatch(n -> !n.mutations().isEmpty());
            case NOT_RESTRICTED -> labelled.stream()
                    .anyMatch(n -> n.recommended().enforce() != dev.psp2psa.pss.Level.RESTRICTED);
            case PROBLEMS -> !plan.problems().isEmpty();
        };
    }
}
