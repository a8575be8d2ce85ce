package dev.psp2psa.pss;

/** The result of one check: allowed, or forbidden with PSA's reason and detail. */
public record CheckResult(boolean allowed, String reason, String detail) {

    public static final CheckResult ALLOWED = new CheckResult(true, null, null);

    public static CheckResult forbidden(String reason, String detail) {
        return new CheckResult(false, reason, detail);
    }
}
