package dev.psp2psa.convert;

import dev.psp2psa.emit.GatekeeperEmitter;
import dev.psp2psa.emit.GatekeeperLibraryEmitter;
import dev.psp2psa.emit.GatekeeperMutationEmitter;
import dev.psp2psa.emit.KyvernoEmitter;
import dev.psp2psa.emit.LabelGuardEmitter;
import dev.psp2psa.emit.MutationEmitter;
import dev.psp2psa.emit.OutputTree;
import dev.psp2psa.emit.PsaEmitter;
import dev.psp2psa.emit.VapEmitter;
import dev.psp2psa.format.Yaml;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.policy.Engine;
import dev.psp2psa.policy.GapPolicy;
import dev.psp2psa.policy.GatekeeperLibrary;
import dev.psp2psa.policy.GatekeeperTemplates;
import dev.psp2psa.policy.LabelGuard;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.report.PlanReports;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.List;
import java.util.Map;

/**
 * The whole output of {@code psp2psa convert} for a plan: PSA labels, the admission configuration, the gap
 * policies of each engine, the mutate policies, kustomizations, the three reports and the README, as an in-memory
 * tree.
 */
final class ConvertTree {

    private ConvertTree() {
    }

    /**
     * The tree for the plan and its policies, written as the request says; {@code library} is the
     * gatekeeper-library coverage when library constraints are written (else null), mutate policies take their
     * defaults from the PSPs by name.
     */
    static OutputTree build(Plan plan, List<GapPolicy> policies, Map<String, PodSecurityPolicy> psps,
            GatekeeperLibrary.Coverage library, ConvertRequest request, PspAnalyzer analyzer) {
        OutputTree tree = new OutputTree();
        PsaEmitter.emit(plan, tree);
        if (!policies.isEmpty()) {
            emitPolicies(policies, library, request, tree);
        }
        if (!policies.isEmpty() && request.engines().isEmpty()) {
            Map<String, Object> left = PlanReports.unenforced(plan);
            tree.note("No gap policy written (--engines none): " + left.get("restrictions") + " PSP restriction(s) "
                    + "in " + left.get("namespaces") + " namespace(s) and "
                    + (Boolean.TRUE.equals(left.get("otherDenyAll")) ? "the rejection of every pod"
                            : left.get("otherRestrictions") + " restriction(s)")
                    + " in every namespace the input does not name are left unenforced once PSP is off.");
        }
        if (request.emitMutations()) {
            // Each engine's mutations go with its policies: a cluster that runs no Kyverno could not apply them.
            if (request.engines().contains(Engine.KYVERNO)) {
                MutationEmitter.emit(plan, psps, analyzer, tree).skipped().forEach(tree::note);
            }
            if (request.engines().contains(Engine.VAP) && request.mapApiVersion() != null) {
                dev.psp2psa.policy.CelMutations.Result cel = dev.psp2psa.policy.CelMutations.of(plan, psps, analyzer);
                dev.psp2psa.emit.MapEmitter.emit(cel.policies(), request.mapApiVersion(), tree);
                cel.skipped().forEach(tree::note);
            }
            if (request.engines().contains(Engine.GATEKEEPER)) {
                dev.psp2psa.policy.GatekeeperMutations.Result gk = dev.psp2psa.policy.GatekeeperMutations.of(plan,
                        psps, analyzer);
                GatekeeperMutationEmitter.emit(gk.mutations(), tree);
                gk.skipped().forEach(tree::note);
            }
        }
        List<String> guard = request.guardLabels() ? guard(request, tree) : List.of();
        // The labels only: each engine's folder is applied on its own, one engine per cluster.
        // The first phase only: `kubectl apply -k DIR` never skips the audit phase (the README says the order).
        tree.put("kustomization.yaml", Yaml.write(PsaEmitter.kustomization(List.of("namespaces-audit"))));
        putDocuments(plan, policies, library, request, guard, tree);
        return tree;
    }

    /**
     * The label guard for every engine written that the cluster version runs; returns the folders written. When
     * there is none, a note says that nothing keeps the labels to the admins.
     */
    private static List<String> guard(ConvertRequest request, OutputTree tree) {
        dev.psp2psa.pss.Version cluster = request.plan().clusterVersion();
        List<Engine> engines = request.engines().stream()
                .filter(e -> dev.psp2psa.policy.Compatibility.unavailable(e, cluster).isEmpty()).toList();
        if (engines.isEmpty()) {
            tree.note("No label guard written (" + (request.engines().isEmpty() ? "--engines none"
                    : "no engine written runs on " + cluster) + "): nothing keeps the pod-security.kubernetes.io/* "
                    + "labels to the label admins; convert with --engines vap, kyverno or gatekeeper to write it.");
            return List.of();
        }
        return LabelGuardEmitter.emit(LabelGuard.of(request.plan().labelAdmins()), engines, request.kyvernoKind(),
                dev.psp2psa.policy.Compatibility.gatekeeperCel(cluster), tree);
    }

    private static void emitPolicies(List<GapPolicy> policies, GatekeeperLibrary.Coverage library,
            ConvertRequest request, OutputTree tree) {
        VapEmitter.Mode mode = request.mode();
        if (request.engines().contains(Engine.KYVERNO)) {
            KyvernoEmitter.emit(policies, mode, request.kyvernoKind(), tree);
        }
        if (request.engines().contains(Engine.GATEKEEPER)) {
            if (request.templates() == GatekeeperTemplates.LIBRARY) {
                GatekeeperLibraryEmitter.emit(policies, library, mode, tree);
            } else {
                GatekeeperEmitter.emit(policies, mode,
                        dev.psp2psa.policy.Compatibility.gatekeeperCel(request.plan().clusterVersion()), tree);
            }
        }
        if (request.engines().contains(Engine.VAP)) {
            VapEmitter.emit(policies, mode, tree);
        }
    }

    /** The reports (with the gatekeeper-library coverage when library constraints are written) and the README. */
    private static void putDocuments(Plan plan, List<GapPolicy> policies, GatekeeperLibrary.Coverage library,
            ConvertRequest request, List<String> guard, OutputTree tree) {
        // The reports grow with the workloads: each is rendered straight into its file when the tree is written.
        tree.put("report.md", out -> PlanReports.markdown(plan, policies, library,
                request.engines(), out));
        tree.put("report.html", out -> PlanReports.html(plan, policies, library,
                request.engines(), out));
        tree.put("report.json", out -> PlanReports.json(plan, out));
        List<String> mutations = java.util.stream.Stream.of(MutationEmitter.DIR, "gatekeeper/mutations/",
                dev.psp2psa.emit.MapEmitter.DIR)
                .filter(d -> tree.contains(d + "kustomization.yaml")).toList();
        tree.put("README.md", PlanReports.treeReadme(plan, policies, request.engines(), request.templates(),
                request.kyvernoKind(), mutations, guard, request.guardLabels()
                        ? LabelGuard.of(request.plan().labelAdmins()).refs() : null));
    }
}
