package dev.psp2psa.verify;

import dev.psp2psa.inventory.Source;

/**
 * One pod, pod template or generated boundary pod, with its old and new decisions. {@code outcome} is the worst over
 * the engines (now admitted before now denied); {@code agree} when every engine agrees with PSP; a disagreement is
 * {@code explained} by a documented PSP default the pod relied on, a documented assumption, a documented tightening
 * (generated pods only), a PSA exemption or a pod PSP could never have seen, with the {@code explanation}; otherwise
 * {@code explanation} says what is wrong. {@code origin} is where in the input it comes from: the object's file and line,
 * or for a generated pod the PodSecurityPolicy it was generated from ({@code psp}, else {@code null}).
 */
public record VerifyResult(String source, Source origin, String psp, String namespace, String kind, String name, String serviceAccount,
        boolean generated, OldDecision old, NewDecision now, Outcome outcome, boolean agree, boolean explained,
        String explanation) {
}
