package dev.psp2psa.plan;

import dev.psp2psa.psp.AdmissionDiff;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans one namespace (DESIGN §4.4), one method per decision: the usable PSPs, the policy level, the tightenings, the
 * recommended level, the fields to add, the assumptions and the gaps. One planner serves every namespace of a plan
 * and may plan them in parallel: what it shares between namespaces is memoised in concurrent maps.
 */
final class NamespacePlanner {

    /** A name no namespace can have: the namespace in which only cluster-wide grants apply (the defaults). */
    static final String NEW_NAMESPACE = "psp2psa:new-namespace";
    static final String ALL_SERVICE_ACCOUNTS = "*";
    static final String CONTROLLERS = "(controllers)";
    static final String USERS = "(users)";
    /** A name no service account can have: it stands for the service accounts the input does not name. */
    static final String OTHER_ACCOUNT = "psp2psa:other";

    /** The PSPs usable in a namespace, each with who may use it there, in PSP name order. */
    private record Usable(SortedMap<String, SortedSet<String>> usedBy, List<NamespacePsp> psps) {
    }

    /** The PSPs usable in a namespace and its enforced level: what decides its gaps. */
    private record GapKey(SortedSet<String> usable, Level enforce) {
    }

    private final PspAnalyzer analyzer;
    private final PodSecurityEvaluator evaluator;
    private final PlanRequest request;
    private final Version target;
    private final PspLevels levels;
    private final PspAccess access;
    private final WorkloadAdmission admission;
    private final Map<String, Boolean> automount;
    private final Map<String, CurrentLabels> current;
    private final Map<GapKey, List<NamespaceGap>> gaps = new ConcurrentHashMap<>();
    private final NamespaceGaps gapFinder;
    private final Map<String, String> paths = new ConcurrentHashMap<>();

    /**
     * @param automount the {@code automountServiceAccountToken} of the input's ServiceAccounts that set it, by
     *                  {@code namespace/name}
     */
    NamespacePlanner(PspAnalyzer analyzer, PodSecurityEvaluator evaluator, PlanRequest request, PspLevels levels,
            PspAccess access, Map<String, Boolean> automount, Map<String, CurrentLabels> current) {
        this.current = Map.copyOf(current);
        this.analyzer = analyzer;
        this.evaluator = evaluator;
        this.request = request;
        this.target = request.targetVersion();
        this.levels = levels;
        this.access = access;
        this.admission = new WorkloadAdmission(analyzer, levels, evaluator, request.targetVersion());
        this.gapFinder = new NamespaceGaps(analyzer, levels, request.targetVersion());
        this.automount = Map.copyOf(automount);
    }

    /** The plan of a namespace with these service accounts (besides {@code default}) and workloads. */
    NamespacePlan plan(String ns, SortedSet<String> declaredSas, List<PodDigest> workloads) {
        SortedSet<String> sas = new TreeSet<>(declaredSas);
        sas.add("default");
        workloads.forEach(w -> sas.add(w.serviceAccount()));
        Usable usable = usable(ns, sas);
        // A PSP that admits no pod (configuration errors) adds nothing PSP admission let in: it has no level.
        Optional<Level> policyLevel = usable.usedBy().keySet().stream()
                .filter(p -> levels.level(p).configurationErrors().isEmpty()).map(p -> levels.level(p).level())
                .min(Comparator.naturalOrder());
        // The workloads' names, made once and shared by everything that lists them.
        List<String> names = workloads.stream().map(w -> w.kind() + "/" + w.name()).toList();
        Optional<Level> workloadLevel = workloads.stream().map(w -> w.verdict().tightest())
                .min(Comparator.naturalOrder());
        List<Tightening> tightenings = tightenings(usable, policyLevel, workloads, names);
        List<String> assumptions = new ArrayList<>();
        for (String p : usable.usedBy().keySet()) {
            List<String> errors = levels.level(p).configurationErrors();
            if (!errors.isEmpty()) {
                assumptions.add("PSP " + p + " admits no pod (" + errors.get(0) + "), so it is left out of the "
                        + "policy level" + (usable.usedBy().keySet().stream().allMatch(
                                q -> !levels.level(q).configurationErrors().isEmpty())
                                ? " and counts as no usable PSP." : "."));
            }
        }
        Level enforce = enforce(ns, policyLevel, workloads, tightenings, assumptions);
        List<WorkloadAdmission.Outcome> outcomes = new ArrayList<>();
        List<FieldToAdd> fields = fieldsToAdd(ns, workloads, names, assumptions, outcomes);
        CurrentLabels labels = current.getOrDefault(ns, CurrentLabels.NONE);
        enforce = keepCurrent(enforce, labels, assumptions);
        enforce = WorkloadChecks.keepWorkloads(enforce, workloads, names, outcomes, assumptions);
        List<WorkloadDenial> denials = WorkloadChecks.denials(enforce, workloads, names, outcomes);
        List<NamespaceGap> namespaceGaps = gaps.computeIfAbsent(
                new GapKey(new TreeSet<>(usable.usedBy().keySet()), enforce), k -> gaps(k.usable(), k.enforce()));
        boolean exempt = request.exemptNamespaces().contains(ns);
        if (exempt) {
            assumptions.add(lapses(usable));
        }
        List<PspLevel.Reason> blocking = new ArrayList<>();
        List<String> blockingPsps = new ArrayList<>();
        for (Object[] b : Decision.blocking(policyLevel, usable.usedBy().keySet(), levels)) {
            blockingPsps.add((String) b[0]);
            blocking.add((PspLevel.Reason) b[1]);
        }
        String why = Decision.sentence(enforce, policyLevel, workloads.size(), denials,
                (int) fields.stream().filter(FieldToAdd::required).count(), blocking, blockingPsps,
                namespaceGaps.size());
        List<String> blockers = blocking.stream().map(PspLevel.Reason::field).distinct().toList();
        return new NamespacePlan(ns, exempt, labels, policyLevel, blockers, workloadLevel,
                Recommendation.of(enforce, target), why, List.copyOf(sas), usable.psps(), tightenings, namespaceGaps,
                assumptions(usable, assumptions), fields, denials, names, accountClasses(ns, sas));
    }

