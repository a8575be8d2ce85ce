package dev.psp2psa.verify;

import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.PolicySet;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.plan.PlanBuilder;
import dev.psp2psa.psp.PodCreate;
import dev.psp2psa.pss.PodSecurityEvaluator;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * {@code psp2psa check --policies DIR}: would each pod and pod template be admitted after the migration? The same
 * new admission as {@code verify} (the PSA label of its namespace at its pinned version, plus every enforcing CEL
 * policy of DIR), without the old side.
 */
public final class PolicyCheck {

    private final NewAdmission admission;

    public PolicyCheck(NewAdmission admission) {
        this.admission = admission;
    }

    /** The check against the policies of a tree, with the standard PSS evaluator and the CEL runtime. */
    public static PolicyCheck standard(PolicySet policies) {
        return new PolicyCheck(new NewAdmission(policies, PodSecurityEvaluator.standard(), new CelEvaluator()));
    }

    /** One verdict: the enforce label that applied ({@code null} when exempt) and every violation. */
    public record Verdict(Source source, String namespace, String kind, String name, NewDecision decision) {

        public boolean allowed() {
            return decision.allowed();
        }
    }

    /** Every verdict, sorted by source then kind and name, with the skipped kinds of the input. */
    public record Report(String directory, List<Verdict> results, SortedMap<String, Integer> skipped) {

        public Report {
            results = List.copyOf(results);
        }

        public long deniedCount() {
            return results.stream().filter(v -> !v.allowed()).count();
        }
    }

    /** Each pod is judged as a cluster without PSP creates it ({@link PodCreate#withoutPsp}). */
    public Report check(Inventory inventory) {
        Map<String, Boolean> automount = PlanBuilder.automount(inventory);
        List<Verdict> results = inventory.objects().stream()
                .map(Workload::of)
                .flatMap(Optional::stream)
                .sorted(Workload.ORDER)
                .map(w -> {
                    Pod pod = PodCreate.withoutPsp(w.podMetadata(), w.podSpec(),
                            automount.get(w.namespace() + "/" + w.serviceAccount()));
                    return new Verdict(w.source(), w.namespace(), w.kind(), w.name(),
                            admission.decide(w.namespace(), pod.getMetadata(), pod.getSpec()));
                })
                .toList();
        return new Report(admission.policies().directory(), results, inventory.skipped());
    }
}
