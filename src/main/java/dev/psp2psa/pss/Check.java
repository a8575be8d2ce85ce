package dev.psp2psa.pss;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Optional;

/**
 * One Pod Security Admission check, ported from the PSA library: its upstream id, its level, the versions
 * at which it starts to apply or changes, and the baseline check it replaces at the restricted level.
 * Implementations are stateless and null-safe: any field of the pod may be absent.
 */
public interface Check {

    /** The upstream check id, such as {@code capabilities_baseline}. */
    String id();

    /** The level this check belongs to: baseline checks also apply at restricted. */
    Level level();

    /** Ascending versions at which the check starts to apply (the first) or changes its behaviour. */
    List<Version> versions();

    /** The id of the baseline check this restricted check replaces wherever it applies. */
    default Optional<String> overrides() {
        return Optional.empty();
    }

    /** One sentence for the docs: what the check forbids. */
    String description();

    /** Whether the check applies at the version. */
    default boolean appliesAt(Version version) {
        return version.atLeast(versions().get(0));
    }

    /**
     * Evaluates the pod at a version at which the check applies, as PSA does.
     *
     * @param podMetadata the pod's (or pod template's) metadata; may be {@code null}
     * @param podSpec the pod spec; may be {@code null}
     */
    CheckResult check(ObjectMeta podMetadata, PodSpec podSpec, Version version);
}
