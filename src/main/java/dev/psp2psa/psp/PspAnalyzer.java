package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.pss.Check;
import dev.psp2psa.pss.CheckRegistry;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Computes a PSP's PSS level with reasons and witnesses, and runs PSP admission (mutation, then validation) for one
 * pod, over a rule registry.
 */
public final class PspAnalyzer {

    /** hostProbesAndHostLifecycle: no PSP field restricts probe or lifecycle hosts. */
    public static final Assumption HOST_PROBES = new Assumption("hostProbesAndHostLifecycle",
            List.of("hostProbesAndHostLifecycle"), Version.of(34),
            "No PSP field restricts probe and lifecycle hosts, so pods are assumed not to set httpGet.host or "
                    + "tcpSocket.host.");
    /** PSP's MustRunAsNonRoot admits a container with a non-zero runAsUser and no runAsNonRoot. */
    public static final Assumption RUN_AS_NON_ROOT_UNSET = new Assumption("runAsNonRootUnset",
            List.of("runAsNonRoot"), Version.of(0),
            "PSP's MustRunAsNonRoot also admits containers that set a non-zero runAsUser without runAsNonRoot, which "
                    + "the restricted level rejects, so pods are assumed to set runAsNonRoot: true.");
    /** PSP validates each container's effective user settings only. */
    public static final Assumption POD_LEVEL_ROOT_OVERRIDDEN = new Assumption("podLevelRootOverridden",
            List.of("runAsNonRoot", "runAsUser"), Version.of(0),
            "PSP validates only each container's effective runAsUser and runAsNonRoot, so pods are assumed not to set "
                    + "a pod-level runAsUser: 0 or runAsNonRoot: false that every container overrides.");

    private static final PspAnalyzer STANDARD = new PspAnalyzer(PspRuleRegistry.standard(), CheckRegistry.standard());

    private final PspRuleRegistry rules;
    private final CheckRegistry checks;
    private final PodSecurityEvaluator pss;

