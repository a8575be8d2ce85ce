package dev.psp2psa.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The outcome of {@code psp2psa verify}: every result, sorted by source then name, and the engines compared. */
public record VerifyReport(String directory, List<String> engines, List<VerifyResult> results) {

    public VerifyReport {
        engines = List.copyOf(engines);
        results = List.copyOf(results);
    }

    public long count(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    public long unexplained() {
        return results.stream().filter(r -> !r.agree() && !r.explained()).count();
    }

    public long explained() {
        return results.stream().filter(r -> !r.agree() && r.explained()).count();
    }

    public long generated() {
        return results.stream().filter(VerifyResult::generated).count();
    }

    /** Per engine (PSA plus that engine's policies), the count of each outcome. */
    public SortedMap<String, Map<Outcome, Long>> byEngine() {
        SortedMap<String, Map<Outcome, Long>> out = new TreeMap<>();
        for (VerifyResult r : results) {
            r.now().allowedByEngine().forEach((engine, allowed) -> {
                Map<Outcome, Long> counts = out.computeIfAbsent(engine, k -> {
                    Map<Outcome, Long> m = new LinkedHashMap<>();
                    for (Outcome o : Outcome.values()) {
                        m.put(o, 0L);
                    }
                    return m;
                });
                counts.merge(Outcome.of(r.old().allowed(), allowed), 1L, Long::sum);
            });
        }
        return out;
    }
}
