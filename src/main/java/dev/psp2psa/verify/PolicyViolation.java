package dev.psp2psa.verify;

/**
 * Why the new admission denies a pod: the engine ({@code psa}, {@code vap}, {@code kyverno}, ...), the policy (for
 * PSA the enforce label, such as {@code baseline:v1.37}), the rule (the PSS check id, the VAP validation or the
 * Kyverno rule) and the message the engine would print.
 */
public record PolicyViolation(String engine, String policy, String rule, String message) {

    public static final String PSA = "psa";
}
