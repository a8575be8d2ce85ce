package dev.psp2psa.plan;

/**
 * A PSP default that a workload relied on: PSP admission set {@code field} to {@code value} on its pods, the
 * workload's pod template does not set it, and PSA will not. Adding the field keeps the pods as they were.
 * {@code required}: the new policies deny the pods without it; otherwise (an fsGroup or supplementalGroups, whose
 * absence is no less safe) they are admitted, but may behave differently (volume ownership).
 */
public record FieldToAdd(String workload, String psp, String field, String value, boolean required) {

    /** A required field. */
    public FieldToAdd(String workload, String psp, String field, String value) {
        this(workload, psp, field, value, true);
    }
}
