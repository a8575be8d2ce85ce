package dev.psp2psa.cel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A CEL boolean expression over a pod ({@code object}) that is true when the pod passes, with a one-sentence message
 * for a policy's {@code message}, and whether it is exact. An inexact predicate is an approximation that is never
 * looser than PSP: whenever it is true, PSP admission would have admitted the pod for this rule; {@code reason} says
 * where it is stricter and why (empty when exact).
 */
public record CelPredicate(String expression, String message, boolean exact, String reason) {

    public CelPredicate {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(message, "message");
        reason = reason == null ? "" : reason;
        if (exact != reason.isEmpty()) {
            throw new IllegalArgumentException("an approximation needs a reason, and an exact predicate has none.");
        }
    }

    /** An exact predicate. */
    public static CelPredicate exact(String expression, String message) {
        return new CelPredicate(expression, message, true, "");
    }

    /** An approximation, never looser than PSP, with why it is not exact. */
    public static CelPredicate approximation(String expression, String message, String reason) {
        return new CelPredicate(expression, message, false, reason);
    }

    /** The conjunction: a pod passes when it passes every predicate; {@code true} for none. */
    public static CelPredicate and(String message, List<CelPredicate> predicates) {
        return combine(" && ", "true", message, predicates);
    }

    /** The conjunction, with the predicates' messages joined as the message. */
    public static CelPredicate and(List<CelPredicate> predicates) {
        return and(messages(predicates), predicates);
    }

    /** The disjunction: a pod passes when it passes some predicate; {@code false} for none. */
    public static CelPredicate or(String message, List<CelPredicate> predicates) {
        return combine(" || ", "false", message, predicates);
    }

    /** The disjunction, with the predicates' messages joined as the message. */
    public static CelPredicate or(List<CelPredicate> predicates) {
        return or(messages(predicates), predicates);
    }

    /**
     * {@code guard && this}: this predicate for the pods the guard (a CEL boolean expression, such as
     * {@link PodCel#serviceAccountIn}) selects, false for the others.
     */
    public CelPredicate when(String guard) {
        return new CelPredicate(PodCel.group(guard) + "\n&& (\n" + PodCel.indent(expression) + "\n)", message, exact,
                reason);
    }

    /**
     * One predicate per group of service accounts: {@code (sa in [...] && predicate) || ...}; a pod whose service
     * account is in no group fails. Groups are taken in the map's order (use a sorted map for stable text).
     */
    public static CelPredicate byServiceAccount(String message, Map<? extends Collection<String>, CelPredicate> groups) {
        List<CelPredicate> branches = new ArrayList<>();
        groups.forEach((accounts, predicate) -> branches.add(predicate.when(PodCel.serviceAccountIn(accounts))));
        return or(message, branches);
    }

    private static String messages(List<CelPredicate> predicates) {
        return predicates.stream().map(CelPredicate::message).distinct().collect(Collectors.joining(" "));
    }

    private static CelPredicate combine(String op, String identity, String message, List<CelPredicate> predicates) {
        if (predicates.isEmpty()) {
            return exact(identity, message);
        }
        if (predicates.size() == 1) {
            CelPredicate p = predicates.get(0);
            return new CelPredicate(p.expression(), message, p.exact(), p.reason());
        }
        String expression = predicates.stream().map(p -> "(\n" + PodCel.indent(p.expression()) + "\n)")
                .collect(Collectors.joining("\n" + op.strip() + " "));
        boolean exact = predicates.stream().allMatch(CelPredicate::exact);
        String reason = predicates.stream().map(CelPredicate::reason).filter(r -> !r.isEmpty()).distinct()
                .collect(Collectors.joining(" "));
        return new CelPredicate(expression, message, exact, reason);
    }
}
