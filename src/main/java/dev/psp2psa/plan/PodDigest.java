package dev.psp2psa.plan;

import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.psp.AdmissionView;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import java.util.Set;

/**
 * What the plan needs of a pod or pod template, computed as it is read: its Pod Security Standards verdict at the
 * target version and the view PSP admission has of it. Verdicts and views are shared by all pods that have equal
 * ones ({@link WorkloadDigests} interns them), so a pod costs little more than its name.
 *
 * @param view the pod as PSP admission sees it; {@code null} for a workload without a pod template
 */
public record PodDigest(String kind, String namespace, String name, Source source, String serviceAccount,
        Version target, Verdict verdict, AdmissionView view) implements WorkloadDigest {

    @Override
    public boolean sameContent(WorkloadDigest other) {
        return other instanceof PodDigest p && kind.equals(p.kind) && namespace.equals(p.namespace)
                && name.equals(p.name) && java.util.Objects.equals(serviceAccount, p.serviceAccount)
                && target.equals(p.target) && verdict.equals(p.verdict) && java.util.Objects.equals(view, p.view);
    }

    /**
     * The pod's Pod Security Standards verdict: the tightest level that admits it and the ids of the checks it fails
     * at baseline and at restricted.
     */
    public record Verdict(Level tightest, Set<String> baselineFailures, Set<String> restrictedFailures) {

        public Verdict {
            baselineFailures = Set.copyOf(baselineFailures);
            restrictedFailures = Set.copyOf(restrictedFailures);
        }

        /**
         * This verdict of a pod's {@link AdmissionView} (which PSP mutated), with the checks the view cannot see
         * ({@code unseen}: they read fields PSP admission never reads or writes, such as probe hosts) taken from the
         * verdict of the whole pod as submitted: the verdict of the whole pod with PSP's changes.
         */
        public Verdict withUnseen(Verdict submitted, Set<String> unseen) {
            Set<String> baseline = new java.util.TreeSet<>(baselineFailures);
            Set<String> restricted = new java.util.TreeSet<>(restrictedFailures);
            baseline.removeAll(unseen);
            restricted.removeAll(unseen);
            submitted.baselineFailures.stream().filter(unseen::contains).forEach(baseline::add);
            submitted.restrictedFailures.stream().filter(unseen::contains).forEach(restricted::add);
            Level tightest = restricted.isEmpty() ? Level.RESTRICTED
                    : baseline.isEmpty() ? Level.BASELINE : Level.PRIVILEGED;
            return new Verdict(tightest, baseline, restricted);
        }

        /** The ids of the checks failed at the level; none at privileged. */
        public Set<String> failures(Level level) {
            return switch (level) {
                case BASELINE -> baselineFailures;
                case RESTRICTED -> restrictedFailures;
                default -> Set.of();
            };
        }
    }
}