    /**
     * Never loosens an enforce label the namespace carries today without saying so: PSA already enforces it (with
     * PSP), so what it denies is denied today; a stricter one is kept.
     */
    private static Level keepCurrent(Level enforce, CurrentLabels labels, List<String> assumptions) {
        Optional<Level> now = labels.enforceLevel();
        if (now.isEmpty() || !now.get().tighterThan(enforce)) {
            return enforce;
        }
        String named = now.get().id().equals(labels.enforce()) ? "" : " (\"" + labels.enforce() + "\" names no "
                + "level, so PSA enforces restricted)";
        assumptions.add("The namespace enforces " + labels.enforceText() + " today" + named + ", stricter than the "
                + enforce.id() + " its usable PSPs and workloads allow: kept, so that nothing it denies today is "
                + "admitted.");
        return now.get();
    }

    /**
     * Who may use which PSP here, and through which grants: the service accounts' own grants ({@code *} for a grant
     * to every service account), the controllers' and, with --include-users, people's. Grants to PSPs that do not
     * exist are RBAC problems, not usable PSPs.
     */
    private Usable usable(String ns, SortedSet<String> sas) {
        SortedMap<String, SortedSet<String>> usedBy = new TreeMap<>();
        Map<String, Set<Grant>> grantsByPsp = new TreeMap<>();
        for (String sa : sas) {
            for (Grant g : access.serviceAccountGrants(ns, sa)) {
                boolean everyone = g.subject().serviceAccountIdentity().isEmpty();
                usedBy.computeIfAbsent(g.psp(), k -> new TreeSet<>()).add(everyone ? ALL_SERVICE_ACCOUNTS : sa);
                grantsByPsp.computeIfAbsent(g.psp(), k -> new LinkedHashSet<>()).add(g);
            }
        }
        for (Grant g : access.controllerGrants(ns)) {
            usedBy.computeIfAbsent(g.psp(), k -> new TreeSet<>()).add(CONTROLLERS);
            grantsByPsp.computeIfAbsent(g.psp(), k -> new LinkedHashSet<>()).add(g);
        }
        if (request.includeUsers()) {
            List<Grant> others = new ArrayList<>(access.userGrants(ns));
            others.addAll(access.crossNamespaceGrants(ns));
            for (Grant g : others) {
                usedBy.computeIfAbsent(g.psp(), k -> new TreeSet<>()).add(USERS);
                grantsByPsp.computeIfAbsent(g.psp(), k -> new LinkedHashSet<>()).add(g);
            }
        }
        usedBy.keySet().removeIf(p -> !levels.exists(p));
        List<NamespacePsp> psps = new ArrayList<>();
        for (Map.Entry<String, SortedSet<String>> e : usedBy.entrySet()) {
            List<GrantPath> grantPaths = grantsByPsp.get(e.getKey()).stream().sorted()
                    .map(g -> new GrantPath(g.subject().display(), g.bindingDisplay(), g.roleDisplay())).toList();
            psps.add(new NamespacePsp(e.getKey(), List.copyOf(e.getValue()), grantPaths));
        }
        return new Usable(usedBy, psps);
    }

