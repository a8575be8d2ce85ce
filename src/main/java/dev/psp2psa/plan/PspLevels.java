package dev.psp2psa.plan;

import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspLevel;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The level of every PSP of the inventory at the target version. PSPs with the same admission content
 * ({@link PspAnalyzer#admissionContent}) have the same level and admit alike: the level is computed once per content,
 * and each PSP carries the number of its content so that admissions can be shared too.
 */
final class PspLevels {

    private final Map<String, Sourced<PodSecurityPolicy>> psps;
    private final Map<String, Integer> contents = new TreeMap<>();
    private final Map<String, PspLevel> levels = new TreeMap<>();

    PspLevels(PspAnalyzer analyzer, Map<String, Sourced<PodSecurityPolicy>> psps, Version target) {
        this.psps = psps;
        Map<Object, Integer> contentIds = new HashMap<>();
        psps.forEach((name, p) -> contents.put(name,
                contentIds.computeIfAbsent(PspAnalyzer.admissionContent(p.object()), k -> contentIds.size())));
        Map<Integer, PspLevel> levelByContent = new HashMap<>();
        for (Sourced<PodSecurityPolicy> p : psps.values()) {
            PspLevel shared = levelByContent.computeIfAbsent(contents.get(p.name()),
                    k -> analyzer.level(p.object(), target));
            levels.put(p.name(), shared.psp().equals(p.name()) ? shared : new PspLevel(p.name(), shared.level(),
                    shared.version(), shared.reasons(), shared.mutatingFields(), shared.mutations(),
                    shared.assumptions(), shared.configurationErrors()));
        }
    }

    /** The PSPs by name. */
    Map<String, Sourced<PodSecurityPolicy>> psps() {
        return psps;
    }

    /** Whether the inventory has a PSP of that name. */
    boolean exists(String psp) {
        return levels.containsKey(psp);
    }

    PspLevel level(String psp) {
        return levels.get(psp);
    }

    /** The number of the PSP's admission content: equal for PSPs that admit and mutate alike. */
    int content(String psp) {
        return contents.get(psp);
    }

    /** One summary per PSP, in name order, with its reasons and their witnesses. */
    List<PspSummary> summaries() {
        List<PspSummary> out = new ArrayList<>();
        for (Sourced<PodSecurityPolicy> p : psps.values()) {
            PspLevel level = levels.get(p.name());
            List<PspReason> reasons = new ArrayList<>();
            for (PspLevel.Reason r : level.reasons()) {
                reasons.add(new PspReason(r.rule(), r.field(), r.value(), r.check(), r.blocks(), r.detail(),
                        PlanBuilder.witnessMap(r.witness().pod())));
            }
            out.add(new PspSummary(p.name(), p.source(), level.level(), level.mutatingFields(), reasons,
                    level.configurationErrors()));
        }
        return out;
    }
}
