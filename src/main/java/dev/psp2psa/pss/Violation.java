package dev.psp2psa.pss;

/**
 * One failed check: its id, PSA's short reason (such as {@code "privileged"}) and the offending values
 * (such as {@code container "app" must not set securityContext.privileged=true}).
 */
public record Violation(String check, String reason, String detail) {

    /** As PSA prints it: {@code reason (detail)}. */
    public String message() {
        return detail == null || detail.isEmpty() ? reason : reason + " (" + detail + ")";
    }
}
