package dev.psp2psa.psp;

import static dev.psp2psa.cel.PodCel.POD_SC;
import static dev.psp2psa.cel.PodCel.SPEC;
import static dev.psp2psa.cel.PodCel.has;

import dev.psp2psa.cel.PodCel;
import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The CEL the ID rules share (runAsUser, runAsGroup, supplementalGroups, fsGroup, and hostPorts for its ranges):
 * inclusive ranges as PSP checks them, and a container's effective security context field.
 */
final class IdCel {

    private IdCel() {
    }

    /** The PSP's ranges as (min, max) pairs, a missing bound read as 0. */
    static List<long[]> ranges(List<IDRange> ranges) {
        return Psps.list(ranges).stream().map(r -> new long[] {Psps.min(r), Psps.max(r)}).toList();
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

    /** The ranges as text for messages, such as {@code 1-100, 200}. */
    static String rangesText(List<long[]> ranges) {
        if (ranges.isEmpty()) {
            return "no range";
        }
        return String.join(", ", ranges.stream().map(r -> r[0] == r[1] ? Long.toString(r[0]) : r[0] + "-" + r[1])
                .toList());
    }

    /**
     * The container's effective value of a security context field (its own, else the pod's) mapped by {@code f}, or
     * {@code absent} when neither sets it.
     */
    static String effective(String field, Function<String, String> f, String absent) {
        return "(" + has("c", "securityContext", field) + " ? " + f.apply("c.securityContext." + field) + " : "
                + has(SPEC, "securityContext", field) + " ? " + f.apply(POD_SC + "." + field) + " : " + absent + ")";
    }

    /** Whether the container or the pod sets the field. */
    static String effectivelySet(String field) {
        return "(" + has("c", "securityContext", field) + " || " + has(SPEC, "securityContext", field) + ")";
    }
}
