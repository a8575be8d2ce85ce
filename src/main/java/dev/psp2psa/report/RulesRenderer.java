package dev.psp2psa.report;

import dev.psp2psa.format.Json;
import dev.psp2psa.psp.PspRule;
import dev.psp2psa.psp.PspRuleRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the PSP rule registry: a terminal table, JSON, and the Markdown of {@code docs/mapping.md}. */
public final class RulesRenderer {

    private RulesRenderer() {
    }

    public static String table(PspRuleRegistry registry) {
        return table(registry, TextTable.WIDTH);
    }

    /**
     * The table within {@code width} columns: one row per rule with its PSP fields (wrapped at spaces and after an
     * annotation's slash), whether it mutates pods and whether PSA expresses it, and under it, as notes, what baseline
     * and restricted require of those fields. The JSON and the Markdown keep the same as columns.
     */
    public static String table(PspRuleRegistry registry, int width) {
        TextTable t = new TextTable("RULE", "FIELDS", "MUTATES", "IN PSA").fit(1, width).notes(width);
        for (PspRule r : registry.all()) {
            t.row(r.id(), String.join(", ", fields(r)), mutating(r), r.expressibleInPsa() ? "yes" : "no");
            if (r.baselineCondition().equals(r.restrictedCondition())) {
                t.note("baseline and restricted: " + r.baselineCondition());
            } else {
                t.note("baseline: " + r.baselineCondition());
                t.note("restricted: " + r.restrictedCondition());
            }
        }
        return t.render();
    }

    public static String json(PspRuleRegistry registry) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("rules", model(registry));
        return Json.write(root);
    }

    public static String markdown(PspRuleRegistry registry) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("rules", model(registry));
        return Templates.render("docs/mapping.md.ftl", model);
    }

    private static List<Map<String, Object>> model(PspRuleRegistry registry) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PspRule r : registry.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("fields", fields(r));
            m.put("checks", r.checks());
            m.put("baseline", r.baselineCondition());
            m.put("restricted", r.restrictedCondition());
            m.put("mutating", mutating(r));
            m.put("expressibleInPsa", r.expressibleInPsa());
            m.put("description", r.description());
            out.add(m);
        }
        return out;
    }

    private static List<String> fields(PspRule r) {
        List<String> f = new ArrayList<>(r.fields());
        f.addAll(r.annotations());
        return f;
    }

    /** Whether the rule can mutate pods: the rule's own declaration, derived from its fields. */
    private static String mutating(PspRule r) {
        return r.mayMutate() ? "yes" : "no";
    }
}