    public PspAnalyzer(PspRuleRegistry rules, CheckRegistry checks) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.checks = Objects.requireNonNull(checks, "checks");
        this.pss = new PodSecurityEvaluator(checks);
    }

    /** The analyzer over the standard rule and check registries. */
    public static PspAnalyzer standard() {
        return STANDARD;
    }

    public PspRuleRegistry rules() {
        return rules;
    }

    /** Why PSP admission would admit no pod with this PSP (its strategies cannot be built, or reject every pod). */
    public List<String> configurationErrors(PodSecurityPolicy psp) {
        List<String> errors = new ArrayList<>();
        for (PspRule rule : rules.all()) {
            errors.addAll(rule.configurationErrors(psp));
        }
        return errors;
    }

    /** Every rule's CEL predicate for the PSP, by rule id in id order; rules that accept every pod are left out. */
    public Map<String, CelPredicate> predicates(PodSecurityPolicy psp) {
        Map<String, CelPredicate> out = new LinkedHashMap<>();
        for (PspRule rule : rules.all()) {
            rule.predicate(psp).ifPresent(p -> out.put(rule.id(), p));
        }
        return out;
    }

    /**
     * The whole PSP as one CEL predicate: the conjunction of its rules' predicates ({@code true} when none
     * restricts), or {@code false} when PSP admission could not build the PSP's strategies (it admitted no pod).
     */
    public CelPredicate pspPredicate(PodSecurityPolicy psp) {
        List<String> errors = configurationErrors(psp);
        if (!errors.isEmpty()) {
            return CelPredicate.exact("false", Psps.named(psp) + " admits no pod: " + errors.get(0));
        }
        return CelPredicate.and(Psps.named(psp) + " does not admit the pod.", List.copyOf(predicates(psp).values()));
    }

    /**
     * The CEL predicate for pods that may use any of the PSPs: true when some PSP admits the pod, as PSP admission
     * allowed a pod that any usable PSP admitted.
     */
    public CelPredicate anyOf(Collection<PodSecurityPolicy> psps) {
        List<PodSecurityPolicy> sorted = new ArrayList<>(psps);
        sorted.sort(Comparator.comparing(Psps::name));
        List<CelPredicate> each = sorted.stream().map(this::pspPredicate).toList();
        String names = String.join(", ", sorted.stream().map(p -> "'" + Psps.name(p) + "'").toList());
        return CelPredicate.or("The pod is admitted by none of the PSPs " + names + ".", each);
    }

    /** The tightest level all rules keep the PSP within, at the target version, with reasons and witnesses. */
    public PspLevel level(PodSecurityPolicy psp, Version target) {
        Version v = Objects.requireNonNull(target, "target");
        String name = Psps.name(psp);
        List<String> configErrors = configurationErrors(psp);
        List<PspLevel.Reason> reasons = new ArrayList<>();
        if (configErrors.isEmpty()) {
            Pod base = basePod(psp);
            for (PspRule rule : rules.all()) {
                Optional<PspRule.Block> baseline = rule.block(psp, Level.BASELINE, v);
                if (baseline.isPresent()) {
                    PspRule.Block b = baseline.get();
                    reasons.add(reason(psp, rule, b, Level.BASELINE, b.check(), base));
                    String restrictedCheck = checks.replacementFor(b.check(), Level.RESTRICTED, v)
                            .map(Check::id).orElse(b.check());
                    reasons.add(reason(psp, rule, b, Level.RESTRICTED, restrictedCheck, base));
                    continue;
                }
                Optional<PspRule.Block> restricted = rule.block(psp, Level.RESTRICTED, v);
                restricted.ifPresent(b -> reasons.add(reason(psp, rule, b, Level.RESTRICTED, b.check(), base)));
            }
        }
        reasons.sort(Comparator.comparing(PspLevel.Reason::rule).thenComparing(PspLevel.Reason::blocks));
        Level level = reasons.stream().anyMatch(r -> r.blocks() == Level.BASELINE) ? Level.PRIVILEGED
                : reasons.stream().anyMatch(r -> r.blocks() == Level.RESTRICTED) ? Level.BASELINE : Level.RESTRICTED;
        List<PspDefault> mutations = mutations(psp);
        List<String> mutatingFields = List.copyOf(new TreeSet<>(mutations.stream().map(PspDefault::field).toList()));
        return new PspLevel(name, level, v, reasons, mutatingFields, mutations, assumptions(level, v), configErrors);
    }

    /**
     * What the PSP restricts that PSS at the level and version does not enforce, one gap per rule, sorted by rule id;
     * empty when the PSP admits no pod (configuration errors).
     */
    public List<RuleGap> gaps(PodSecurityPolicy psp, Level level, Version target) {
        Objects.requireNonNull(level, "level");
        Version v = Objects.requireNonNull(target, "target");
        List<RuleGap> gaps = new ArrayList<>();
        if (!configurationErrors(psp).isEmpty()) {
            return List.of();
        }
        for (PspRule rule : rules.all()) {
            Optional<String> detail = restriction(rule, psp, level, v);
            Optional<Pod> witness = gapWitness(rule, psp, level, v);
            if (detail.isPresent() && witness.isPresent()) {
                List<String> fields = new ArrayList<>(rule.fields());
                fields.addAll(rule.annotations());
                gaps.add(new RuleGap(rule.id(), fields.stream().sorted().toList(), detail.get(),
                        witness.get().getMetadata(), witness.get().getSpec()));
            }
        }
        return List.copyOf(gaps);
    }

    /**
     * What one rule of the PSP restricts that PSS at the level and version does not enforce, as one sentence; empty
     * when the level enforces all of it (or the rule restricts nothing), or when the PSP admits no pod
     * (configuration errors). A restriction exists iff some pod passes PSS at the level and version and the rule
     * rejects it after the PSP's mutation (see {@link #gapWitness}).
     */
    public Optional<String> restriction(PspRule rule, PodSecurityPolicy psp, Level level, Version target) {
        List<String> texts = new ArrayList<>();
        for (Gaps.Part part : gapParts(rule, psp, level, target)) {
            if (witness(rule, psp, level, target, part).isPresent() && !texts.contains(part.text())) {
                texts.add(part.text());
            }
        }
        return texts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", texts) + ".");
    }

    /**
     * A small pod, as submitted (before mutation), that passes PSS at the level and version and that the rule of
     * this PSP rejects after the PSP's mutation; present exactly when {@link #restriction} is.
     */
    public Optional<Pod> gapWitness(PspRule rule, PodSecurityPolicy psp, Level level, Version target) {
        for (Gaps.Part part : gapParts(rule, psp, level, target)) {
            Optional<Pod> w = witness(rule, psp, level, target, part);
            if (w.isPresent()) {
                return w;
            }
        }
        return Optional.empty();
    }

    /** The rule's gap parts (rules that describe none have no gaps); none when the PSP admits no pod. */
    private List<Gaps.Part> gapParts(PspRule rule, PodSecurityPolicy psp, Level level, Version target) {
        Objects.requireNonNull(level, "level");
        Version v = Objects.requireNonNull(target, "target");
        if (!(rule instanceof AbstractRule r) || !configurationErrors(psp).isEmpty()) {
            return List.of();
        }
        return r.gapParts(psp, level, v);
    }

    /** The first probe of the part that, applied to the base pod, gives a gap witness. */
    private Optional<Pod> witness(PspRule rule, PodSecurityPolicy psp, Level level, Version target, Gaps.Part part) {
        for (java.util.function.Consumer<Pod> probe : part.probes()) {
            Pod pod = Gaps.basePod();
            probe.accept(pod);
            if (Gaps.inScope(pod.getMetadata(), pod.getSpec())
                    && pss.evaluate(pod.getMetadata(), pod.getSpec(), level, target).allowed()
                    && Gaps.rejects(rule, psp, pod)) {
                return Optional.of(pod);
            }
        }
        return Optional.empty();
    }

    /** Every mutation the PSP's rules make, sorted by rule, field and path. */
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        List<PspDefault> all = new ArrayList<>();
        for (PspRule rule : rules.all()) {
            all.addAll(rule.mutations(psp));
        }
        all.sort(Comparator.comparing(PspDefault::rule).thenComparing(PspDefault::field)
                .thenComparing(PspDefault::path));
        return List.copyOf(all);
    }

    private PspLevel.Reason reason(PodSecurityPolicy psp, PspRule rule, PspRule.Block block, Level blocks,
            String check, Pod base) {
        Pod candidate = Pods.copy(base);
        block.witness().accept(candidate);
        Admission admitted = admit(psp, candidate.getMetadata(), candidate.getSpec());
        // The witness as the API server stores it (seccomp annotations and fields in step), as PSA would judge it.
        Pod stored = PodCreate.stored(admitted.metadata(), admitted.spec());
        Witness witness = new Witness(stored.getMetadata(), stored.getSpec(), check);
        return new PspLevel.Reason(rule.id(), block.field(), block.value(), check, blocks, block.detail(), witness);
    }

    /**
     * The pod every level witness of the PSP is made from: each witness is this pod plus one offending change, so
     * this pod, as the PSP admits it, is every level witness's nearest admitted twin.
     */
    public Pod witnessBase(PodSecurityPolicy psp) {
        return basePod(psp);
    }

    /** The smallest pod that every rule lets through: one container, plus what some rules need set. */
    private Pod basePod(PodSecurityPolicy psp) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName("witness");
        PodSpec spec = new PodSpec();
        Container app = new Container();
        app.setName("app");
        app.setImage("registry.example/app:1.0");
        List<Container> containers = new ArrayList<>();
        containers.add(app);
        spec.setContainers(containers);
        Pod pod = Pods.copy(meta, spec);
        for (PspRule rule : rules.all()) {
            rule.prepare(psp, pod);
        }
        return pod;
    }

    /**
     * What PSP admission reads of a PSP: its spec and its seccomp and AppArmor profile annotations (not its name,
     * labels or other annotations). PSPs with equal contents admit and mutate every pod alike, so admission results
     * may be shared between them.
     */
    public static Object admissionContent(PodSecurityPolicy psp) {
        Map<String, String> a = Psps.annotations(psp);
        List<String> profiles = new ArrayList<>();
        for (String key : List.of(PspNames.SECCOMP_ALLOWED, PspNames.SECCOMP_DEFAULT, PspNames.APPARMOR_ALLOWED,
                PspNames.APPARMOR_DEFAULT)) {
            profiles.add(a.containsKey(key) ? "=" + a.get(key) : null);
        }
        return List.of(Optional.ofNullable(psp.getSpec()), profiles.stream().map(Optional::ofNullable).toList());
    }

    /**
     * PSP admission of one pod: the rules' defaults first, then each rule's validation of the mutated pod. The input
     * is never changed; the admission carries a mutated copy.
     */
    public Admission admit(PodSecurityPolicy psp, ObjectMeta podMetadata, PodSpec podSpec) {
        Pod pod = Pods.copy(podMetadata, podSpec);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        List<String> configErrors = new ArrayList<>();
        for (PspRule rule : rules.all()) {
            List<String> e = rule.configurationErrors(psp);
            if (!e.isEmpty()) {
                errors.put(rule.id(), e);
                configErrors.addAll(e);
            }
        }
        if (!configErrors.isEmpty()) {
            return new Admission(errors, pod.getMetadata(), pod.getSpec());
        }
        for (PspRule rule : rules.all()) {
            rule.mutate(psp, pod);
        }
        for (PspRule rule : rules.all()) {
            List<String> e = rule.validate(psp, pod);
            if (!e.isEmpty()) {
                errors.put(rule.id(), e);
            }
        }
        return new Admission(errors, pod.getMetadata(), pod.getSpec());
    }

    /** Every assumption that applies at the version, sorted by id. */
    public List<Assumption> assumptions(Version version) {
        return List.of(HOST_PROBES, POD_LEVEL_ROOT_OVERRIDDEN, RUN_AS_NON_ROOT_UNSET).stream()
                .filter(a -> version.atLeast(a.since()))
                .sorted(Comparator.comparing(Assumption::id)).toList();
    }

    /** The assumptions a PSP's level rests on: host probes from baseline up, the user ones at restricted. */
    public List<Assumption> assumptions(Level level, Version version) {
        return assumptions(version).stream()
                .filter(a -> level == Level.RESTRICTED || (level == Level.BASELINE && a == HOST_PROBES))
                .toList();
    }

    /** The assumptions a pod breaks, for checking workloads against a level. */
    public List<Assumption> assumptionsBrokenBy(ObjectMeta podMetadata, PodSpec podSpec, Version version) {
        Pod pod = Pods.copy(podMetadata, podSpec);
        List<Assumption> broken = new ArrayList<>();
        if (version.atLeast(HOST_PROBES.since()) && checks.byId("hostProbesAndHostLifecycle")
                .map(c -> !c.check(pod.getMetadata(), pod.getSpec(), version).allowed()).orElse(false)) {
            broken.add(HOST_PROBES);
        }
        PodSecurityContext sc = pod.getSpec().getSecurityContext();
        if (sc != null && ((sc.getRunAsUser() != null && sc.getRunAsUser() == 0L)
                || (sc.getRunAsNonRoot() != null && !sc.getRunAsNonRoot()))) {
            broken.add(POD_LEVEL_ROOT_OVERRIDDEN);
        }
        if (Pods.containers(pod).stream().anyMatch(c -> Pods.effectiveRunAsNonRoot(pod, c) == null)) {
            broken.add(RUN_AS_NON_ROOT_UNSET);
        }
        broken.sort(Comparator.comparing(Assumption::id));
        return List.copyOf(broken);
    }
}
