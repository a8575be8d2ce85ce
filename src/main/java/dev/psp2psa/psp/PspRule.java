package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One PodSecurityPolicy field (or annotation) group: which PSS checks it bears on, whether a PSP value keeps the PSP
 * within a level (after the Kubernetes "Mapping PodSecurityPolicies to Pod Security Standards" table), what it
 * writes into pods, how PSP admission validates one pod for it, and the same validation as a CEL predicate for the
 * policy engines. Implementations are stateless and null-safe.
 */
public interface PspRule {

    /** The rule id, spelled like the PSP field, such as {@code allowPrivilegeEscalation}. */
    String id();

    /** The {@code PodSecurityPolicySpec} JSON fields the rule claims, sorted. */
    List<String> fields();

    /** The PSP metadata annotation keys the rule claims, sorted. */
    default List<String> annotations() {
        return List.of();
    }

    /** The PSS check ids the rule bears on, sorted; empty for "no opinion". */
    List<String> checks();

    /** One sentence for the docs. */
    String description();

    /** Whether a PSS level fully captures what the rule validates (so no extra policy is needed). */
    boolean expressibleInPsa();

    /** Values that keep PSP admission from building the strategy: the PSP then admits no pod. */
    default List<String> configurationErrors(PodSecurityPolicy psp) {
        return List.of();
    }

    /**
     * Why the PSP's value for this rule is not within the level (BASELINE or RESTRICTED) at the target version, or
     * empty when it is. A rule that blocks baseline also blocks restricted; the analyzer derives that reason.
     */
    Optional<Block> block(PodSecurityPolicy psp, Level level, Version target);

    /** Whether the PSP's value for this rule keeps it within the level. */
    default boolean within(PodSecurityPolicy psp, Level level, Version target) {
        return block(psp, level, target).isEmpty()
                && (level != Level.RESTRICTED || block(psp, Level.BASELINE, target).isEmpty());
    }

    /** Whether some value of this rule's fields makes PSP admission set defaults on pods. */
    default boolean mayMutate() {
        return false;
    }

    /** The defaults this rule writes into pods that leave them unset, sorted by path. */
    List<PspDefault> mutations(PodSecurityPolicy psp);

    default boolean mutates(PodSecurityPolicy psp) {
        return !mutations(psp).isEmpty();
    }

    /** Applies this rule's defaults to the pod in place, as PSP admission's MutatePod. */
    void mutate(PodSecurityPolicy psp, Pod pod);

    /** PSP admission's validation of a mutated pod for this rule: the field errors, empty when allowed. */
    List<String> validate(PodSecurityPolicy psp, Pod pod);

    /**
     * The CEL boolean expression over {@code object} (the pod as submitted, not mutated by PSP) that is true exactly
     * when the pod passes this rule of this PSP, with the fields PSP would have defaulted for safety set explicitly;
     * empty when the rule accepts every pod the API server accepts. Deterministic: one PSP always gives the same text.
     */
    Optional<CelPredicate> predicate(PodSecurityPolicy psp);

    /** The gatekeeper-library template that checks this rule; empty when no library template does. */
    default Optional<LibraryKind> libraryKind() {
        return Optional.empty();
    }

    /**
     * This rule's parameters for a constraint of its {@link #libraryKind} that stands for all the PSPs (allowed
     * values merged, required ones intersected); empty when some of the PSPs do not restrict the rule the way the
     * kind can express, so that a constraint would reject pods they admitted. For a kind with parameters by rule,
     * the rule's one parameter, or none when the PSPs cannot be combined.
     */
    default Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        return Optional.empty();
    }

    /**
     * Makes a pod acceptable to this rule (before mutation), for witnesses: only rules whose validation a plain pod
     * cannot pass after mutation change anything.
     */
    default void prepare(PodSecurityPolicy psp, Pod pod) {
    }

    /** What the mapping table requires of this rule's fields for baseline, or "no opinion". */
    default String baselineCondition() {
        return "no opinion";
    }

    /** What the mapping table requires of this rule's fields for restricted, or "no opinion". */
    default String restrictedCondition() {
        return "no opinion";
    }

    /**
     * A PSP value that keeps the PSP out of a level: the field and value, the PSS check pods then fail, one
     * sentence, and the edit that turns a pod the PSP admits into a witness.
     */
    record Block(String field, String value, String check, String detail, Consumer<Pod> witness) {
    }
}
