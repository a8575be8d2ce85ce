package dev.psp2psa.plan;

import dev.psp2psa.pss.Level;
import java.util.List;

/**
 * Something a usable PSP allowed that a level stricter than the policy level forbids: the level, the PSS
 * check, the PSP and its field, and the current workloads (kind/name) that fail that check at that level.
 */
public record Tightening(Level level, String check, String psp, String field, String detail, List<String> workloads) {

    public Tightening {
        workloads = List.copyOf(workloads);
    }
}
