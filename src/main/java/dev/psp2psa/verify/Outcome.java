package dev.psp2psa.verify;

/** The old decision against the new one. */
public enum Outcome {
    BOTH_ADMIT("bothAdmit"),
    BOTH_DENY("bothDeny"),
    NOW_DENIED("nowDenied"),
    NOW_ADMITTED("nowAdmitted");

    private final String id;

    Outcome(String id) {
        this.id = id;
    }

    /** The camel-case id used in the JSON counts. */
    public String id() {
        return id;
    }

    public boolean agrees() {
        return this == BOTH_ADMIT || this == BOTH_DENY;
    }

    static Outcome of(boolean oldAllowed, boolean newAllowed) {
        if (oldAllowed) {
            return newAllowed ? BOTH_ADMIT : NOW_DENIED;
        }
        return newAllowed ? NOW_ADMITTED : BOTH_DENY;
    }
}
