package dev.psp2psa.pss;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Evaluates a pod spec (or pod template) against a Pod Security Standards level and version, as PSA does. */
public final class PodSecurityEvaluator {

    private static final PodSecurityEvaluator STANDARD = new PodSecurityEvaluator(CheckRegistry.standard());

    private final CheckRegistry registry;

    public PodSecurityEvaluator(CheckRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The evaluator over {@link CheckRegistry#standard()}. */
    public static PodSecurityEvaluator standard() {
        return STANDARD;
    }

    public CheckRegistry registry() {
        return registry;
    }

    /**
     * Runs every check that applies at the level and version; the violations come in the registry's order (by
     * check id). The evaluation records the version actually evaluated (capped at {@link Version#NEWEST}).
     *
     * @param podMetadata the pod's or template's metadata; may be {@code null}
     * @param podSpec the pod spec; may be {@code null}
     */
    public Evaluation evaluate(ObjectMeta podMetadata, PodSpec podSpec, Level level, Version version) {
        Version v = Objects.requireNonNull(version, "version");
        List<Violation> violations = new ArrayList<>();
        for (Check check : registry.checksFor(level, v)) {
            CheckResult result = check.check(podMetadata, podSpec, v);
            if (!result.allowed()) {
                String reason = result.reason() == null || result.reason().isEmpty()
                        ? "unknown forbidden reason" : result.reason();
                violations.add(new Violation(check.id(), reason, result.detail() == null ? "" : result.detail()));
            }
        }
        return new Evaluation(level, v, violations);
    }

    /** Evaluates a whole pod; a {@code null} pod is an empty one. */
    public Evaluation evaluate(Pod pod, Level level, Version version) {
        return pod == null
                ? evaluate(null, null, level, version)
                : evaluate(pod.getMetadata(), pod.getSpec(), level, version);
    }

    /** The tightest level at which the pod is allowed: PRIVILEGED when it fails baseline. */
    public Level tightestLevel(ObjectMeta podMetadata, PodSpec podSpec, Version version) {
        if (evaluate(podMetadata, podSpec, Level.RESTRICTED, version).allowed()) {
            return Level.RESTRICTED;
        }
        if (evaluate(podMetadata, podSpec, Level.BASELINE, version).allowed()) {
            return Level.BASELINE;
        }
        return Level.PRIVILEGED;
    }
}
