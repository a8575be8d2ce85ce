package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * PSP admission's choice for one pod among the PSPs usable for it, and whether the API server then created the pod:
 * {@code computeSecurityContext} in {@code plugin/pkg/admission/security/podsecuritypolicy/admission.go} (1.23/1.24)
 * tries the PSPs in name order; the first that admits the pod <em>unchanged</em> wins; when none does, the first that
 * admits it after mutating it wins; when none admits it, the pod is rejected with every PSP's errors. The chosen
 * PSP's pod then goes through the registry's {@code PrepareForCreate} and API validation ({@link PodCreate}), which
 * may still reject it.
 *
 * @param psp       the PSP that admitted the pod, or {@code null} when none did
 * @param admission the chosen PSP's admission (its mutated pod), or {@code null} when none admitted the pod
 * @param mutated   whether the chosen PSP changed the pod (no PSP admitted it unchanged)
 * @param apiErrors the API validation errors of the pod the chosen PSP produced (the pod is then not created)
 * @param denials   each PSP's errors, as {@code psp: rule: error}, when no PSP admitted the pod
 */
public record PspChoice(String psp, Admission admission, boolean mutated, List<String> apiErrors,
        List<String> denials) {

    public PspChoice {
        apiErrors = List.copyOf(apiErrors);
        denials = List.copyOf(denials);
    }

    /** Whether the pod was created: a PSP admitted it and the API server accepted what that PSP made of it. */
    public boolean created() {
        return psp != null && apiErrors.isEmpty();
    }

    /**
     * The choice among the named PSPs (sorted by name here, whatever the order given) for a pod as it reaches PSP
     * admission ({@link PodCreate#beforePsp}); {@code admit} runs one PSP's admission of it.
     */
    public static PspChoice choose(Collection<String> usable, Function<String, Admission> admit, ObjectMeta metadata,
            PodSpec spec) {
        String firstMutating = null;
        Admission firstMutated = null;
        List<String> denials = new ArrayList<>();
        for (String name : new TreeSet<>(usable)) {
            Admission a = admit.apply(name);
            if (a == null) {
                continue;
            }
            if (!a.allowed()) {
                a.allErrors().forEach(e -> denials.add(name + ": " + e));
                continue;
            }
            if (AdmissionDiff.unchanged(metadata, spec, a)) {
                return chosen(name, a, false);
            }
            if (firstMutating == null) {
                firstMutating = name;
                firstMutated = a;
            }
        }
        if (firstMutating != null) {
            return chosen(firstMutating, firstMutated, true);
        }
        return new PspChoice(null, null, false, List.of(), denials);
    }

    private static PspChoice chosen(String psp, Admission a, boolean mutated) {
        Pod stored = PodCreate.stored(a.metadata(), a.spec());
        return new PspChoice(psp, a, mutated, PodCreate.validate(stored), List.of());
    }

    /** The pod as the API server stores it: the chosen PSP's pod after {@link PodCreate#prepareForCreate}. */
    public Pod stored() {
        if (admission == null) {
            throw new IllegalStateException("no PSP admitted the pod");
        }
        return PodCreate.stored(admission.metadata(), admission.spec());
    }
}
