package dev.psp2psa.plan;

import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.pss.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recommendation checked against every given workload (DESIGN §4.4): the level is lowered where a workload PSP
 * admits would fail it even with the fields PSP set, and the workloads denied as they are (until their fields to
 * add are set) are named. Pure.
 */
final class WorkloadChecks {

    private WorkloadChecks() {
    }

    /**
     * The recommended level checked against every given workload that PSP admits today: a workload that fails the
     * level even as PSP created it (with the fields PSP set) fails a check no usable PSP restricted (such as
     * {@code hostProbesAndHostLifecycle}, v1.34+), so the level is lowered to the tightest one all of them pass, and
     * the assumptions say why. The gap policies keep every PSP restriction below it.
     */
    static Level keepWorkloads(Level enforce, List<PodDigest> workloads, List<String> names,
            List<WorkloadAdmission.Outcome> outcomes, List<String> assumptions) {
        Level kept = enforce;
        List<String> failing = new ArrayList<>();
        for (int i = 0; i < workloads.size(); i++) {
            WorkloadAdmission.Outcome o = outcomes.get(i);
            if (o == null || !o.admitted()) {
                continue;
            }
            PodDigest.Verdict submitted = workloads.get(i).verdict();
            // The view PSP admission mutated has no probes: their check is the submitted pod's (PSP never sets them).
            PodDigest.Verdict v = o.stored() == null ? submitted
                    : o.stored().withUnseen(submitted, Set.copyOf(PspAnalyzer.HOST_PROBES.checks()));
            if (enforce.tighterThan(v.tightest())) {
                failing.add(names.get(i) + " (" + String.join(", ", new TreeSet<>(v.failures(enforce))) + ")");
                kept = v.tightest().tighterThan(kept) ? kept : v.tightest();
            }
        }
        if (kept != enforce) {
            assumptions.add("Enforce is " + kept.id() + ", not " + enforce.id() + ": " + firstAndMore(failing, 3)
                    + (failing.size() == 1 ? " fails " : " fail ") + enforce.id() + " even with the fields PSP set, "
                    + "and PSP admits " + (failing.size() == 1 ? "it" : "them") + "; make "
                    + (failing.size() == 1 ? "it" : "them") + " pass " + enforce.id() + " to enforce it. The gap "
                    + "policies keep the PSPs' restrictions.");
        }
        return kept;
    }

    /** The first {@code n} items joined, and how many more. */
    private static String firstAndMore(List<String> items, int n) {
        String shown = String.join(", ", items.subList(0, Math.min(n, items.size())));
        return items.size() <= n ? shown : shown + " and " + (items.size() - n) + " more";
    }

    /**
     * The given workloads PSP admits today that the recommended labels and gap policies deny as they are: those whose
     * pods PSP changed (no usable PSP admits them unchanged, so some policy or the level denies them until the fields
     * are added) and those that fail the enforce level as submitted.
     */
    static List<WorkloadDenial> denials(Level enforce, List<PodDigest> workloads, List<String> names,
            List<WorkloadAdmission.Outcome> outcomes) {
        List<WorkloadDenial> out = new ArrayList<>();
        for (int i = 0; i < workloads.size(); i++) {
            WorkloadAdmission.Outcome o = outcomes.get(i);
            if (o == null || !o.admitted()) {
                continue;
            }
            List<String> checks = List.copyOf(new TreeSet<>(workloads.get(i).verdict().failures(enforce)));
            int required = (int) o.changes().stream().filter(dev.psp2psa.psp.AdmissionDiff.Change::required).count();
            if (!checks.isEmpty() || required > 0) {
                out.add(new WorkloadDenial(names.get(i), checks, required));
            }
        }
        return out;
    }
}
