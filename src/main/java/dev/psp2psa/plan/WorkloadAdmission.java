package dev.psp2psa.plan;

import dev.psp2psa.psp.Admission;
import dev.psp2psa.psp.AdmissionDiff;
import dev.psp2psa.psp.AdmissionView;
import dev.psp2psa.psp.PodCreate;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspChoice;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PSP admission of the workloads' pods along the request path of {@link PodCreate} (ServiceAccount admission, PSP's
 * choice among the usable PSPs, API validation), memoised by view, token mount and PSP content: many pods share a
 * view, many PSPs a content. Safe for the namespaces planned in parallel.
 */
final class WorkloadAdmission {

    /**
     * PSP admission's outcome for a view and a set of usable PSPs: created unchanged, created after a PSP's mutation
     * (the fields it set, {@link AdmissionDiff#storedChanges}), or not created (no PSP admitted the pod, or the API
     * server rejected what the chosen PSP made of it: {@code apiErrors}); {@code denials} are each PSP's errors
     * ({@code psp: rule: error}) when none admitted it. {@code stored} is the Pod Security Standards verdict of the
     * pod as PSP created it, when PSP mutated it (else {@code null}: the pod as submitted is the pod created): what
     * the pod passes once the fields PSP set are added to it.
     */
    record Outcome(boolean admitted, String psp, List<AdmissionDiff.Change> changes, List<String> apiErrors,
            List<String> denials, PodDigest.Verdict stored) {
    }

    /**
     * A pod's view, whether ServiceAccount admission mounts the token, and the content of a PSP
     * ({@link PspAnalyzer#admissionContent}, numbered): what decides whether the PSP admits the pod and how it mutates
     * it. Views are interned by their digester, so the key compares them by identity (cheap); equal views from
     * another digester only miss.
     */
    private record ViewByPsp(AdmissionView view, boolean token, int content) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ViewByPsp k && k.view == view && k.token == token && k.content == content;
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(view) * 31 + content) * 2 + (token ? 1 : 0);
        }
    }

    /** A view, its token mount and the usable PSPs: what decides the outcome. */
    private record ViewByUsable(AdmissionView view, boolean token, SortedSet<String> usable) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ViewByUsable k && k.view == view && k.token == token && k.usable.equals(usable);
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(view) * 31 + usable.hashCode()) * 2 + (token ? 1 : 0);
        }
    }

    private final PspAnalyzer analyzer;
    private final PspLevels psps;
    private final Map<ViewByPsp, Admission> admissions = new ConcurrentHashMap<>();
    private final Map<ViewByUsable, Outcome> outcomes = new ConcurrentHashMap<>();

    private final PodSecurityEvaluator evaluator;
    private final Version target;

    WorkloadAdmission(PspAnalyzer analyzer, PspLevels psps, PodSecurityEvaluator evaluator, Version target) {
        this.analyzer = analyzer;
        this.psps = psps;
        this.evaluator = evaluator;
        this.target = target;
    }

    /**
     * PSP admission of a view by the usable PSPs ({@link PspChoice}), after ServiceAccount admission with the
     * ServiceAccount's {@code automountServiceAccountToken} ({@code null} when the input does not set it).
     */
    Outcome admit(AdmissionView view, SortedSet<String> usable, Boolean accountAutomount) {
        boolean token = PodCreate.automounts(view.spec(), accountAutomount);
        return outcomes.computeIfAbsent(new ViewByUsable(view, token, usable), k -> {
            Pod pod = PodCreate.beforePsp(view.metadata(), view.spec(), token);
            PspChoice choice = PspChoice.choose(usable, psp -> admissions.computeIfAbsent(
                    new ViewByPsp(view, token, psps.content(psp)),
                    key -> analyzer.admit(psps.psps().get(psp).object(), pod.getMetadata(), pod.getSpec())),
                    pod.getMetadata(), pod.getSpec());
            if (choice.psp() == null) {
                return new Outcome(false, null, List.of(), List.of(), choice.denials(), null);
            }
            List<AdmissionDiff.Change> changes = choice.mutated()
                    ? AdmissionDiff.storedChanges(pod.getMetadata(), pod.getSpec(), choice.admission()) : List.of();
            PodDigest.Verdict stored = changes.isEmpty() || !choice.created() ? null
                    : WorkloadDigests.verdict(evaluator, choice.stored(), target);
            return new Outcome(choice.created(), choice.psp(), changes, choice.apiErrors(), List.of(), stored);
        });
    }
}
