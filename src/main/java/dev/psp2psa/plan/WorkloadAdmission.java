package dev.psp2psa.plan;

import dev.psp2psa.psp.Admission;
import dev.psp2psa.psp.AdmissionDiff;
import dev.psp2psa.psp.AdmissionView;
import dev.psp2psa.psp.PspAnalyzer;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PSP admission of the workloads' pods, memoised by view and PSP content: many pods share a view, many PSPs a content.
 * Safe for the namespaces planned in parallel.
 */
final class WorkloadAdmission {

    /**
     * PSP admission's outcome for a view and a set of usable PSPs: admitted unchanged, mutated by a PSP (its
     * changes), or admitted by none.
     */
    record Outcome(boolean admitted, String psp, List<AdmissionDiff.Change> changes) {
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

    /** One PSP's admission of a view: whether it admits it, and the fields it sets or changes. */
    private record PspOutcome(boolean allowed, List<AdmissionDiff.Change> changes) {
    }

    private final PspAnalyzer analyzer;
    private final PspLevels psps;
    private final Map<ViewByPsp, PspOutcome> outcomes = new ConcurrentHashMap<>();

    WorkloadAdmission(PspAnalyzer analyzer, PspLevels psps) {
        this.analyzer = analyzer;
        this.psps = psps;
    }

    /**
     * PSP admission of a view by the usable PSPs. PSP admission prefers, in name order, a PSP that admits the pod
     * unchanged; only when none does it mutates the pod with the first PSP (in name order) that admits it.
     */
    Outcome admit(AdmissionView view, SortedSet<String> usable) {
        List<AdmissionDiff.Change> firstChanges = null;
        String firstPsp = null;
        for (String psp : usable) {
            PspOutcome o = outcomes.computeIfAbsent(new ViewByPsp(view, psps.content(psp)), k -> {
                Admission a = analyzer.admit(psps.psps().get(psp).object(), view.metadata(), view.spec());
                return new PspOutcome(a.allowed(),
                        a.allowed() ? AdmissionDiff.changes(view.metadata(), view.spec(), a) : List.of());
            });
            if (!o.allowed()) {
                continue;
            }
            if (o.changes().isEmpty()) {
                return new Outcome(true, psp, List.of());
            }
            if (firstChanges == null) {
                firstChanges = o.changes();
                firstPsp = psp;
            }
        }
        if (firstChanges == null) {
            return new Outcome(false, null, List.of());
        }
        return new Outcome(true, firstPsp, firstChanges.stream()
                .filter(c -> !AdmissionDiff.isSyncedSeccompAnnotation(c.path())).toList());
    }
}
