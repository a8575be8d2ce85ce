package dev.psp2psa.plan;

import dev.psp2psa.inventory.Source;
import dev.psp2psa.pss.Level;
import java.util.List;

/** A PodSecurityPolicy as psp2psa judges it: its level, the fields with which it mutates pods, and why. */
public record PspSummary(String name, Source source, Level level, List<String> mutating, List<PspReason> reasons) {

    public PspSummary {
        mutating = List.copyOf(mutating);
        reasons = List.copyOf(reasons);
    }
}
