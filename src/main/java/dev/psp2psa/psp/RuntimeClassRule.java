package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RuntimeClassStrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code runtimeClass}: the runtime classes pods may name ({@code *} for any; an unset name is always allowed) and the
 * default they get; no opinion.
 */
final class RuntimeClassRule extends AbstractRule {

    RuntimeClassRule() {
        super("runtimeClass", List.of("runtimeClass"), List.of(), List.of(),
                "The runtime classes pods may use (allowedRuntimeClassNames) and get (defaultRuntimeClassName).",
                false);
    }

    @Override
    public List<String> configurationErrors(PodSecurityPolicy psp) {
        return SpecValidation.runtimeClass(Psps.spec(psp)).stream().map(e -> "runtimeClass: " + e).toList();
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        return Optional.empty();
    }

    private static RuntimeClassStrategyOptions options(PodSecurityPolicy psp) {
        return Psps.spec(psp).getRuntimeClass();
    }

    @Override
    public String baselineCondition() {
        return "no opinion";
    }

    @Override
    public String restrictedCondition() {
        return "no opinion";
    }

    /** An unset runtimeClassName is always allowed (after the default), so only the allowed names restrict. */
    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        RuntimeClassStrategyOptions o = options(psp);
        if (o == null) {
            return List.of();
        }
        List<String> names = Psps.strings(o.getAllowedRuntimeClassNames());
        if (names.contains("*")) {
            return List.of();
        }
        String other = "psp2psa-other";
        while (names.contains(other)) {
            other = other + "-x";
        }
        String name = other;
        String text = names.isEmpty() ? "runtimeClassName may not be set"
                : "runtimeClassName limited to " + Gaps.list(new java.util.TreeSet<>(names));
        return List.of(new Gaps.Part(text, List.of(pod -> pod.getSpec().setRuntimeClassName(name), pod -> { })));
    }

    @Override
    public boolean mayMutate() {
        return true;
    }

    @Override
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        RuntimeClassStrategyOptions o = options(psp);
        if (o == null || o.getDefaultRuntimeClassName() == null) {
            return List.of();
        }
        return List.of(mutation("runtimeClass", "spec.runtimeClassName", o.getDefaultRuntimeClassName()));
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
        RuntimeClassStrategyOptions o = options(psp);
        if (o != null && pod.getSpec().getRuntimeClassName() == null) {
            pod.getSpec().setRuntimeClassName(o.getDefaultRuntimeClassName());
        }
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        RuntimeClassStrategyOptions o = options(psp);
        String actual = pod.getSpec().getRuntimeClassName();
        if (o == null || actual == null) {
            return errors;
        }
        List<String> names = Psps.strings(o.getAllowedRuntimeClassNames());
        if (!names.contains("*") && !names.contains(actual)) {
            errors.add(Pods.invalid("spec.runtimeClassName", actual, ""));
        }
        return errors;
    }

    /**
     * A set runtimeClassName is allowed ({@code *} allows any); with a default runtime class, the pod must name one,
     * as PSP guaranteed it one.
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        RuntimeClassStrategyOptions o = options(psp);
        if (o == null) {
            return Optional.empty();
        }
        List<String> names = Psps.strings(o.getAllowedRuntimeClassNames());
        boolean any = names.contains("*");
        boolean required = o.getDefaultRuntimeClassName() != null;
        String name = PodCel.SPEC + ".runtimeClassName";
        String expression;
        if (!any && required) {
            expression = "has(" + name + ") && " + PodCel.in(name, names);
        } else if (!any) {
            expression = "!has(" + name + ") || " + PodCel.in(name, names);
        } else if (required) {
            expression = "has(" + name + ")";
        } else {
            return Optional.empty();
        }
        List<String> sentence = new ArrayList<>();
        if (!any) {
            sentence.add("allows only the runtime classes " + PodCel.list(names));
        }
        if (required) {
            sentence.add("defaulted the runtime class to '" + o.getDefaultRuntimeClassName() + "', so pods must name one");
        }
        return Optional.of(CelPredicate.exact(expression, Psps.named(psp) + " " + String.join(" and ", sentence)
                + " (spec.runtimeClassName)."));
    }
}
