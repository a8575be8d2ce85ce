package dev.psp2psa.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.format.Json;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.psp.Admission;
import dev.psp2psa.psp.AdmissionView;
import dev.psp2psa.psp.Assumption;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspLevel;
import dev.psp2psa.psp.PspRule;
import dev.psp2psa.pss.Check;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import dev.psp2psa.rbac.Grant;
import dev.psp2psa.rbac.PspAccess;
import dev.psp2psa.rbac.RbacAnalyzer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Computes the per-namespace migration plan of DESIGN §4.4 from an inventory. Pure: no I/O. */
public final class PlanBuilder {

    /** A name no namespace can have: the namespace in which only cluster-wide grants apply (the defaults). */
    static final String NEW_NAMESPACE = "psp2psa:new-namespace";
    static final String ALL_SERVICE_ACCOUNTS = "*";
    static final String CONTROLLERS = "(controllers)";
    static final String USERS = "(users)";

    private final PspAnalyzer pspAnalyzer;
    private final PodSecurityEvaluator evaluator;

    public PlanBuilder(PspAnalyzer pspAnalyzer, PodSecurityEvaluator evaluator) {
        this.pspAnalyzer = pspAnalyzer;
        this.evaluator = evaluator;
    }

    public static PlanBuilder standard() {
        return new PlanBuilder(PspAnalyzer.standard(), PodSecurityEvaluator.standard());
    }

