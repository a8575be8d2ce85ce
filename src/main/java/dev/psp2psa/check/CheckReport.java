package dev.psp2psa.check;

import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/** The outcome of {@code psp2psa check}: one verdict per pod or workload, sorted by source then name. */
public record CheckReport(
        Optional<Level> level, Version version, List<CheckedObject> results, SortedMap<String, Integer> skipped) {

    public CheckReport {
        results = List.copyOf(results);
    }

    public long allowedCount() {
        return results.stream().filter(CheckedObject::allowed).count();
    }

    public long deniedCount() {
        return results.size() - allowedCount();
    }
}
