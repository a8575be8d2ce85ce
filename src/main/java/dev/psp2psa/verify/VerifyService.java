package dev.psp2psa.verify;

import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.PolicySet;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.plan.AccountClass;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.PlanBuilder;
import dev.psp2psa.plan.Tightening;
import dev.psp2psa.psp.Admission;
import dev.psp2psa.psp.AdmissionDiff;
import dev.psp2psa.psp.Assumption;
import dev.psp2psa.psp.Gaps;
import dev.psp2psa.psp.PodCreate;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspChoice;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code psp2psa verify}: for every pod and pod template of the inventory, and boundary pods generated from every
 * usable PSP's rules, the old decision (PSP admission with the PSPs usable for the pod's service account) against the
 * new one (the directory's PSA labels and CEL policies). Pure: the directory has been read already.
 */
public final class VerifyService {

    private static final Comparator<VerifyResult> ORDER = Comparator.comparing(VerifyResult::source)
            .thenComparing(VerifyResult::name, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(VerifyResult::namespace)
            .thenComparing(VerifyResult::kind)
            .thenComparing(VerifyResult::serviceAccount);

    private final PlanBuilder planBuilder;
    private final PspAnalyzer psp;
    private final PodSecurityEvaluator pss;
    private final CelEvaluator cel;

    public VerifyService(PlanBuilder planBuilder, PspAnalyzer psp, PodSecurityEvaluator pss, CelEvaluator cel) {
        this.planBuilder = planBuilder;
        this.psp = psp;
        this.pss = pss;
        this.cel = cel;
    }

    public static VerifyService standard() {
        return new VerifyService(PlanBuilder.standard(), PspAnalyzer.standard(), PodSecurityEvaluator.standard(),
                new CelEvaluator());
    }

    /** Every pod and workload of the inventory (kept whole) against the policies, and the boundary pods. */
    public VerifyReport verify(Inventory inventory, PolicySet policies, VerifyRequest request) {
        Context ctx = context(inventory, policies, request);
        List<VerifyResult> results = new ArrayList<>();
        for (Sourced<?> o : inventory.objects()) {
            Workload.of(o).map(w -> judge(ctx, w)).ifPresent(results::add);
        }
        return report(ctx, policies, request, results);
    }

    /**
     * The digester of the second read of a streaming run ({@code docs/scale.md}): it judges each pod and workload as
     * it is read, against the plan made from the first read ({@code planned}: every object but the pods and
     * workloads, which it holds as digests), and keeps only the result.
     *
     * @param repeated the identities ({@link VerifyDigester#identity}) that the first read met more than once
     */
    public VerifyDigester digester(Inventory planned, PolicySet policies, VerifyRequest request,
            Set<String> repeated) {
        return new VerifyDigester(this, context(planned, policies, request), repeated);
    }

    /** The digester of the first read of a streaming run: pods digested for the plan at the request's target. */
    public FirstRead firstRead(VerifyRequest request) {
        return new FirstRead(planBuilder.digester(request.plan()));
    }

    /**
     * The report of a streaming run: the results {@code judged} holds (the second read, by {@code digester}) and the
     * boundary pods of the digester's plan (of the first read); byte for byte the report of {@link #verify} over the
     * objects kept whole.
     */
    public VerifyReport verify(VerifyDigester digester, Inventory judged, PolicySet policies, VerifyRequest request) {
        Context ctx = digester.context();
        List<VerifyResult> results = new ArrayList<>();
        for (dev.psp2psa.inventory.WorkloadDigest d : judged.digests()) {
            if (d instanceof VerifyDigester.Digest v) {
                results.add(v.result());
            }
        }
        for (Sourced<?> o : judged.objects()) {
            Workload.of(o).map(w -> judge(ctx, w)).ifPresent(results::add);
        }
        return report(ctx, policies, request, results);
    }

    private Context context(Inventory inventory, PolicySet policies, VerifyRequest request) {
        Plan plan = planBuilder.build(inventory, request.plan());
        Map<String, NamespacePlan> namespaces = new TreeMap<>();
        plan.namespaces().forEach(n -> namespaces.put(n.name(), n));
        return new Context(plan, inventory.pspsByName(), inventory.psps(), namespaces,
                new NewAdmission(policies, pss, cel), PlanBuilder.automount(inventory));
    }

    private VerifyReport report(Context ctx, PolicySet policies, VerifyRequest request,
            List<VerifyResult> results) {
        if (request.boundaryPods()) {
            BoundaryPods boundary = new BoundaryPods(psp, ctx.plan(), ctx.sourcedPsps(),
                    ns -> ctx.admission().policies().enforce(ns).map(PolicySet.PsaLabel::level));
            // Each generated pod is judged on its own, on every core; the results keep their order (then sorted).
            results.addAll(boundary.all().parallelStream().map(s -> compare(ctx, s)).toList());
        }
        results.sort(ORDER);
        return new VerifyReport(policies.directory(), policies.engines(), results);
    }

    /** The result of one pod or workload of the input. */
    VerifyResult judge(Context ctx, Workload wl) {
        ObjectMeta meta = wl.podMetadata() == null ? new ObjectMeta() : wl.podMetadata();
        PodSpec spec = wl.podSpec() == null ? new PodSpec() : wl.podSpec();
        return compare(ctx, new Subject(wl.source().toString(), wl.source(), null, wl.namespace(), wl.kind(),
                wl.name(), wl.serviceAccount(), false, meta, spec));
    }

    /** @param automount the input's ServiceAccounts' {@code automountServiceAccountToken}, by namespace/name */
    record Context(Plan plan, Map<String, PodSecurityPolicy> psps,
            java.util.SortedMap<String, Sourced<PodSecurityPolicy>> sourcedPsps, Map<String, NamespacePlan> namespaces,
            NewAdmission admission, Map<String, Boolean> automount) {
    }

    /** A pod to compare: where it comes from and what it is, as submitted. */
    record Subject(String source, Source origin, String psp, String namespace, String kind, String name,
            String serviceAccount,
            boolean generated, ObjectMeta meta, PodSpec spec) {
    }

    /**
     * A subject's pod as it reaches PSP admission ({@link PodCreate#beforePsp}). Generated pods get no token volume:
     * they test one rule each, and the volumes rule has its own.
     */
    private static Pod beforePsp(Context ctx, Subject s) {
        return PodCreate.beforePsp(s.meta(), s.spec(), automount(ctx, s));
    }

    private static Boolean automount(Context ctx, Subject s) {
        return s.generated() ? Boolean.FALSE : ctx.automount().get(s.namespace() + "/" + s.serviceAccount());
    }

    /** The PSPs usable for a service account's pods in a namespace: its account class's. */
    static List<String> usable(NamespacePlan ns, String serviceAccount) {
        if (ns == null) {
            return List.of();
        }
        AccountClass others = null;
        for (AccountClass c : ns.accountClasses()) {
            if (c.serviceAccounts().contains(serviceAccount)) {
                return c.psps();
            }
            if (c.others()) {
                others = c;
            }
        }
        return others == null ? List.of() : others.psps();
    }

    /**
     * PSP admission as the admission controller ran it ({@link PspChoice}): the PSPs in name order, the first that
     * admits the pod unchanged wins, else the first that admits it with mutation; then the API server's validation of
     * what that PSP made of the pod. The pod is as it reaches PSP admission ({@link PodCreate#beforePsp}).
     */
    OldDecision old(Map<String, PodSecurityPolicy> psps, List<String> usable, String kind, ObjectMeta meta,
            PodSpec spec) {
        PspChoice choice = choose(psps, usable, meta, spec);
        if (choice.psp() == null) {
            List<String> denials = new ArrayList<>(choice.denials());
            if (usable.isEmpty()) {
                denials.add("no PSP is usable by this service account here");
            }
            return new OldDecision(false, null, usable, List.of(), denials);
        }
        if (!choice.created()) {
            return new OldDecision(false, null, usable, List.of(), choice.apiErrors().stream()
                    .map(e -> choice.psp() + ": the API server rejects the pod this PSP makes: " + e).toList());
        }
        List<String> fields = choice.mutated() ? AdmissionDiff.fieldsSetBy(kind, meta, spec, choice.admission())
                : List.of();
        return new OldDecision(true, choice.psp(), usable, fields, List.of());
    }

    private PspChoice choose(Map<String, PodSecurityPolicy> psps, List<String> usable, ObjectMeta meta,
            PodSpec spec) {
        return PspChoice.choose(usable, name -> psps.containsKey(name) ? psp.admit(psps.get(name), meta, spec) : null,
                meta, spec);
    }

    private VerifyResult compare(Context ctx, Subject subject) {
        // A namespace the input does not name is of the default class: only the cluster-wide grants apply there.
        NamespacePlan ns = ctx.namespaces().getOrDefault(subject.namespace(), ctx.plan().defaultClass());
        List<String> usable = usable(ns, subject.serviceAccount());
        Pod submitted = beforePsp(ctx, subject);
        Subject s = new Subject(subject.source(), subject.origin(), subject.psp(), subject.namespace(),
                subject.kind(), subject.name(),
                subject.serviceAccount(), subject.generated(), submitted.getMetadata(), submitted.getSpec());
        OldDecision old = old(ctx.psps(), usable, s.kind(), submitted.getMetadata(), submitted.getSpec());
        // After the migration no PSP mutates: PSA and the policies see the pod as the target cluster creates it.
        Pod created = PodCreate.withoutPsp(subject.meta(), subject.spec(), automount(ctx, subject));
        NewDecision now = ctx.admission().decide(s.namespace(), created.getMetadata(), created.getSpec());
        Outcome outcome;
        if (old.allowed()) {
            outcome = now.allowedByEngine().values().stream().allMatch(b -> b) ? Outcome.BOTH_ADMIT
                    : Outcome.NOW_DENIED;
        } else {
            outcome = now.someEngineAllows() ? Outcome.NOW_ADMITTED : Outcome.BOTH_DENY;
        }
        boolean agree = outcome.agrees();
        String explanation = null;
        boolean explained = false;
        if (outcome == Outcome.NOW_ADMITTED) {
            if (now.exempt() && !now.someEngineDenies()) {
                explained = true;
                explanation = "The namespace is exempt from PSA by the admission configuration (PSP applied there).";
            } else if (!Gaps.inScope(s.meta(), s.spec())) {
                explained = true;
                explanation = "Out of scope: PSP could never have seen this pod (an image volume, or an object the API "
                        + "server rejects).";
            } else {
                explanation = "PSP rejected it (" + summarize(old.denials()) + ") but " + admitters(now)
                        + " admit" + (admitters(now).contains(" and ") ? "" : "s") + " it.";
            }
        } else if (outcome == Outcome.NOW_DENIED) {
            Explanation e = explainDenial(ctx, ns, s, old, now);
            explained = e.explained();
            explanation = e.text();
        }
        return new VerifyResult(s.source(), s.origin(), s.psp(), s.namespace(), s.kind(), s.name(), s.serviceAccount(), s.generated(),
                old, now, outcome, agree, explained, explanation);
    }

    private record Explanation(boolean explained, String text) {
    }

    /** The names of the policies {@code convert --hardening} writes: their denials are not PSP's. */
    static final String HARDENING_PREFIX = "psp2psa-hardening-";

    private Explanation explainDenial(Context ctx, NamespacePlan ns, Subject s, OldDecision old, NewDecision now) {
        List<String> parts = new ArrayList<>();
        NewDecision residual = now;
        if (old.mutated()) {
            Admission a = psp.admit(ctx.psps().get(old.psp()), s.meta(), s.spec());
            Pod mutated = PodCreate.stored(a.metadata(), a.spec());
            residual = ctx.admission().decide(s.namespace(), mutated.getMetadata(), mutated.getSpec());
            // Only the fields the new set requires: an unset fsGroup, supplementalGroups or runtime/default AppArmor
            // profile is admitted (AdmissionDiff.Change#required).
            List<String> required = dev.psp2psa.psp.AdmissionDiff.storedChanges(s.meta(), s.spec(), a).stream()
                    .filter(dev.psp2psa.psp.AdmissionDiff.Change::required)
                    .map(c -> dev.psp2psa.psp.AdmissionDiff.templatePath(s.kind()) + c.path() + "=" + c.value())
                    .toList();
            parts.add("It relied on defaults of PSP " + old.psp() + (required.isEmpty()
                    ? ", none of which the new policies require." : "; add " + String.join(", ", required) + "."));
            if (residual.allowed()) {
                return new Explanation(true, String.join(" ", parts));
            }
        }
        Version version = Optional.ofNullable(ctx.admission().policies().enforce(s.namespace()).orElse(null))
                .map(PolicySet.PsaLabel::version).orElse(ctx.plan().targetVersion());
        List<Assumption> broken = psp.assumptionsBrokenBy(s.meta(), s.spec(), version);
        List<PolicyViolation> unexplained = explainViolations(parts, residual, broken, tightened(ns, s, old), old);
        if (unexplained.isEmpty()) {
            return new Explanation(true, String.join(" ", parts));
        }
        PolicyViolation first = unexplained.get(0);
        parts.add("PSP " + old.psp() + " admitted it but " + first.engine() + " " + first.policy() + " ("
                + first.rule() + ") denies it: " + first.message());
        return new Explanation(false, String.join(" ", parts));
    }

    /**
     * The PSS checks of the plan's tightenings of the PSP that admitted a workload's pod: denials by them are
     * documented (for the pods psp2psa generates from workloads, not for pods given as such).
     */
    private static Set<String> tightened(NamespacePlan ns, Subject s, OldDecision old) {
        Set<String> tightened = new TreeSet<>();
        if (s.generated() && ns != null && old.psp() != null) {
            for (Tightening t : ns.tightenings()) {
                if (t.psp().equals(old.psp())) {
                    tightened.add(t.check());
                }
            }
        }
        return tightened;
    }

    /**
     * Adds to {@code parts} the explanations of the residual denial's violations (broken assumptions, documented
     * tightenings, opt-in hardening) and returns the violations none of them explains.
     */
    private static List<PolicyViolation> explainViolations(List<String> parts, NewDecision residual,
            List<Assumption> broken, Set<String> tightened, OldDecision old) {
        Set<String> assumed = new TreeSet<>();
        broken.forEach(a -> assumed.addAll(a.checks()));
        Set<String> usedAssumptions = new LinkedHashSet<>();
        boolean usedTightening = false;
        Set<String> hardening = new TreeSet<>();
        List<PolicyViolation> unexplained = new ArrayList<>();
        for (PolicyViolation v : residual.violations()) {
            if (v.policy().startsWith(HARDENING_PREFIX)) {
                hardening.add(v.policy().substring(HARDENING_PREFIX.length()));
            } else if (v.engine().equals(PolicyViolation.PSA) && assumed.contains(v.rule())) {
                broken.stream().filter(a -> a.checks().contains(v.rule())).forEach(a -> usedAssumptions.add(a.id()));
            } else if (v.engine().equals(PolicyViolation.PSA) && tightened.contains(v.rule())) {
                usedTightening = true;
            } else {
                unexplained.add(v);
            }
        }
        if (!usedAssumptions.isEmpty()) {
            parts.add("It breaks the documented assumption" + (usedAssumptions.size() == 1 ? " " : "s ")
                    + String.join(", ", usedAssumptions) + ".");
        }
        if (usedTightening) {
            parts.add("The enforce label " + residual.label() + " is a documented tightening of PSP " + old.psp()
                    + " that no given workload needs.");
        }
        if (!hardening.isEmpty()) {
            parts.add("It breaks the opt-in hardening " + String.join(", ", hardening) + " (convert --hardening), "
                    + "which PSP never had.");
        }
        return unexplained;
    }

    private static String admitters(NewDecision now) {
        List<String> engines = now.allowedByEngine().entrySet().stream().filter(Map.Entry::getValue)
                .map(e -> e.getKey().equals(PolicyViolation.PSA) ? "PSA" : "PSA with " + e.getKey())
                .toList();
        return String.join(" and ", engines);
    }

    private static String summarize(List<String> denials) {
        if (denials.isEmpty()) {
            return "no PSP admitted it";
        }
        String first = denials.get(0);
        return denials.size() == 1 ? first : first + "; and " + (denials.size() - 1) + " more";
    }

    static String join(List<String> values) {
        return values.stream().collect(Collectors.joining(", "));
    }
}