    public Plan build(Inventory inventory, PlanRequest request) {
        Version target = request.targetVersion();
        Map<String, Sourced<PodSecurityPolicy>> pspByName = inventory.psps();
        // PSPs with the same content (PspAnalyzer.admissionContent) have the same level and admit alike: both are
        // computed once per content.
        Map<Object, Integer> contentIds = new java.util.HashMap<>();
        Map<String, Integer> contents = new TreeMap<>();
        pspByName.forEach((name, p) -> contents.put(name,
                contentIds.computeIfAbsent(PspAnalyzer.admissionContent(p.object()), k -> contentIds.size())));
        Map<Integer, PspLevel> levelByContent = new java.util.HashMap<>();
        Map<String, PspLevel> levels = new TreeMap<>();
        List<PspSummary> summaries = new ArrayList<>();
        for (Sourced<PodSecurityPolicy> p : pspByName.values()) {
            PspLevel shared = levelByContent.computeIfAbsent(contents.get(p.name()),
                    k -> pspAnalyzer.level(p.object(), target));
            PspLevel level = shared.psp().equals(p.name()) ? shared : new PspLevel(p.name(), shared.level(),
                    shared.version(), shared.reasons(), shared.mutatingFields(), shared.mutations(),
                    shared.assumptions(), shared.configurationErrors());
            levels.put(p.name(), level);
            summaries.add(summary(p, level));
        }
        PspAccess access = RbacAnalyzer.analyze(inventory);

        SortedMap<String, List<PodDigest>> workloads = new TreeMap<>();
        WorkloadDigests digester = new WorkloadDigests(evaluator, target);
        for (WorkloadDigest d : inventory.digests()) {
            if (!(d instanceof PodDigest pd) || !pd.target().equals(target)) {
                throw new IllegalArgumentException("the inventory holds workloads digested for another plan "
                        + "(target version " + (d instanceof PodDigest pd ? pd.target() : "unknown") + ", not "
                        + target + ")");
            }
            workloads.computeIfAbsent(pd.namespace(), k -> new ArrayList<>()).add(pd);
        }
        for (Sourced<?> o : inventory.objects()) {
            Workload.of(o).ifPresent(w -> workloads.computeIfAbsent(w.namespace(), k -> new ArrayList<>())
                    .add(digester.digest(w)));
        }
        workloads.values().forEach(l -> l.sort(DIGEST_ORDER));
        SortedMap<String, SortedSet<String>> serviceAccounts = new TreeMap<>();
        for (Sourced<ServiceAccount> sa : inventory.ofType(ServiceAccount.class)) {
            String ns = sa.namespace() == null || sa.namespace().isEmpty() ? Workload.DEFAULT_NAMESPACE : sa.namespace();
            serviceAccounts.computeIfAbsent(ns, k -> new TreeSet<>()).add(sa.name());
        }

        SortedSet<String> names = new TreeSet<>();
        inventory.ofType(Namespace.class).forEach(n -> names.add(n.name()));
        names.addAll(access.namespacesNamed());
        names.addAll(serviceAccounts.keySet());
        names.addAll(workloads.keySet());

        Context ctx = new Context(request, target, pspByName, levels, access, contents, new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        // Namespaces are independent: planned in parallel, collected in name order.
        List<NamespacePlan> plans = names.parallelStream()
                .map(ns -> namespace(ctx, ns, serviceAccounts.getOrDefault(ns, new TreeSet<>()),
                        workloads.getOrDefault(ns, List.of())))
                .toList();
        NamespacePlan fresh = namespace(ctx, NEW_NAMESPACE, new TreeSet<>(), List.of());
        return new Plan(target, fresh.recommended(), summaries, plans, users(access), inventory.skipped(),
                access.problems().stream().map(p -> p.source() + ": " + p.message()).toList(),
                List.copyOf(request.exemptNamespaces()), request.includeUsers(), inventory.warnings());
    }

    /** Sorted by source (file, then line), then kind and name, as {@link Workload#ORDER}. */
    private static final Comparator<PodDigest> DIGEST_ORDER = Comparator.comparing(PodDigest::source)
            .thenComparing(PodDigest::kind)
            .thenComparing(PodDigest::name);

    private record Context(PlanRequest request, Version target, Map<String, Sourced<PodSecurityPolicy>> psps,
            Map<String, PspLevel> levels, PspAccess access, Map<String, Integer> contents,
            Map<ViewByPsp, PspOutcome> admissions,
            Map<GapKey, List<NamespaceGap>> gaps, Map<String, Optional<String>> restrictions, Map<String, String> paths) {
    }

    /** The PSPs usable in a namespace and its enforced level: what decides its gaps. */
    private record GapKey(SortedSet<String> usable, Level enforce) {
    }

    /**
     * A pod's view and the content of a PSP ({@link PspAnalyzer#admissionContent}, numbered): what decides whether
     * the PSP admits the pod and how it mutates it. Views are interned by their digester, so the key compares them by
     * identity (cheap); equal views from another digester only miss.
     */
    private record ViewByPsp(AdmissionView view, int content) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ViewByPsp k && k.view == view && k.content == content;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(view) * 31 + content;
        }
    }

    /** One PSP's admission of a view: whether it admits it, and the {path, value} fields it sets or changes. */
    private record PspOutcome(boolean allowed, List<String[]> changes) {
    }

    /**
     * PSP admission's outcome for a view and a set of usable PSPs: admitted unchanged, mutated by a PSP (its
     * {path, value} changes), or admitted by none.
     */
    private record AdmissionOutcome(boolean admitted, String psp, List<String[]> changes) {
    }

    private static PspSummary summary(Sourced<PodSecurityPolicy> p, PspLevel level) {
        List<PspReason> reasons = new ArrayList<>();
        for (PspLevel.Reason r : level.reasons()) {
            reasons.add(new PspReason(r.rule(), r.field(), r.value(), r.check(), r.blocks(), r.detail(),
                    witnessMap(r.witness().pod())));
        }
        return new PspSummary(p.name(), p.source(), level.level(), level.mutatingFields(), reasons);
    }

    static Map<String, Object> witnessMap(Pod pod) {
        return Json.compact(pod);
    }

    private NamespacePlan namespace(Context ctx, String ns, SortedSet<String> declaredSas, List<PodDigest> workloads) {
        boolean exempt = ctx.request().exemptNamespaces().contains(ns);
        SortedSet<String> sas = new TreeSet<>(declaredSas);
        sas.add("default");
        workloads.forEach(w -> sas.add(w.serviceAccount()));

        // Who may use which PSP here, and through which grants.
        Map<String, SortedSet<String>> usedBy = new TreeMap<>();
        Map<String, Set<Grant>> grantsByPsp = new TreeMap<>();
        for (String sa : sas) {
            for (Grant g : ctx.access().serviceAccountGrants(ns, sa)) {
                boolean everyone = g.subject().serviceAccountIdentity().isEmpty();
                usedBy.computeIfAbsent(g.psp(), k -> new TreeSet<>()).add(everyone ? ALL_SERVICE_ACCOUNTS : sa);
                grantsByPsp.computeIfAbsent(g.psp(), k -> new LinkedHashSet<>()).add(g);
            }
        }
        for (Grant g : ctx.access().controllerGrants(ns)) {
            usedBy.computeIfAbsent(g.psp(), k -> new TreeSet<>()).add(CONTROLLERS);
            grantsByPsp.computeIfAbsent(g.psp(), k -> new LinkedHashSet<>()).add(g);
        }
        if (ctx.request().includeUsers()) {
            List<Grant> others = new ArrayList<>(ctx.access().userGrants(ns));
            others.addAll(ctx.access().crossNamespaceGrants(ns));
            for (Grant g : others) {
                usedBy.computeIfAbsent(g.psp(), k -> new TreeSet<>()).add(USERS);
                grantsByPsp.computeIfAbsent(g.psp(), k -> new LinkedHashSet<>()).add(g);
            }
        }
        // Grants to PSPs that do not exist are RBAC problems, not usable PSPs.
        usedBy.keySet().retainAll(ctx.levels().keySet());
        grantsByPsp.keySet().retainAll(ctx.levels().keySet());

        List<NamespacePsp> psps = new ArrayList<>();
        for (Map.Entry<String, SortedSet<String>> e : usedBy.entrySet()) {
            List<GrantPath> paths = grantsByPsp.get(e.getKey()).stream().sorted().map(PlanBuilder::path).toList();
            psps.add(new NamespacePsp(e.getKey(), List.copyOf(e.getValue()), paths));
        }
        Optional<Level> policyLevel = usedBy.keySet().stream().map(p -> ctx.levels().get(p).level())
                .min(Comparator.naturalOrder());

        // Workloads: their names (made once, shared by everything that lists them), the tightest level of them all.
        List<String> workloadNames = workloads.stream().map(w -> w.kind() + "/" + w.name()).toList();
        Optional<Level> workloadLevel = workloads.stream().map(w -> w.verdict().tightest())
                .min(Comparator.naturalOrder());

        // Tightenings: for each level stricter than the policy level, what a usable PSP allowed there.
        List<Tightening> tightenings = new ArrayList<>();
        if (policyLevel.isPresent()) {
            for (Level l : Level.values()) {
                if (!l.tighterThan(policyLevel.get())) {
                    continue;
                }
                for (String psp : usedBy.keySet()) {
                    for (PspLevel.Reason r : ctx.levels().get(psp).reasonsBlocking(l)) {
                        tightenings.add(new Tightening(l, r.check(), psp, r.field(), r.detail(),
                                failing(workloads, workloadNames, l, r.check(), ctx.target())));
                    }
                }
            }
        }
        tightenings.sort(Comparator.comparing(Tightening::level).thenComparing(Tightening::psp)
                .thenComparing(Tightening::field).thenComparing(Tightening::check));

        // The recommendation.
        List<String> assumptions = new ArrayList<>();
        Level enforce;
        if (policyLevel.isEmpty()) {
            enforce = Level.RESTRICTED;
            assumptions.add("No PSP is usable here, so PSP admission rejected every pod; PSA cannot reject every "
                    + "pod, so restricted is the closest level.");
        } else if (workloads.isEmpty()) {
            enforce = policyLevel.get();
            if (!NEW_NAMESPACE.equals(ns)) {
                assumptions.add("No pods or workloads of this namespace were given, so the recommendation is the "
                        + "policy level: nothing a usable PSP admitted is denied.");
            }
        } else {
            enforce = policyLevel.get();
            for (Level l : Level.values()) {
                if (l.tighterThan(enforce) && touchesNothing(tightenings, l)) {
                    enforce = l;
                } else if (l.tighterThan(enforce)) {
                    break;
                }
            }
        }
        Recommendation recommended = Recommendation.of(enforce, ctx.target());

        // PSP defaults the workloads relied on.
        List<FieldToAdd> mutations = new ArrayList<>();
        Map<String, SortedSet<String>> usableByAccount = new java.util.HashMap<>();
        for (int i = 0; i < workloads.size(); i++) {
            mutations.addAll(mutations(ctx, ns, workloads.get(i), workloadNames.get(i), assumptions,
                    usableByAccount));
        }

        // Assumptions of the usable PSPs' levels (e.g. checks that no PSP field covers).
        SortedMap<String, String> pspAssumptions = new TreeMap<>();
        for (String psp : usedBy.keySet()) {
            for (Assumption a : ctx.levels().get(psp).assumptions()) {
                pspAssumptions.putIfAbsent(a.id(), a.text());
            }
        }
        List<String> allAssumptions = new ArrayList<>(pspAssumptions.values());
        allAssumptions.addAll(assumptions);

        List<NamespaceGap> gaps = ctx.gaps().computeIfAbsent(new GapKey(new TreeSet<>(usedBy.keySet()), enforce),
                k -> gaps(ctx, k.usable(), k.enforce()));
        return new NamespacePlan(ns, exempt, policyLevel, workloadLevel, recommended, List.copyOf(sas), psps,
                tightenings, gaps, allAssumptions, mutations, workloadNames, accountClasses(ctx, ns, sas));
    }

    /** A name no service account can have: it stands for the service accounts the input does not name. */
    static final String OTHER_ACCOUNT = "psp2psa:other";

    /**
     * The service accounts grouped by the PSPs their pods could use: their own grants, the controllers' (for the
     * pods of workloads) and, with --include-users, people's. The class of the accounts the input does not name
     * gets only the grants to groups.
     */
    private static List<AccountClass> accountClasses(Context ctx, String ns, SortedSet<String> sas) {
        SortedSet<String> common = new TreeSet<>();
        ctx.access().controllerGrants(ns).forEach(g -> common.add(g.psp()));
        if (ctx.request().includeUsers()) {
            ctx.access().userGrants(ns).forEach(g -> common.add(g.psp()));
            ctx.access().crossNamespaceGrants(ns).forEach(g -> common.add(g.psp()));
        }
        Map<SortedSet<String>, SortedSet<String>> byPsps = new LinkedHashMap<>();
        List<String> accounts = new ArrayList<>(sas);
        accounts.add(OTHER_ACCOUNT);
        for (String sa : accounts) {
            SortedSet<String> usable = new TreeSet<>(common);
            ctx.access().serviceAccountGrants(ns, sa).forEach(g -> usable.add(g.psp()));
            usable.retainAll(ctx.levels().keySet());
            byPsps.computeIfAbsent(usable, k -> new TreeSet<>()).add(sa);
        }
        List<AccountClass> out = new ArrayList<>();
        byPsps.forEach((usable, members) -> {
            boolean others = members.contains(OTHER_ACCOUNT);
            out.add(new AccountClass(others ? List.of() : List.copyOf(members), List.copyOf(usable)));
        });
        // The named classes first, by their first account; the class of the others last.
        out.sort(Comparator.comparing(AccountClass::others)
                .thenComparing(c -> c.serviceAccounts().isEmpty() ? "" : c.serviceAccounts().get(0)));
        return out;
    }

    private static boolean touchesNothing(List<Tightening> tightenings, Level level) {
        return tightenings.stream().filter(t -> t.level() == level).allMatch(t -> t.workloads().isEmpty());
    }

    /** The workloads that fail the check (or the restricted check replacing it) at the level. */
    private List<String> failing(List<PodDigest> workloads, List<String> names, Level level, String check,
            Version target) {
        Set<String> ids = new TreeSet<>();
        ids.add(check);
        evaluator.registry().replacementFor(check, level, target).map(Check::id).ifPresent(ids::add);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < workloads.size(); i++) {
            Set<String> failures = workloads.get(i).verdict().failures(level);
            if (ids.stream().anyMatch(failures::contains)) {
                out.add(names.get(i));
            }
        }
        return out;
    }

    /**
     * The PSP defaults a workload relied on. PSP admission prefers, in name order, a PSP that admits the pod
     * unchanged; only when none does it mutates the pod with the first PSP (in name order) that admits it.
     */
    private List<FieldToAdd> mutations(Context ctx, String ns, PodDigest w, String name, List<String> assumptions,
            Map<String, SortedSet<String>> usableByAccount) {
        SortedSet<String> usable = usableByAccount.computeIfAbsent(
                ("Pod".equals(w.kind()) ? "pod\u0000" : "template\u0000") + w.serviceAccount(),
                k -> usable(ctx, ns, w));
        if (usable.isEmpty() || w.view() == null) {
            return List.of();
        }
        AdmissionOutcome outcome = admit(ctx, w.view(), usable);
        if (!outcome.admitted()) {
            assumptions.add(name + " (service account " + w.serviceAccount() + ") is admitted by none of the PSPs "
                    + "usable for it (" + String.join(", ", usable) + "): PSP admission would reject its pods today.");
            return List.of();
        }
        List<FieldToAdd> out = new ArrayList<>();
        String prefix = templatePath(w.kind());
        for (String[] d : outcome.changes()) {
            // One string per distinct path: hundreds of thousands of pods share a handful of paths.
            String path = prefix.isEmpty() ? d[0] : ctx.paths().computeIfAbsent(prefix + d[0], k -> k);
            out.add(new FieldToAdd(name, outcome.psp(), path, d[1]));
        }
        return out;
    }

    /** The PSPs usable for the pods of a workload: its service account's, the controllers', people's. */
    private static SortedSet<String> usable(Context ctx, String ns, PodDigest w) {
        SortedSet<String> usable = new TreeSet<>();
        ctx.access().serviceAccountGrants(ns, w.serviceAccount()).forEach(g -> usable.add(g.psp()));
        if (!"Pod".equals(w.kind())) {
            ctx.access().controllerGrants(ns).forEach(g -> usable.add(g.psp()));
        }
        if (ctx.request().includeUsers()) {
            ctx.access().userGrants(ns).forEach(g -> usable.add(g.psp()));
        }
        usable.retainAll(ctx.psps().keySet());
        return usable;
    }

    /**
     * PSP admission of a view by the usable PSPs. PSP admission prefers, in name order, a PSP that admits the pod
     * unchanged; only when none does it mutates the pod with the first PSP (in name order) that admits it.
     */
    private AdmissionOutcome admit(Context ctx, AdmissionView view, SortedSet<String> usable) {
        List<String[]> firstChanges = null;
        String firstPsp = null;
        for (String psp : usable) {
            PspOutcome o = ctx.admissions().computeIfAbsent(new ViewByPsp(view, ctx.contents().get(psp)), k -> {
                Admission a = pspAnalyzer.admit(ctx.psps().get(psp).object(), view.metadata(), view.spec());
                return new PspOutcome(a.allowed(), a.allowed() ? diff(view.metadata(), view.spec(), a) : List.of());
            });
            if (!o.allowed()) {
                continue;
            }
            if (o.changes().isEmpty()) {
                return new AdmissionOutcome(true, psp, List.of());
            }
            if (firstChanges == null) {
                firstChanges = o.changes();
                firstPsp = psp;
            }
        }
        if (firstChanges == null) {
            return new AdmissionOutcome(false, null, List.of());
        }
        return new AdmissionOutcome(true, firstPsp, firstChanges.stream()
                .filter(d -> !isSyncedSeccompAnnotation(d[0])).toList());
    }

    /** Where a workload kind keeps its pod: the prefix that turns a pod field path into the workload's. */
    static String templatePath(String kind) {
        return switch (kind) {
            case "Pod" -> "";
            case "CronJob" -> "spec.jobTemplate.spec.template.";
            default -> "spec.template.";
        };
    }

    /**
     * The seccomp annotations the API server keeps in step with the seccompProfile fields: PSP admission's
     * field mutation is listed, its annotation twin would only repeat it.
     */
    private static boolean isSyncedSeccompAnnotation(String path) {
        return path.startsWith("metadata.annotations.seccomp.security.alpha.kubernetes.io/")
                || path.startsWith("metadata.annotations.container.seccomp.security.alpha.kubernetes.io/");
    }

    /**
     * The fields a workload of the kind must set to keep what PSP admission set or changed on its pod: each as
     * {@code path=value}, the path in the workload (e.g. {@code spec.template.spec...}), in path order. Empty when
     * the admission left the pod unchanged.
     */
    public static List<String> fieldsSetBy(String kind, ObjectMeta podMetadata, PodSpec podSpec, Admission a) {
        List<String> out = new ArrayList<>();
        for (String[] d : diff(podMetadata, podSpec, a)) {
            if (!isSyncedSeccompAnnotation(d[0])) {
                out.add(templatePath(kind) + d[0] + "=" + d[1]);
            }
        }
        return out;
    }

    /** Whether PSP admission left the pod as it was submitted (the PSP admitted it without a default). */
    public static boolean unchanged(ObjectMeta podMetadata, PodSpec podSpec, Admission a) {
        return diff(podMetadata, podSpec, a).isEmpty();
    }

    private static List<String[]> diff(ObjectMeta podMetadata, PodSpec podSpec, Admission a) {
        if (Objects.equals(a.spec(), podSpec == null ? new PodSpec() : podSpec)
                && Objects.equals(a.metadata(), podMetadata == null ? new ObjectMeta() : podMetadata)) {
            return List.of(); // Equal objects serialize to equal trees: nothing changed.
        }
        // Serialized as they are, not copied: serializing does not change them.
        JsonNode before = Json.tree(pod(podMetadata, podSpec));
        JsonNode after = Json.tree(pod(a.metadata(), a.spec()));
        List<String[]> out = new ArrayList<>();
        diff("", before, after, out);
        out.sort(Comparator.comparing(d -> d[0]));
        return out;
    }

    private static Pod pod(ObjectMeta metadata, PodSpec spec) {
        Pod pod = new Pod();
        pod.setMetadata(metadata);
        pod.setSpec(spec);
        return pod;
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<String[]> out) {
        if (after == null || after.isNull() || (after.isContainerNode() && after.isEmpty())) {
            return;
        }
        if (before == null || before.isNull() || before.isMissingNode()) {
            if (after.isObject()) {
                after.properties().forEach(e -> diff(path + "." + e.getKey(), null, e.getValue(), out));
            } else {
                out.add(new String[] {path.substring(1), after.isTextual() ? after.asText() : after.toString()});
            }
            return;
        }
        if (after.isObject() && before.isObject()) {
            after.properties().forEach(e -> diff(path + "." + e.getKey(), before.get(e.getKey()), e.getValue(),
                    out));
        } else if (after.isArray() && before.isArray() && after.size() == before.size()
                && after.size() > 0 && after.get(0).isObject()) {
            for (int i = 0; i < after.size(); i++) {
                diff(path + "[" + i + "]", before.get(i), after.get(i), out);
            }
        } else if (!after.equals(before) && !sameScalarSet(before, after)) {
            out.add(new String[] {path.substring(1), after.isTextual() ? after.asText() : after.toString()});
        }
    }

    /** Lists of scalars (capabilities, groups) that hold the same values in another order are unchanged. */
    private static boolean sameScalarSet(JsonNode before, JsonNode after) {
        if (!before.isArray() || !after.isArray() || before.size() != after.size()) {
            return false;
        }
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        before.forEach(n -> a.add(n.toString()));
        after.forEach(n -> b.add(n.toString()));
        a.sort(null);
        b.sort(null);
        return a.equals(b);
    }

    private List<NamespaceGap> gaps(Context ctx, Set<String> usable, Level enforce) {
        List<NamespaceGap> gaps = new ArrayList<>();
        if (usable.isEmpty()) {
            return List.of();
        }
        for (PspRule rule : pspAnalyzer.rules().all()) {
            List<String> psps = new ArrayList<>();
            List<String> details = new ArrayList<>();
            for (String psp : usable) {
                Optional<String> restriction = ctx.restrictions().computeIfAbsent(
                        rule.id() + '\u0000' + psp + '\u0000' + enforce,
                        k -> pspAnalyzer.restriction(rule, ctx.psps().get(psp).object(), enforce, ctx.target()));
                if (restriction.isPresent()) {
                    psps.add(psp);
                    details.add(psp + ": " + restriction.get());
                }
            }
            if (!psps.isEmpty()) {
                gaps.add(new NamespaceGap(rule.id(), psps, psps.size() == usable.size(), String.join(" ", details)));
            }
        }
        return List.copyOf(gaps);
    }

    private static GrantPath path(Grant g) {
        return new GrantPath(g.subject().display(), g.bindingDisplay(), g.roleDisplay());
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
