package dev.psp2psa.verify;

import dev.psp2psa.inventory.PolicySet;
import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Violation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admission a migration directory sets up, for one pod: the CEL mutation policies, Kyverno mutate rules and
 * Gatekeeper mutators of the directory first ({@link CelMutator}, {@link KyvernoMutator}, {@link GatekeeperMutator};
 * all only add what is absent, so their order,
 * which the API server leaves to webhook names, does not matter; with several engines, each engine with its own
 * mutations only, as a cluster applies one), then the PSA enforce label of its namespace at its pinned
 * version (nothing when PSA exempts the namespace), then every enforcing CEL policy of every engine whose scope
 * covers the namespace, executed with dev.cel. A validation whose evaluation fails denies, as
 * {@code failurePolicy: Fail} does.
 */
public final class NewAdmission {

    private final PolicySet policies;
    private final PodSecurityEvaluator pss;
    private final CelEvaluator cel;
    private final dev.psp2psa.cel.JsonPatchCel patches;

    /** The Gatekeeper mutators that match pods in each namespace, in order: the same for every pod there. */
    private final java.util.concurrent.ConcurrentHashMap<String, List<dev.psp2psa.inventory.Mutator>> gatekeeper =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The enforcing validations that apply in each namespace: the same for every pod there. */
    private final java.util.concurrent.ConcurrentHashMap<String, List<Scoped>> validations =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** With several engines and mutations: the admission of each engine alone, which decides each pod. */
    private final java.util.SortedMap<String, NewAdmission> engines = new java.util.TreeMap<>();

    public NewAdmission(PolicySet policies, PodSecurityEvaluator pss, CelEvaluator cel) {
        this(policies, pss, cel, new dev.psp2psa.cel.JsonPatchCel());
    }

    private NewAdmission(PolicySet policies, PodSecurityEvaluator pss, CelEvaluator cel,
            dev.psp2psa.cel.JsonPatchCel patches) {
        this.policies = policies;
        this.pss = pss;
        this.cel = cel;
        this.patches = patches;
        if (policies.mutates() && policies.engines().size() > 1) {
            policies.engines().forEach(e -> engines.put(e, new NewAdmission(policies.onlyEngine(e), pss, cel,
                    patches)));
        }
    }

    public PolicySet policies() {
        return policies;
    }

    public NewDecision decide(String namespace, ObjectMeta podMetadata, PodSpec podSpec) {
        if (!engines.isEmpty()) {
            return eachEngine(namespace, podMetadata, podSpec);
        }
        if (policies.mutates()) {
            // Mutating admission (MutatingAdmissionPolicy, then the webhooks) runs before PSA and every validation;
            // the API server then syncs seccomp again.
            Pod submitted = pod(namespace, podMetadata, podSpec);
            CelMutator.Result cels = CelMutator.apply(policies.celMutations(), namespace, submitted, cel, patches);
            if (!cels.failures().isEmpty()) {
                return new NewDecision(false, policies.enforce(namespace).isEmpty(),
                        policies.enforce(namespace).map(Object::toString).orElse(null), cels.failures(),
                        NewDecision.byEngine(policies.engines(), cels.failures()));
            }
            Pod mutated = GatekeeperMutator.applyInOrder(gatekeeper.computeIfAbsent(namespace,
                    ns -> GatekeeperMutator.matching(policies.mutators(), ns)),
                    KyvernoMutator.apply(policies.kyvernoMutations(), namespace, cels.pod()));
            if (mutated != submitted) {
                Pod stored = dev.psp2psa.psp.PodCreate.stored(mutated.getMetadata(), mutated.getSpec());
                return validate(namespace, stored.getMetadata(), stored.getSpec());
            }
        }
        return validate(namespace, podMetadata, podSpec);
    }

