package dev.psp2psa.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything read from the input: the objects of the kinds psp2psa understands, in input order; the digests of the
 * pods and pod templates that were evaluated as they were read and not kept (only when the reader was given a
 * {@link WorkloadDigester}), in input order; the number of objects of every other kind that were skipped (by kind,
 * never their content); warnings about what could not be read but did not stop the run (such as a kind a live
 * cluster refused to list), one sentence each, for the commands to show the user and the reports to carry; and
 * notices about how the input was read that change nothing in the result (such as an identical copy of an object read
 * once), for the commands to show the user and the reports to leave out.
 */
public record Inventory(List<Sourced<HasMetadata>> objects, List<WorkloadDigest> digests,
        SortedMap<String, Integer> skipped, List<String> warnings, List<String> notices) {

    public Inventory {
        objects = List.copyOf(objects);
        digests = List.copyOf(digests);
        skipped = Collections.unmodifiableSortedMap(new TreeMap<>(skipped));
        warnings = List.copyOf(warnings);
        notices = List.copyOf(notices);
    }

    /** An inventory without notices. */
    public Inventory(List<Sourced<HasMetadata>> objects, List<WorkloadDigest> digests,
            SortedMap<String, Integer> skipped, List<String> warnings) {
        this(objects, digests, skipped, warnings, List.of());
    }

    /** An inventory of whole objects, with warnings. */
    public Inventory(List<Sourced<HasMetadata>> objects, SortedMap<String, Integer> skipped, List<String> warnings) {
        this(objects, List.of(), skipped, warnings);
    }

    /** An inventory of whole objects, without warnings. */
    public Inventory(List<Sourced<HasMetadata>> objects, SortedMap<String, Integer> skipped) {
        this(objects, List.of(), skipped, List.of());
    }

    /** The objects of one Java type, in input order. */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> List<Sourced<T>> ofType(Class<T> type) {
        return objects.stream()
                .filter(s -> type.isInstance(s.object()))
                .map(s -> (Sourced<T>) (Sourced<?>) s)
                .toList();
    }

    /** The PodSecurityPolicies by name, sorted; of two with one name, the first read. */
    public SortedMap<String, Sourced<PodSecurityPolicy>> psps() {
        SortedMap<String, Sourced<PodSecurityPolicy>> out = new TreeMap<>();
        ofType(PodSecurityPolicy.class).forEach(p -> out.putIfAbsent(p.name(), p));
        return Collections.unmodifiableSortedMap(out);
    }

    /** The PodSecurityPolicy objects by name, sorted, as {@link #psps()}. */
    public SortedMap<String, PodSecurityPolicy> pspsByName() {
        SortedMap<String, PodSecurityPolicy> out = new TreeMap<>();
        psps().forEach((name, p) -> out.put(name, p.object()));
        return Collections.unmodifiableSortedMap(out);
    }

    public int skippedTotal() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
