package dev.psp2psa.emit;

import dev.psp2psa.policy.GatekeeperTemplates;
import dev.psp2psa.policy.Engine;
import dev.psp2psa.format.Yaml;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.policy.GapPolicy;
import dev.psp2psa.psp.PspAnalyzer;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The whole output of {@code psp2psa convert} for a plan: PSA labels, the admission configuration,
 * kustomizations, the three reports and the README, as an in-memory tree (written by {@link TreeWriter}).
 */
public final class ConvertTree {

    private ConvertTree() {
    }

    /** The renderers of the human-facing documents, supplied by the report package. */
    public record Documents(Function<Plan, String> markdown, Function<Plan, String> html,
            Function<Plan, String> json, Function<Plan, String> readme) {
    }

    /**
     * The gap policies to write and how: the engines, whether they deny or only warn and audit, the Kyverno kind,
     * which Gatekeeper templates the constraints use, the PSPs by name (library constraints take their parameters
     * from them, mutate policies their defaults), and whether to write the mutate policies.
     */
    public record Policies(List<GapPolicy> policies, Set<Engine> engines, VapEmitter.Mode mode,
            KyvernoEmitter.Kind kyvernoKind, GatekeeperTemplates templates, Map<String, PodSecurityPolicy> psps,
            boolean emitMutations) {

        public Policies(List<GapPolicy> policies, Set<Engine> engines, VapEmitter.Mode mode) {
            this(policies, engines, mode, KyvernoEmitter.Kind.CLUSTERPOLICY, GatekeeperTemplates.PSP2PSA, Map.of(),
                    false);
        }
    }

    public static OutputTree build(Plan plan, Policies policies, Documents documents) {
        OutputTree tree = new OutputTree();
        PsaEmitter.emit(plan, tree);
        if (!policies.policies().isEmpty()) {
            if (policies.engines().contains(Engine.KYVERNO)) {
                KyvernoEmitter.emit(policies.policies(), policies.mode(), policies.kyvernoKind(), tree);
            }
            if (policies.engines().contains(Engine.GATEKEEPER)) {
                if (policies.templates() == GatekeeperTemplates.LIBRARY) {
                    GatekeeperLibraryEmitter.emit(policies.policies(), policies.psps(), policies.mode(), tree);
                } else {
                    GatekeeperEmitter.emit(policies.policies(), policies.mode(), tree);
                }
            }
            if (policies.engines().contains(Engine.VAP)) {
                VapEmitter.emit(policies.policies(), policies.mode(), tree);
            }
        }
        if (policies.emitMutations()) {
            MutationEmitter.emit(plan, policies.psps(), PspAnalyzer.standard(), tree).skipped()
                    .forEach(s -> tree.note("No mutate policy for " + s));
        }
        // The labels only: each engine's folder is applied on its own, one engine per cluster.
        tree.put("kustomization.yaml", Yaml.write(PsaEmitter.kustomization(List.of("namespaces"))));
        tree.put("report.md", documents.markdown().apply(plan));
        tree.put("report.html", documents.html().apply(plan));
        tree.put("report.json", documents.json().apply(plan));
        tree.put("README.md", documents.readme().apply(plan));
        return tree;
    }
}
