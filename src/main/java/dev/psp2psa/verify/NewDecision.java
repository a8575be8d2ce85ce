package dev.psp2psa.verify;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The new admission of one pod: allowed when PSA and every enforcing policy of every engine admit it, with every
 * violation; {@code allowedByEngine} says, per engine found in the directory, whether PSA plus that engine alone admit
 * it (only {@code psa} when the directory holds no engine); {@code exempt} when PSA is exempt in the namespace.
 */
public record NewDecision(boolean allowed, boolean exempt, String label, List<PolicyViolation> violations,
        SortedMap<String, Boolean> allowedByEngine) {

    public NewDecision {
        violations = List.copyOf(violations);
        allowedByEngine = new TreeMap<>(allowedByEngine);
    }

    /** Whether some engine (with PSA) admits the pod. */
    public boolean someEngineAllows() {
        return allowedByEngine.values().stream().anyMatch(b -> b);
    }

    /** Whether some CEL policy (of any engine) denies the pod. */
    public boolean someEngineDenies() {
        return violations.stream().anyMatch(v -> !v.engine().equals(PolicyViolation.PSA));
    }

    /** Whether PSA and the engine admit the pod. */
    public boolean allows(String engine) {
        return allowedByEngine.getOrDefault(engine, allowed);
    }

    static SortedMap<String, Boolean> byEngine(List<String> engines, List<PolicyViolation> violations) {
        boolean psa = violations.stream().noneMatch(v -> v.engine().equals(PolicyViolation.PSA));
        SortedMap<String, Boolean> out = new TreeMap<>();
        if (engines.isEmpty()) {
            out.put(PolicyViolation.PSA, psa);
        }
        for (String e : engines) {
            out.put(e, psa && violations.stream().noneMatch(v -> v.engine().equals(e)));
        }
        return out;
    }

    static Map<String, Boolean> none() {
        return Map.of();
    }
}
