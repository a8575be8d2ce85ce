package dev.psp2psa.check;

import dev.psp2psa.inventory.Source;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Violation;
import java.util.List;

/**
 * The verdict for one pod or workload: whether the requested level allows it (with the failing checks),
 * and the tightest level it passes. Without a requested level, {@code violations} are those that keep it
 * from the next tighter level than {@code tightest} (empty when it passes restricted).
 */
public record CheckedObject(
        Source source, String namespace, String kind, String name, boolean allowed, Level tightest,
        List<Violation> violations) {

    public CheckedObject {
        violations = List.copyOf(violations);
    }
}
