package dev.psp2psa.plan;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** A kind of finding a plan can have, such as a labelled namespace with gaps ({@code psp2psa --fail-on} names them). */
public enum PlanFinding {
    /** A labelled namespace has gaps: restrictions of its PSPs that its enforce level does not enforce. */
    GAPS,
    /** A workload relied on a PSP default (a field to add). */
    MUTATIONS,
    /** A labelled namespace's enforce level is looser than restricted. */
    NOT_RESTRICTED,
    /** RBAC problems: bindings to missing roles, grants of PSPs that do not exist. */
    PROBLEMS,
    /**
     * A namespace where no PSP that admits pods is usable (policy level none), and whatever the input says that
     * cannot be right ({@link Plan#inputDoubts}).
     */
    NONE,
    /**
     * Someone other than the label admins ({@code --label-admins}) may relabel namespaces, so switch PSA off there
     * ({@link BypassReview#unexpectedRelabellers}); {@code system:masters} always may.
     */
    BYPASS;

    /** {@code gaps}, {@code not-restricted}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the plan has a finding of any of the kinds. */
    public static boolean any(Collection<PlanFinding> findings, Plan plan) {
        return findings.stream().anyMatch(f -> f.in(plan));
    }

    /** Whether the plan has a finding of this kind. */
    public boolean in(Plan plan) {
        List<NamespacePlan> labelled = plan.namespaces().stream().filter(n -> !n.exempt()).toList();
        return switch (this) {
            case GAPS -> labelled.stream().anyMatch(n -> !n.gaps().isEmpty());
            case MUTATIONS -> plan.namespaces().stream().anyMatch(n -> !n.mutations().isEmpty());
            case NOT_RESTRICTED -> labelled.stream()
                    .anyMatch(n -> n.recommended().enforce() != dev.psp2psa.pss.Level.RESTRICTED);
            case PROBLEMS -> !plan.problems().isEmpty();
            case NONE -> !plan.inputDoubts().isEmpty()
                    || plan.namespaces().stream().anyMatch(n -> n.policyLevel().isEmpty());
            case BYPASS -> !plan.bypass().unexpectedRelabellers().isEmpty();
        };
    }
}