    /** For each level stricter than the policy level, what a usable PSP allowed there, and the workloads using it. */
    private List<Tightening> tightenings(Usable usable, Optional<Level> policyLevel, List<PodDigest> workloads,
            List<String> names) {
        List<Tightening> tightenings = new ArrayList<>();
        if (policyLevel.isPresent()) {
            for (Level l : Level.values()) {
                if (!l.tighterThan(policyLevel.get())) {
                    continue;
                }
                for (String psp : usable.usedBy().keySet()) {
                    for (PspLevel.Reason r : levels.level(psp).reasonsBlocking(l)) {
                        tightenings.add(new Tightening(l, r.check(), psp, r.field(), r.detail(),
                                failing(workloads, names, l, r.check())));
                    }
                }
            }
        }
        tightenings.sort(Comparator.comparing(Tightening::level).thenComparing(Tightening::psp)
                .thenComparing(Tightening::field).thenComparing(Tightening::check));
        return tightenings;
    }

    /** The workloads that fail the check (or the restricted check replacing it) at the level. */
    private List<String> failing(List<PodDigest> workloads, List<String> names, Level level, String check) {
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
     * The level to enforce: restricted when no PSP is usable (PSP rejected every pod), the policy level when no
     * workload is given, else the tightest level above the policy level whose tightenings no workload uses.
     */
    private static Level enforce(String ns, Optional<Level> policyLevel, List<PodDigest> workloads,
            List<Tightening> tightenings, List<String> assumptions) {
        if (policyLevel.isEmpty()) {
            assumptions.add("No PSP is usable here, so PSP admission rejected every pod; PSA cannot reject every "
                    + "pod, so restricted is the closest level.");
            return Level.RESTRICTED;
        }
        Level enforce = policyLevel.get();
        if (workloads.isEmpty()) {
            if (!NEW_NAMESPACE.equals(ns)) {
                assumptions.add("No pods or workloads of this namespace were given, so the recommendation is the "
                        + "policy level: nothing a usable PSP admitted is denied.");
            }
            return enforce;
        }
        for (Level l : Level.values()) {
            if (l.tighterThan(enforce) && touchesNothing(tightenings, l)) {
                enforce = l;
            } else if (l.tighterThan(enforce)) {
                break;
            }
        }
        return enforce;
    }

    private static boolean touchesNothing(List<Tightening> tightenings, Level level) {
        return tightenings.stream().filter(t -> t.level() == level).allMatch(t -> t.workloads().isEmpty());
    }

    /** The PSP defaults the workloads relied on; a workload no usable PSP admits is an assumption instead. */
    private List<FieldToAdd> fieldsToAdd(String ns, List<PodDigest> workloads, List<String> names,
            List<String> assumptions, List<WorkloadAdmission.Outcome> outcomes) {
        List<FieldToAdd> fields = new ArrayList<>();
        Map<String, SortedSet<String>> usableByAccount = new HashMap<>();
        for (int i = 0; i < workloads.size(); i++) {
            PodDigest w = workloads.get(i);
            SortedSet<String> usable = usableByAccount.computeIfAbsent(
                    ("Pod".equals(w.kind()) ? "pod\u0000" : "template\u0000") + w.serviceAccount(),
                    k -> usableFor(ns, w));
            fields.addAll(fieldsToAdd(w, names.get(i), usable, assumptions, outcomes));
        }
        return fields;
    }

    /**
     * The PSP defaults one workload relied on. PSP admission prefers, in name order, a PSP that admits the pod
     * unchanged; only when none does it mutates the pod with the first PSP (in name order) that admits it.
     */
    private List<FieldToAdd> fieldsToAdd(PodDigest w, String name, SortedSet<String> usable,
            List<String> assumptions, List<WorkloadAdmission.Outcome> outcomes) {
        if (usable.isEmpty() || w.view() == null) {
            outcomes.add(null);
            return List.of();
        }
        WorkloadAdmission.Outcome outcome = admission.admit(w.view(), usable,
                automount.get(w.namespace() + "/" + w.serviceAccount()));
        outcomes.add(outcome);
        if (!outcome.admitted() && outcome.psp() != null) {
            assumptions.add(name + " (service account " + w.serviceAccount() + ") is admitted by PSP " + outcome.psp()
                    + ", but the API server rejects the pod that PSP makes of it (" + outcome.apiErrors().get(0)
                    + "): its pods are not created today.");
            return List.of();
        }
        if (!outcome.admitted()) {
            String first = outcome.denials().isEmpty() ? "" : " (" + outcome.denials().get(0)
                    + (outcome.denials().size() > 1 ? "; and " + (outcome.denials().size() - 1) + " more" : "") + ")";
            assumptions.add(name + " (service account " + w.serviceAccount() + ") is admitted by none of the PSPs "
                    + "usable for it (" + String.join(", ", usable) + "): PSP admission would reject its pods today"
                    + first + ".");
            return List.of();
        }
        List<FieldToAdd> out = new ArrayList<>();
        String prefix = AdmissionDiff.templatePath(w.kind());
        for (AdmissionDiff.Change c : outcome.changes()) {
            // One string per distinct path: hundreds of thousands of pods share a handful of paths.
            String path = prefix.isEmpty() ? c.path() : paths.computeIfAbsent(prefix + c.path(), k -> k);
            out.add(new FieldToAdd(name, outcome.psp(), path, c.value(), c.required()));
        }
        return out;
    }

    /** The PSPs usable for the pods of a workload: its service account's, the controllers', people's. */
    private SortedSet<String> usableFor(String ns, PodDigest w) {
        SortedSet<String> usable = new TreeSet<>();
        access.serviceAccountGrants(ns, w.serviceAccount()).forEach(g -> usable.add(g.psp()));
        if (!"Pod".equals(w.kind())) {
            access.controllerGrants(ns).forEach(g -> usable.add(g.psp()));
        }
        if (request.includeUsers()) {
            access.userGrants(ns).forEach(g -> usable.add(g.psp()));
        }
        usable.removeIf(p -> !levels.exists(p));
        return usable;
    }

    /** The assumptions of the usable PSPs' levels (e.g. checks no PSP field covers), then the namespace's own. */
    private List<String> assumptions(Usable usable, List<String> own) {
        SortedMap<String, String> pspAssumptions = new TreeMap<>();
        for (String psp : usable.usedBy().keySet()) {
            for (Assumption a : levels.level(psp).assumptions()) {
                pspAssumptions.putIfAbsent(a.id(), a.text());
            }
        }
        List<String> all = new ArrayList<>(pspAssumptions.values());
        all.addAll(own);
        return all;
    }

    /**
     * What an exemption gives up: PSA and the gap policies skip the namespace's pods, so every restriction of its
     * usable PSPs lapses (the gaps at the privileged level, which enforces nothing).
     */
    private String lapses(Usable usable) {
        if (usable.usedBy().isEmpty()) {
            return "Exempt (--exempt-namespace): PSP rejected every pod here, and after the migration every pod is "
                    + "admitted.";
        }
        List<String> rules = new ArrayList<>();
        for (NamespaceGap g : gaps(usable.usedBy().keySet(), Level.PRIVILEGED)) {
            rules.add(g.rule() + " (" + String.join(", ", g.psps()) + ")");
        }
        return rules.isEmpty() ? "Exempt (--exempt-namespace): its PSPs restricted nothing, so nothing lapses."
                : "Exempt (--exempt-namespace): PSA and the gap policies skip its pods, so these restrictions of its "
                        + "PSPs lapse: " + String.join(", ", rules) + ".";
    }

    /** Per PSP rule, the usable PSPs that restrict more than the enforced level: what a gap policy must keep. */
    private List<NamespaceGap> gaps(Set<String> usable, Level enforce) {
        return gapFinder.gaps(usable, enforce);
    }

    /**
     * The service accounts grouped by the PSPs their pods could use: their own grants, the controllers' (for the
     * pods of workloads) and, with --include-users, people's. The class of the accounts the input does not name
     * gets only the grants to groups.
     */
    private List<AccountClass> accountClasses(String ns, SortedSet<String> sas) {
        SortedSet<String> common = new TreeSet<>();
        access.controllerGrants(ns).forEach(g -> common.add(g.psp()));
        if (request.includeUsers()) {
            access.userGrants(ns).forEach(g -> common.add(g.psp()));
            access.crossNamespaceGrants(ns).forEach(g -> common.add(g.psp()));
        }
        Map<SortedSet<String>, SortedSet<String>> byPsps = new LinkedHashMap<>();
        List<String> accounts = new ArrayList<>(sas);
        accounts.add(OTHER_ACCOUNT);
        for (String sa : accounts) {
            SortedSet<String> usable = new TreeSet<>(common);
            access.serviceAccountGrants(ns, sa).forEach(g -> usable.add(g.psp()));
            usable.removeIf(p -> !levels.exists(p));
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
}
