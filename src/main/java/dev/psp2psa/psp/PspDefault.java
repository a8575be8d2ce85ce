package dev.psp2psa.psp;

/**
 * One default that PSP admission writes into pods that leave it unset: the rule, the PSP field or annotation
 * that causes it, the pod field path ({@code spec.containers[*]} stands for every init, regular and ephemeral
 * container) and the value written.
 */
public record PspDefault(String rule, String field, String path, String value) {

    /** As {@code path=value}, such as {@code spec.containers[*].securityContext.runAsNonRoot=true}. */
    @Override
    public String toString() {
        return path + "=" + value;
    }
}
