package dev.psp2psa.cel;

import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.Optional;

/**
 * The CEL translation of one PSP rule (same id as its {@code dev.psp2psa.psp.PspRule}). Implementations are stateless
 * and deterministic: one PSP always gives the same text.
 */
public interface CelRule {

    /** The id of the PSP rule this translates. */
    String id();

    /**
     * The CEL boolean expression over {@code object} (the pod as submitted, not mutated by PSP) that is true exactly
     * when the pod passes this rule of this PSP, with the fields PSP would have defaulted for safety set explicitly;
     * empty when the rule accepts every pod the API server accepts.
     */
    Optional<CelPredicate> predicate(PodSecurityPolicy psp);
}
