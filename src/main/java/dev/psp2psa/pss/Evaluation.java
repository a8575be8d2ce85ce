package dev.psp2psa.pss;

import java.util.List;

/** The outcome of evaluating one pod spec at one (level, version): allowed when no check failed. */
public record Evaluation(Level level, Version version, List<Violation> violations) {

    public Evaluation {
        violations = List.copyOf(violations);
    }

    public boolean allowed() {
        return violations.isEmpty();
    }
}