    /**
     * A directory with several engines is applied one engine at a time, each with its own mutations only (a cluster
     * that applies vap/ runs no Gatekeeper mutator): each engine's decision on its own, and every violation of any.
     */
    private NewDecision eachEngine(String namespace, ObjectMeta podMetadata, PodSpec podSpec) {
        List<PolicyViolation> violations = new ArrayList<>();
        java.util.SortedMap<String, Boolean> byEngine = new java.util.TreeMap<>();
        NewDecision any = null;
        for (java.util.Map.Entry<String, NewAdmission> engine : engines.entrySet()) {
            NewDecision d = engine.getValue().decide(namespace, podMetadata, podSpec);
            byEngine.put(engine.getKey(), d.allowed());
            d.violations().stream().filter(v -> !violations.contains(v)).forEach(violations::add);
            any = d;
        }
        return new NewDecision(byEngine.values().stream().allMatch(b -> b), any.exempt(), any.label(), violations,
                byEngine);
    }

    private NewDecision validate(String namespace, ObjectMeta podMetadata, PodSpec podSpec) {
        List<PolicyViolation> violations = new ArrayList<>();
        Optional<PolicySet.PsaLabel> label = policies.enforce(namespace);
        if (podSpec != null && podSpec.getRuntimeClassName() != null
                && policies.exemptRuntimeClasses().contains(podSpec.getRuntimeClassName())) {
            // The admission configuration exempts the pod's runtime class: PSA checks nothing (the policies still do).
            label = Optional.empty();
        }
        if (label.isPresent()) {
            String policy = label.get().toString();
            for (Violation v : pss.evaluate(podMetadata, podSpec, label.get().level(), label.get().version())
                    .violations()) {
                violations.add(new PolicyViolation(PolicyViolation.PSA, policy, v.check(), v.message()));
            }
        }
        Pod pod = null;
        Map<String, Object> object = null;
        for (Scoped scoped : validations.computeIfAbsent(namespace, this::validationsIn)) {
            PolicySet.CelPolicy p = scoped.policy();
            PolicySet.CelValidation v = scoped.validation();
            if (pod == null) {
                pod = pod(namespace, podMetadata, podSpec);
                // The object CEL sees, once per pod: evaluating an expression reads it and changes nothing.
                object = CelEvaluator.toObject(pod);
            }
            boolean passes;
            String error = null;
            try {
                passes = cel.evaluate(v.expression(), object);
            } catch (CelEvaluator.CelError e) {
                passes = false;
                error = firstLine(e.getMessage());
            }
            if (!passes) {
                violations.add(new PolicyViolation(p.engine(), p.name(), v.rule(),
                        error != null ? error : message(v, pod)));
            }
        }
        return new NewDecision(violations.isEmpty(), label.isEmpty(), label.map(Object::toString).orElse(null),
                violations, NewDecision.byEngine(policies.engines(), violations));
    }

    /** One enforcing validation, with its policy. */
    private record Scoped(PolicySet.CelPolicy policy, PolicySet.CelValidation validation) {
    }

    /** The enforcing validations whose scope covers the namespace, in the order of the policies. */
    private List<Scoped> validationsIn(String namespace) {
        List<Scoped> out = new ArrayList<>();
        for (PolicySet.CelPolicy p : policies.policies()) {
            if (p.enforcing()) {
                p.validations().stream().filter(v -> v.scope().covers(namespace)).forEach(v -> out.add(
                        new Scoped(p, v)));
            }
        }
        return List.copyOf(out);
    }

    private String message(PolicySet.CelValidation v, Pod pod) {
        if (v.messageExpression() != null && !v.messageExpression().isBlank()) {
            try {
                return cel.message(v.messageExpression(), pod);
            } catch (RuntimeException e) {
                // Like the API server: a failing message expression falls back to the message.
            }
        }
        if (v.message() != null && !v.message().isBlank()) {
            return v.message();
        }
        return "failed expression: " + firstLine(v.expression());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Pod pod(String namespace, ObjectMeta metadata, PodSpec spec) {
        ObjectMeta meta = metadata == null ? new ObjectMeta() : new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(
                metadata).build();
        meta.setNamespace(namespace);
        return new PodBuilder().withMetadata(meta).withSpec(spec == null ? new PodSpec() : spec).build();
    }
}
