package dev.psp2psa.plan;

/**
 * A PSP default that a workload relied on: PSP admission set {@code field} to {@code value} on its pods, the
 * workload's pod template does not set it, and PSA will not. Adding the field keeps the pods as they were.
 */
public record FieldToAdd(String workload, String psp, String field, String value) {
}
