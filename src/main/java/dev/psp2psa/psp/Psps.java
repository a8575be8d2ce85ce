package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Null-safe reads of a PodSecurityPolicy, with the API server's defaults applied. */
final class Psps {

    private Psps() {
    }

    static PodSecurityPolicySpec spec(PodSecurityPolicy psp) {
        return psp == null || psp.getSpec() == null ? new PodSecurityPolicySpec() : psp.getSpec();
    }

    /** The PSP's name, {@code ""} when absent. */
    static String name(PodSecurityPolicy psp) {
        return psp == null || psp.getMetadata() == null ? "" : Nulls.str(psp.getMetadata().getName());
    }

    /** The PSP as messages name it: {@code PSP 'name'}. */
    static String named(PodSecurityPolicy psp) {
        return "PSP '" + name(psp) + "'";
    }

    static Map<String, String> annotations(PodSecurityPolicy psp) {
        if (psp == null || psp.getMetadata() == null || psp.getMetadata().getAnnotations() == null) {
            return Map.of();
        }
        return psp.getMetadata().getAnnotations();
    }

    /** The list without {@code null} items. */
    static <T> List<T> list(List<T> list) {
        if (list == null) {
            return List.of();
        }
        return list.stream().filter(Objects::nonNull).toList();
    }

    static List<String> strings(List<String> list) {
        return list(list);
    }

    /** {@code allowPrivilegeEscalation}, which the API server defaults to true. */
    static boolean allowPrivilegeEscalation(PodSecurityPolicy psp) {
        Boolean b = spec(psp).getAllowPrivilegeEscalation();
        return b == null || b;
    }

    static long min(IDRange r) {
        return r.getMin() == null ? 0L : r.getMin();
    }

    static long max(IDRange r) {
        return r.getMax() == null ? 0L : r.getMax();
    }

    static boolean inRanges(long id, List<IDRange> ranges) {
        for (IDRange r : list(ranges)) {
            if (id >= min(r) && id <= max(r)) {
                return true;
            }
        }
        return false;
    }

    /** As Go's {@code %v} of a range list: {@code [{1 100} {200 300}]}. */
    static String rangesText(List<IDRange> ranges) {
        return list(ranges).stream().map(r -> "{" + min(r) + " " + max(r) + "}")
                .collect(Collectors.joining(" ", "[", "]"));
    }

    static String text(List<String> values) {
        return "[" + String.join(",", new ArrayList<>(values)) + "]";
    }

    /** A profile allow-list annotation split on commas as PSP splits it; empty when the annotation is absent. */
    static java.util.Optional<List<String>> profileNames(PodSecurityPolicy psp, String key) {
        Map<String, String> a = annotations(psp);
        if (!a.containsKey(key)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.util.Arrays.asList(Nulls.str(a.get(key)).split(",", -1)));
    }

    /** An annotation of the PSP, {@code ""} when absent. */
    static String annotation(PodSecurityPolicy psp, String key) {
        return Nulls.str(annotations(psp).get(key));
    }
}
