package dev.psp2psa.plan;

import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspRule;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gaps of a set of usable PSPs at an enforce level: per PSP rule, the PSPs that restrict more than the level,
 * with the PSP fields the restriction comes from. Memoised per rule, PSP and level; safe for namespaces planned in
 * parallel.
 */
final class NamespaceGaps {

    private final PspAnalyzer analyzer;
    private final PspLevels levels;
    private final Version target;
    private final Map<String, Optional<String>> restrictions = new ConcurrentHashMap<>();

    NamespaceGaps(PspAnalyzer analyzer, PspLevels levels, Version target) {
        this.analyzer = analyzer;
        this.levels = levels;
        this.target = target;
    }

    /** Per PSP rule, the usable PSPs that restrict more than the enforced level: what a gap policy must keep. */
    List<NamespaceGap> gaps(Set<String> usable, Level enforce) {
        if (usable.isEmpty()) {
            return List.of();
        }
        List<NamespaceGap> out = new ArrayList<>();
        for (PspRule rule : analyzer.rules().all()) {
            List<String> psps = new ArrayList<>();
            List<String> details = new ArrayList<>();
            for (String psp : usable) {
                Optional<String> restriction = restrictions.computeIfAbsent(
                        rule.id() + '\u0000' + psp + '\u0000' + enforce,
                        k -> analyzer.restriction(rule, levels.psps().get(psp).object(), enforce, target));
                if (restriction.isPresent()) {
                    psps.add(psp);
                    details.add(psp + ": " + restriction.get());
                }
            }
            if (!psps.isEmpty()) {
                out.add(new NamespaceGap(rule.id(), fieldsSet(rule, psps), psps, psps.size() == usable.size(),
                        String.join(" ", details)));
            }
        }
        return List.copyOf(out);
    }

    /** The rule's PSP fields and annotations that any of the PSPs sets, so a reviewer finds the gap by them. */
    private List<String> fieldsSet(PspRule rule, List<String> psps) {
        SortedSet<String> out = new TreeSet<>();
        for (String name : psps) {
            io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy psp = levels.psps().get(name).object();
            com.fasterxml.jackson.databind.JsonNode spec = dev.psp2psa.format.Json.tree(psp.getSpec());
            Map<String, String> annotations = psp.getMetadata() == null || psp.getMetadata().getAnnotations() == null
                    ? Map.of() : psp.getMetadata().getAnnotations();
            for (String field : rule.fields()) {
                if (spec.has(field)) {
                    out.add(field);
                }
            }
            for (String annotation : rule.annotations()) {
                if (annotations.containsKey(annotation)) {
                    out.add(annotation);
                }
            }
        }
        if (out.isEmpty()) {
            // A restriction that comes from a field left unset (no allowed profiles: only the default ones).
            out.addAll(rule.fields());
            out.addAll(rule.annotations());
        }
        return List.copyOf(out);
    }
}
