package dev.psp2psa.verify;

/**
 * One pod, pod template or generated boundary pod, with its old and new decisions. {@code outcome} is the worst over
 * the engines (now admitted before now denied); {@code agree} when every engine agrees with PSP; a disagreement is
 * {@code explained} by a documented PSP default the pod relied on, a documented assumption, a documented tightening
 * (generated pods only), a PSA exemption or a pod PSP could never have seen, with the {@code explanation}; otherwise
 * {@code explanation} says what is wrong.
 */
public record VerifyResult(String source, String namespace, String kind, String name, String serviceAccount,
        boolean generated, OldDecision old, NewDecision now, Outcome outcome, boolean agree, boolean explained,
        String explanation) {
}
