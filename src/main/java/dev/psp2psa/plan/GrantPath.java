package dev.psp2psa.plan;

/**
 * One RBAC path that makes a PSP usable: subject → binding → role, the role naming the rule that grants {@code use}
 * (and the ClusterRole that holds it when it came through aggregation).
 */
public record GrantPath(String subject, String binding, String role) {
}
