package dev.psp2psa.inventory;

import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a migration directory (the output of {@code psp2psa convert}) enforces: the PSA enforce label of each labelled
 * namespace, the defaults for the others, the namespaces exempt from PSA, and the CEL policies of every engine found.
 *
 * @param directory the directory as the user named it
 * @param labels    the enforce label (level and pinned version) of each labelled namespace
 * @param defaults  the enforce level and version of namespaces without labels (the admission configuration's)
 * @param exempt    the namespaces the admission configuration exempts from PSA
 * @param engines   the policy engines whose directories are present, sorted (their policies may be empty)
 * @param policies  every policy of every engine, in file order
 * @param writtenFor the cluster version {@code convert} wrote the directory for (its report.json), or null
 * @param mutators  the Gatekeeper mutators of {@code gatekeeper/mutations/}, which run before PSA and every policy
 * @param kyvernoMutations the Kyverno mutate rules of {@code kyverno-mutations/}, which run before them too
 * @param exemptRuntimeClasses the runtime classes the admission configuration exempts from PSA
 * @param exemptUsernames the usernames it exempts (whose requests PSA does not check)
 * @param celMutations the MutatingAdmissionPolicies of {@code vap-mutations/} and the Kyverno MutatingPolicies of
 *                  {@code kyverno-mutations/}, which run before them too
 */
public record PolicySet(String directory, SortedMap<String, PsaLabel> labels, PsaLabel defaults,
        SortedSet<String> exempt, List<String> engines, List<CelPolicy> policies, Version writtenFor,
        List<Mutator> mutators, List<KyvernoMutation> kyvernoMutations, List<CelMutation> celMutations,
        SortedSet<String> exemptRuntimeClasses, SortedSet<String> exemptUsernames) {

    public PolicySet {
        labels = new TreeMap<>(labels);
        exempt = new TreeSet<>(exempt);
        engines = List.copyOf(new TreeSet<>(engines));
        policies = List.copyOf(policies);
        mutators = List.copyOf(mutators);
        kyvernoMutations = List.copyOf(kyvernoMutations);
        celMutations = List.copyOf(celMutations);
        exemptRuntimeClasses = new TreeSet<>(exemptRuntimeClasses);
        exemptUsernames = new TreeSet<>(exemptUsernames);
    }

    public PolicySet(String directory, SortedMap<String, PsaLabel> labels, PsaLabel defaults,
            SortedSet<String> exempt, List<String> engines, List<CelPolicy> policies, Version writtenFor) {
        this(directory, labels, defaults, exempt, engines, policies, writtenFor, List.of(), List.of(), List.of(),
                new TreeSet<>(), new TreeSet<>());
    }

    public PolicySet(String directory, SortedMap<String, PsaLabel> labels, PsaLabel defaults,
            SortedSet<String> exempt, List<String> engines, List<CelPolicy> policies) {
        this(directory, labels, defaults, exempt, engines, policies, null);
    }

    /**
     * What the directory enforces on a cluster of this version that runs these engines: PSA evaluates a version
     * newer than its own (and {@code latest}) as its own, so every pin is capped at the cluster version; the policies
     * of engines the cluster cannot run are left out, and so are the Gatekeeper mutators when it runs no Gatekeeper and the
     * Kyverno mutate rules when it runs no Kyverno; a CEL mutation policy is kept when {@code runs} holds its engine and
     * {@code kind@apiVersion} (the cluster serves that MutatingAdmissionPolicy version, its Kyverno runs MutatingPolicy).
     */
    public PolicySet onCluster(Version cluster, java.util.Set<String> runs) {
        SortedMap<String, PsaLabel> capped = new TreeMap<>();
        labels.forEach((ns, l) -> capped.put(ns, l.cappedAt(cluster)));
        return new PolicySet(directory, capped, defaults.cappedAt(cluster), exempt,
                engines.stream().filter(runs::contains).toList(),
                policies.stream().filter(p -> runs.contains(p.engine())).toList(), writtenFor,
                runs.contains("gatekeeper") ? mutators : List.of(),
                runs.contains("kyverno") ? kyvernoMutations : List.of(),
                celMutations.stream().filter(m -> runs.contains(m.engine())
                        && runs.contains(m.kind() + "@" + m.apiVersion())).toList(), exemptRuntimeClasses,
                exemptUsernames);
    }

    /** The directory with one engine's policies and mutations only: the engine a cluster applies from it. */
    public PolicySet onlyEngine(String engine) {
        return new PolicySet(directory, labels, defaults, exempt, engines.stream().filter(engine::equals).toList(),
                policies.stream().filter(p -> p.engine().equals(engine)).toList(), writtenFor,
                engine.equals("gatekeeper") ? mutators : List.of(),
                engine.equals("kyverno") ? kyvernoMutations : List.of(),
                celMutations.stream().filter(m -> m.engine().equals(engine)).toList(), exemptRuntimeClasses,
                exemptUsernames);
    }

    /** Whether the directory mutates pods before PSA and the policies. */
    public boolean mutates() {
        return !mutators.isEmpty() || !kyvernoMutations.isEmpty() || !celMutations.isEmpty();
    }

    /** The enforce label that applies in the namespace, or empty when the namespace is exempt from PSA. */
    public Optional<PsaLabel> enforce(String namespace) {
        if (exempt.contains(namespace)) {
            return Optional.empty();
        }
        return Optional.of(labels.getOrDefault(namespace, defaults));
    }

    /** A {@code pod-security.kubernetes.io/enforce} level and its {@code -version}. */
    public record PsaLabel(Level level, Version version) {

        /** The label as a cluster of this version evaluates it. */
        public PsaLabel cappedAt(Version cluster) {
            return version.compareTo(cluster) > 0 ? new PsaLabel(level, cluster) : this;
        }

        @Override
        public String toString() {
            return level.id() + ":" + version;
        }
    }

    /**
     * One policy of one engine: its CEL validations, and whether a failing validation denies the pod (VAP
     * {@code Deny}, Kyverno {@code Enforce}) or only warns or audits.
     */
    public record CelPolicy(String engine, String name, String source, boolean enforcing,
            List<CelValidation> validations) {

        public CelPolicy {
            validations = List.copyOf(validations);
        }
    }

    /**
     * One CEL validation over a pod ({@code object}), the namespaces it applies to, and its message: a fixed
     * {@code message} or a CEL string {@code messageExpression} (either may be null).
     */
    public record CelValidation(String rule, Scope scope, String expression, String message,
            String messageExpression) {
    }

    /** The namespaces a validation applies to: all of them but the excluded ones, or the listed ones. */
    public record Scope(boolean all, SortedSet<String> namespaces, SortedSet<String> excluded) {

        public Scope {
            namespaces = new TreeSet<>(namespaces);
            excluded = new TreeSet<>(excluded);
        }

        public static Scope everywhere() {
            return new Scope(true, new TreeSet<>(), new TreeSet<>());
        }

        public static Scope of(java.util.Collection<String> names) {
            return new Scope(false, new TreeSet<>(names), new TreeSet<>());
        }

        /** Every namespace except these. */
        public static Scope allBut(java.util.Collection<String> names) {
            return new Scope(true, new TreeSet<>(), new TreeSet<>(names));
        }

        public boolean covers(String namespace) {
            return (all || namespaces.contains(namespace)) && !excluded.contains(namespace);
        }
    }

    /** Convenience for tests and readers: the labels as a map of namespace to level. */
    public Map<String, Level> levels() {
        Map<String, Level> out = new TreeMap<>();
        labels.forEach((ns, l) -> out.put(ns, l.level()));
        return out;
    }
}
