package dev.psp2psa.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything read from the input: the objects of the kinds psp2psa understands, in input order, and the
 * number of objects of every other kind that were skipped (by kind, never their content).
 */
public record Inventory(List<Sourced<HasMetadata>> objects, SortedMap<String, Integer> skipped) {

    public Inventory {
        objects = List.copyOf(objects);
        skipped = Collections.unmodifiableSortedMap(new TreeMap<>(skipped));
    }

    /** The objects of one Java type, in input order. */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> List<Sourced<T>> ofType(Class<T> type) {
        return objects.stream()
                .filter(s -> type.isInstance(s.object()))
                .map(s -> (Sourced<T>) (Sourced<?>) s)
                .toList();
    }

    public int skippedTotal() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
