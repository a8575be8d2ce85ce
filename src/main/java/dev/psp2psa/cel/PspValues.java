package dev.psp2psa.cel;

import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Null-safe reads of a PSP, as the PSP rules read it. */
final class PspValues {

    private PspValues() {
    }

    static PodSecurityPolicySpec spec(PodSecurityPolicy psp) {
        return psp == null || psp.getSpec() == null ? new PodSecurityPolicySpec() : psp.getSpec();
    }

    static String name(PodSecurityPolicy psp) {
        return psp == null || psp.getMetadata() == null || psp.getMetadata().getName() == null ? ""
                : psp.getMetadata().getName();
    }

    static Map<String, String> annotations(PodSecurityPolicy psp) {
        if (psp == null || psp.getMetadata() == null || psp.getMetadata().getAnnotations() == null) {
            return Map.of();
        }
        return psp.getMetadata().getAnnotations();
    }

    /** A comma-separated annotation list, split as PSP does (empty items kept); empty when the key is absent. */
    static Optional<List<String>> annotationList(PodSecurityPolicy psp, String key) {
        Map<String, String> a = annotations(psp);
        if (!a.containsKey(key)) {
            return Optional.empty();
        }
        return Optional.of(Arrays.asList(str(a.get(key)).split(",", -1)));
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }

    static String str(String s) {
        return s == null ? "" : s;
    }

    static boolean isTrue(Boolean b) {
        return b != null && b;
    }

    /** The message prefix naming the PSP. */
    static String psp(PodSecurityPolicy psp) {
        return "PSP '" + name(psp) + "'";
    }

    /**
     * The condition that the integer CEL expression {@code v} lies in one of the inclusive ranges (min, max), as
     * PSP's range check: ranges with min above max admit nothing; overlapping and adjacent ranges are merged, sorted.
     */
    static String inRanges(String v, List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges.stream().filter(r -> r[0] <= r[1]).toList());
        sorted.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new long[] {r[0], r[1]});
            }
        }
        return PodCel.or(merged.stream()
                .map(r -> r[0] == r[1] ? v + " == " + r[0] : v + " >= " + r[0] + " && " + v + " <= " + r[1])
                .toList());
    }

    /** The ranges as text, such as {@code 1-100, 200}. */
    static String rangesText(List<long[]> ranges) {
        if (ranges.isEmpty()) {
            return "no range";
        }
        return String.join(", ", ranges.stream().map(r -> r[0] == r[1] ? Long.toString(r[0]) : r[0] + "-" + r[1])
                .toList());
    }
}
