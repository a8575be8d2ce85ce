package dev.psp2psa.policy;

import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspDefault;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The defaults a mutation may restore for a group of pods that may use several PSPs: those every one of the PSPs sets
 * alike. PSP admission gave each pod the defaults of the PSP that admitted it (the first that admits it unchanged,
 * else the first that admits it after mutation, by name); a default all of them set alike is one every admitted pod
 * got wherever it left the field unset, whichever PSP admitted it. A default some of them set differently, or not at
 * all, depended on which PSP admitted the pod, so no mutation can restore it: the workloads must set it themselves
 * (the report's fields to add).
 *
 * @param agreed    the defaults every PSP sets alike, in the first PSP's order
 * @param disagreed the pod fields of the other defaults, sorted
 */
public record AgreedDefaults(List<PspDefault> agreed, List<String> disagreed) {

    public AgreedDefaults {
        agreed = List.copyOf(agreed);
        disagreed = List.copyOf(disagreed);
    }

    public static AgreedDefaults of(Collection<String> pspNames, Map<String, PodSecurityPolicy> psps,
            PspAnalyzer analyzer) {
        List<List<PspDefault>> each = new ArrayList<>();
        for (String name : new TreeSet<>(pspNames)) {
            each.add(analyzer.mutations(psps.get(name)));
        }
        if (each.isEmpty()) {
            return new AgreedDefaults(List.of(), List.of());
        }
        List<PspDefault> agreed = new ArrayList<>();
        SortedSet<String> disagreed = new TreeSet<>();
        for (List<PspDefault> defaults : each) {
            for (PspDefault d : defaults) {
                boolean everywhere = each.stream().allMatch(l -> l.stream().anyMatch(o -> o.toString()
                        .equals(d.toString())));
                if (!everywhere) {
                    disagreed.add(d.path());
                } else if (defaults == each.get(0)) {
                    agreed.add(d);
                }
            }
        }
        return new AgreedDefaults(agreed, List.copyOf(disagreed));
    }

    /**
     * The sentence that names the defaults left out, for the notes of {@code convert}: who, where, which PSPs, which
     * fields; null when none is.
     */
    public String leftOut(String where, Collection<String> pspNames) {
        if (disagreed.isEmpty()) {
            return null;
        }
        return where + ": the usable PSPs " + String.join(", ", new TreeSet<>(pspNames)) + " set different defaults for "
                + String.join(", ", disagreed.stream().map(AgreedDefaults::shortName).toList())
                + ", so no mutation restores them; the workloads must set them (fields to add).";
    }

    /**
     * Where a webhook mutation (Kyverno, Gatekeeper) writes a default: the container run-as fields at the pod level.
     * PSP set a container's {@code runAsUser}, {@code runAsGroup} or {@code runAsNonRoot} only where neither the
     * container nor the pod set it ({@code DefaultContainerSecurityContext}); an add-if-absent on each container would
     * also override a value the pod-level context sets, and neither Kyverno's anchors nor Gatekeeper's path tests can
     * look at the pod level from a container. Written at the pod level where the pod sets none, the default is the
     * effective value of exactly the containers that set none, as with PSP. (For {@code runAsNonRoot}, a pod that sets
     * a user ID but not {@code runAsNonRoot} gets it too, where PSP left it unset: a non-zero ID passes either way and
     * ID 0 is denied either way.) Other paths are unchanged.
     */
    public static String webhookPath(String path) {
        for (String field : List.of("runAsUser", "runAsGroup", "runAsNonRoot")) {
            if (path.equals("spec.containers[*].securityContext." + field)) {
                return "spec.securityContext." + field;
            }
        }
        return path;
    }

    /** A default's field as people name it: {@code runAsUser}, {@code capabilities.drop}, the AppArmor annotation. */
    static String shortName(String path) {
        if (path.startsWith("metadata.annotations[container.apparmor")) {
            return "the AppArmor annotation";
        }
        if (path.startsWith("metadata.annotations[seccomp")) {
            return "the seccomp annotation";
        }
        for (String prefix : List.of("spec.containers[*].securityContext.", "spec.securityContext.", "spec.")) {
            if (path.startsWith(prefix)) {
                return path.substring(prefix.length());
            }
        }
        return path;
    }
}
