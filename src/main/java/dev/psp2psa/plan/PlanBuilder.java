package dev.psp2psa.plan;

import dev.psp2psa.format.Json;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import dev.psp2psa.rbac.Grant;
import dev.psp2psa.rbac.PspAccess;
import dev.psp2psa.rbac.RbacAnalyzer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the per-namespace migration plan of DESIGN §4.4 from an inventory: the PSP levels ({@link PspLevels}), who
 * may use which PSP where ({@link RbacAnalyzer}), the workloads of each namespace, then each namespace
 * ({@link NamespacePlanner}) and the defaults for namespaces the input does not name. Pure: no I/O.
 */
public final class PlanBuilder {

    /** Sorted by source (file, then line), then kind and name, as {@link Workload#ORDER}. */
    private static final Comparator<PodDigest> DIGEST_ORDER = Comparator.comparing(PodDigest::source)
            .thenComparing(PodDigest::kind)
            .thenComparing(PodDigest::name);

    private final PspAnalyzer pspAnalyzer;
    private final PodSecurityEvaluator evaluator;

    public PlanBuilder(PspAnalyzer pspAnalyzer, PodSecurityEvaluator evaluator) {
        this.pspAnalyzer = pspAnalyzer;
        this.evaluator = evaluator;
    }

    public static PlanBuilder standard() {
        return new PlanBuilder(PspAnalyzer.standard(), PodSecurityEvaluator.standard());
    }

    /**
     * The digester a run for this request hands to the reader, so that pods are digested as they are read (and not
     * kept whole): a {@link #build} of that inventory with the same request accepts its digests.
     */
    public WorkloadDigests digester(PlanRequest request) {
        return new WorkloadDigests(evaluator, request.targetVersion());
    }

    public Plan build(Inventory inventory, PlanRequest request) {
        Version target = request.targetVersion();
        PspLevels levels = new PspLevels(pspAnalyzer, inventory.psps(), target);
        PspAccess access = RbacAnalyzer.analyze(inventory);
        SortedMap<String, List<PodDigest>> workloads = workloads(inventory, target);
        SortedMap<String, SortedSet<String>> serviceAccounts = serviceAccounts(inventory);
        SortedSet<String> names = new TreeSet<>();
        inventory.ofType(Namespace.class).forEach(n -> names.add(n.name()));
        names.addAll(access.namespacesNamed());
        names.addAll(serviceAccounts.keySet());
        names.addAll(workloads.keySet());

        Map<String, CurrentLabels> current = new TreeMap<>();
        inventory.ofType(Namespace.class).forEach(n -> current.put(n.name(),
                CurrentLabels.of(n.object().getMetadata() == null ? null : n.object().getMetadata().getLabels())));
        NamespacePlanner planner = new NamespacePlanner(pspAnalyzer, evaluator, request, levels, access,
                automount(inventory), current);
        // Namespaces are independent: planned in parallel, collected in name order.
        List<NamespacePlan> plans = names.parallelStream()
                .map(ns -> planner.plan(ns, serviceAccounts.getOrDefault(ns, new TreeSet<>()),
                        workloads.getOrDefault(ns, List.of())))
                .toList();
        NamespacePlan fresh = planner.plan(NamespacePlanner.NEW_NAMESPACE, new TreeSet<>(), List.of());
        return new Plan(request.clusterVersion(), request.clusterVersionSource(), target, fresh, levels.summaries(), plans, users(access), inventory.skipped(),
                access.problems().stream().map(p -> p.source() + ": " + p.message()).toList(),
                List.copyOf(request.exemptNamespaces()), request.includeUsers(), inventory.warnings(),
                BypassReviewer.review(access.rules(), request));
    }

    /**
     * The workloads by namespace, each list in {@link #DIGEST_ORDER}: the digests the reader made (which must be for
     * this target version) and the digests of the whole workloads of the inventory.
     */
    private SortedMap<String, List<PodDigest>> workloads(Inventory inventory, Version target) {
        SortedMap<String, List<PodDigest>> workloads = new TreeMap<>();
        for (WorkloadDigest d : inventory.digests()) {
            if (!(d instanceof PodDigest pd) || !pd.target().equals(target)) {
                throw new IllegalArgumentException("the inventory holds workloads digested for another plan "
                        + "(target version " + (d instanceof PodDigest pd ? pd.target() : "unknown") + ", not "
                        + target + ")");
            }
            workloads.computeIfAbsent(pd.namespace(), k -> new ArrayList<>()).add(pd);
        }
        WorkloadDigests digester = new WorkloadDigests(evaluator, target);
        for (Sourced<?> o : inventory.objects()) {
            Workload.of(o).ifPresent(w -> workloads.computeIfAbsent(w.namespace(), k -> new ArrayList<>())
                    .add(digester.digest(w)));
        }
        workloads.values().forEach(l -> l.sort(DIGEST_ORDER));
        return workloads;
    }

    /** The ServiceAccount objects of the inventory, by namespace. */
    private static SortedMap<String, SortedSet<String>> serviceAccounts(Inventory inventory) {
        SortedMap<String, SortedSet<String>> serviceAccounts = new TreeMap<>();
        for (Sourced<ServiceAccount> sa : inventory.ofType(ServiceAccount.class)) {
            String ns = sa.namespace() == null || sa.namespace().isEmpty() ? Workload.DEFAULT_NAMESPACE : sa.namespace();
            serviceAccounts.computeIfAbsent(ns, k -> new TreeSet<>()).add(sa.name());
        }
        return serviceAccounts;
    }

    /**
     * The {@code automountServiceAccountToken} of the inventory's ServiceAccounts that set it, by
     * {@code namespace/name}: ServiceAccount admission mounts no token for their pods when it is false.
     */
    public static Map<String, Boolean> automount(Inventory inventory) {
        Map<String, Boolean> out = new TreeMap<>();
        for (Sourced<ServiceAccount> sa : inventory.ofType(ServiceAccount.class)) {
            if (sa.object().getAutomountServiceAccountToken() != null) {
                String ns = sa.namespace() == null || sa.namespace().isEmpty() ? Workload.DEFAULT_NAMESPACE
                        : sa.namespace();
                out.put(ns + "/" + sa.name(), sa.object().getAutomountServiceAccountToken());
            }
        }
        return out;
    }

    /** A witness pod as the report shows it: its non-empty fields. */
    static Map<String, Object> witnessMap(Pod pod) {
        return Json.compact(pod);
    }

    private static List<UserAccess> users(PspAccess access) {
        SortedMap<String, SortedSet<String>> psps = new TreeMap<>();
        SortedMap<String, SortedSet<String>> scopes = new TreeMap<>();
        for (Grant g : access.userGrants()) {
            String subject = g.subject().display();
            psps.computeIfAbsent(subject, k -> new TreeSet<>()).add(g.psp());
            scopes.computeIfAbsent(subject, k -> new TreeSet<>()).add(g.scope());
        }
        List<UserAccess> out = new ArrayList<>();
        psps.forEach((s, p) -> out.add(new UserAccess(s, List.copyOf(p), List.copyOf(scopes.get(s)))));
        return out;
    }
}
