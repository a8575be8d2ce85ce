package dev.psp2psa.plan;

import dev.psp2psa.psp.PspLevel;
import dev.psp2psa.pss.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one sentence that explains a namespace's recommendation in the words of its data: what the enforce level rests
 * on (the workloads, the fields to add), what the usable PSPs allowed beyond the next level (their blocking fields),
 * and how many restrictions the gap policies keep. Every report shows the same sentence. Pure.
 */
final class Decision {

    private Decision() {
    }

    /**
     * @param blocking the reasons of the usable PSPs that block the level above the policy level
     */
    static String sentence(Level enforce, Optional<Level> policyLevel, int workloads, List<WorkloadDenial> denials,
            int requiredFields, List<PspLevel.Reason> blocking, List<String> blockingPsps, int gaps) {
        StringBuilder sb = new StringBuilder("enforce ").append(enforce.id()).append(": ");
        if (policyLevel.isEmpty()) {
            return sb.append("no PSP was usable here, so PSP rejected every pod; PSA cannot reject every pod, and the "
                    + "gap policy denies every pod.").toString();
        }
        if (workloads == 0) {
            sb.append("no workloads were given, so the level is the policy level");
        } else if (denials.isEmpty()) {
            sb.append("every given workload passes ").append(enforce.id()).append(" as it is");
        } else {
            sb.append("every given workload PSP admits passes ").append(enforce.id()).append(" once the ")
                    .append(requiredFields).append(" required field(s) to add below are set (")
                    .append(denials.size()).append(" workload(s) are denied as they are)");
        }
        if (!blocking.isEmpty()) {
            // Grouped by PSP, at most three fields: "cni-privileged: allowedCapabilities [*], hostIPC true, ...".
            java.util.Map<String, List<String>> byPsp = new java.util.LinkedHashMap<>();
            int shown = 0;
            for (int i = 0; i < blocking.size() && shown < 3; i++) {
                PspLevel.Reason r = blocking.get(i);
                String field = r.field() + (r.value() == null || r.value().isBlank() ? "" : " " + r.value());
                List<String> list = byPsp.computeIfAbsent(blockingPsps.get(i), k -> new ArrayList<>());
                if (!list.contains(field)) {
                    list.add(field);
                    shown++;
                }
            }
            List<String> parts = new ArrayList<>();
            byPsp.forEach((psp, fields) -> parts.add(psp + ": " + String.join(", ", fields)));
            Level next = Level.values()[policyLevel.get().ordinal() + 1];
            sb.append("; the usable PSPs allow more than ").append(next.id()).append(" (")
                    .append(String.join("; ", parts)).append(blocking.size() > shown ? ", ..." : "").append(")");
            if (enforce.tighterThan(policyLevel.get())) {
                sb.append(", which no given workload uses");
            }
        }
        if (enforce != Level.RESTRICTED && workloads > 0 && enforce.tighterThan(policyLevel.get())) {
            sb.append("; ").append(Level.values()[enforce.ordinal() + 1].id())
                    .append(" would deny a given workload (see the tightenings and assumptions)");
        }
        if (gaps > 0) {
            sb.append("; ").append(gaps).append(" restriction(s) PSA does not enforce are kept by the gap policies");
        }
        return sb.append('.').toString();
    }

    /** The reasons of the usable PSPs that block the level just above the policy level, with their PSPs. */
    static List<Object[]> blocking(Optional<Level> policyLevel, Set<String> usable, PspLevels levels) {
        List<Object[]> out = new ArrayList<>();
        if (policyLevel.isEmpty() || policyLevel.get() == Level.RESTRICTED) {
            return out;
        }
        Level next = Level.values()[policyLevel.get().ordinal() + 1];
        for (String psp : usable) {
            for (PspLevel.Reason r : levels.level(psp).reasonsBlocking(next)) {
                out.add(new Object[] {psp, r});
            }
        }
        return out;
    }
}
