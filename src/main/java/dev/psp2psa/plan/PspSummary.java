package dev.psp2psa.plan;

import dev.psp2psa.inventory.Source;
import dev.psp2psa.pss.Level;
import java.util.List;

/**
 * A PodSecurityPolicy as psp2psa judges it: its level, the fields with which it mutates pods, and why; or, when PSP
 * admission could not use it ({@code configurationErrors}), that it admits no pod and has no level.
 */
public record PspSummary(String name, Source source, Level level, List<String> mutating, List<PspReason> reasons,
        List<String> configurationErrors) {

    public PspSummary {
        mutating = List.copyOf(mutating);
        reasons = List.copyOf(reasons);
        configurationErrors = List.copyOf(configurationErrors);
    }

    /** Whether PSP admission rejects every pod with this PSP (it cannot build its strategies, or they reject all). */
    public boolean admitsNoPod() {
        return !configurationErrors.isEmpty();
    }

    /** The level as reports print it: {@code none} for a PSP that admits no pod. */
    public String levelId() {
        return admitsNoPod() ? "none" : level.id();
    }
}
