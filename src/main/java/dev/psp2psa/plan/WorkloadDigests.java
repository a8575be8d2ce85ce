package dev.psp2psa.plan;

import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import dev.psp2psa.psp.AdmissionView;
import dev.psp2psa.psp.PodCreate;
import dev.psp2psa.pss.Evaluation;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import dev.psp2psa.pss.Violation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Digests pods and pod templates for the plan as they are read ({@link PodDigest}): evaluates them against the Pod
 * Security Standards at the target version and keeps their {@link AdmissionView}, sharing equal verdicts and views
 * between pods. Thread-safe; one instance per run.
 */
public final class WorkloadDigests implements WorkloadDigester {

    private final PodSecurityEvaluator evaluator;
    private final Version target;
    private final ConcurrentHashMap<PodDigest.Verdict, PodDigest.Verdict> verdicts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AdmissionView, AdmissionView> views = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PodDigest> templates = new ConcurrentHashMap<>();

    public WorkloadDigests(PodSecurityEvaluator evaluator, Version target) {
        this.evaluator = evaluator;
        this.target = target;
    }

    /** Digests for a plan at the target version, with the standard checks. */
    public static WorkloadDigests standard(Version target) {
        return new WorkloadDigests(PodSecurityEvaluator.standard(), target);
    }

    public Version target() {
        return target;
    }

    @Override
    public Optional<WorkloadDigest> digest(Sourced<? extends HasMetadata> object) {
        return Workload.of(object).map(this::digest);
    }

    /** The digest of one pod or pod template. */
    public PodDigest digest(Workload w) {
        // PSA judges the pod as the API server creates it: defaulted, seccomp annotations and fields in step.
        Pod created = PodCreate.created(w.podMetadata(), w.podSpec());
        PodDigest.Verdict verdict = verdicts.computeIfAbsent(verdict(evaluator, created, target), v -> v);
        AdmissionView view = null;
        if (w.podSpec() != null) {
            // PSP sees the pod defaulted, before the seccomp copy.
            Pod defaulted = PodCreate.defaultsChange(w.podSpec()) ? PodCreate.defaults(w.podMetadata(), w.podSpec())
                    : null;
            AdmissionView v = defaulted == null ? AdmissionView.of(w.podMetadata(), w.podSpec())
                    : AdmissionView.of(defaulted.getMetadata(), defaulted.getSpec());
            view = views.computeIfAbsent(v, k -> k);
        }
        Source source = new Source(intern(w.source().file()), w.source().line());
        return new PodDigest(intern(w.kind()), intern(w.namespace()), w.name(), source, intern(w.serviceAccount()),
                target, verdict, view);
    }

    /**
     * Digests read the seccomp and AppArmor annotations and nothing else of a pod's metadata but its name and
     * namespace; of its spec everything but the node name, host name and images (no check and no PSP rule reads
     * them), and volume names only to tell volumes apart.
     */
    @Override
    public boolean readsAnnotation(String key) {
        return AdmissionView.isSecurityAnnotation(key);
    }

    @Override
    public Optional<WorkloadDigest> digestLike(String podKey, String namespace, String name, Source source) {
        PodDigest like = templates.get(podKey);
        if (like == null) {
            return Optional.empty();
        }
        String ns = namespace == null || namespace.isEmpty() ? Workload.DEFAULT_NAMESPACE : namespace;
        return Optional.of(new PodDigest(like.kind(), intern(ns), name, new Source(intern(source.file()),
                source.line()), like.serviceAccount(), target, like.verdict(), like.view()));
    }

    @Override
    public void remember(String podKey, WorkloadDigest digest) {
        if (digest instanceof PodDigest d && "Pod".equals(d.kind())) {
            templates.putIfAbsent(podKey, d);
        }
    }

    /** The Pod Security Standards verdict of a pod as the API server creates it, at the version. */
    static PodDigest.Verdict verdict(PodSecurityEvaluator evaluator, Pod created, Version target) {
        Evaluation baseline = evaluator.evaluate(created.getMetadata(), created.getSpec(), Level.BASELINE, target);
        Evaluation restricted = evaluator.evaluate(created.getMetadata(), created.getSpec(), Level.RESTRICTED,
                target);
        Level tightest = restricted.allowed() ? Level.RESTRICTED
                : baseline.allowed() ? Level.BASELINE : Level.PRIVILEGED;
        return new PodDigest.Verdict(tightest, checks(baseline), checks(restricted));
    }

    private static Set<String> checks(Evaluation e) {
        return e.violations().stream().map(Violation::check).collect(Collectors.toCollection(TreeSet::new));
    }

    private String intern(String s) {
        return s == null ? null : strings.computeIfAbsent(s, k -> k);
    }
}
