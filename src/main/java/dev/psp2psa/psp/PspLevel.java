package dev.psp2psa.psp;

import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import java.util.List;

/**
 * The tightest PSS level whose every pod-level requirement a PSP keeps, at a target version, with one reason per
 * blocking rule and level, the mutations the PSP makes, and the assumptions the level rests on. A PSP with
 * configuration errors admits no pod (PSP admission cannot build its strategies), so it is vacuously restricted.
 */
public record PspLevel(
        String psp,
        Level level,
        Version version,
        List<Reason> reasons,
        List<String> mutatingFields,
        List<PspDefault> mutations,
        List<Assumption> assumptions,
        List<String> configurationErrors) {

    public PspLevel {
        reasons = List.copyOf(reasons);
        mutatingFields = List.copyOf(mutatingFields);
        mutations = List.copyOf(mutations);
        assumptions = List.copyOf(assumptions);
        configurationErrors = List.copyOf(configurationErrors);
    }

    /** The reasons that block one level. */
    public List<Reason> reasonsBlocking(Level blocked) {
        return reasons.stream().filter(r -> r.blocks() == blocked).toList();
    }

    public boolean mutating() {
        return !mutations.isEmpty();
    }

    /**
     * Why a PSP is not within a level: the rule and PSP field (or annotation), its value, the PSS check that the PSP
     * lets pods fail, the level blocked, one sentence of detail, and a witness pod.
     */
    public record Reason(String rule, String field, String value, String check, Level blocks, String detail,
            Witness witness) {
    }
}
