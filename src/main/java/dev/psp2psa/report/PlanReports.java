package dev.psp2psa.report;

import dev.psp2psa.emit.Yaml;
import dev.psp2psa.plan.Plan;
import java.util.List;
import java.util.Map;

/** Renders the migration plan as the Markdown and HTML reports and as the convert tree's README. */
public final class PlanReports {

    private PlanReports() {
    }

    public static String markdown(Plan plan) {
        return Templates.render("report/report.md.ftl", templateModel(plan));
    }

    public static String html(Plan plan) {
        return Templates.render("report/report.html.ftlh", templateModel(plan));
    }

    public static String json(Plan plan) {
        return PlanJson.json(plan);
    }

    public static String treeReadme(Plan plan) {
        return Templates.render("convert/README.md.ftl", templateModel(plan));
    }

    /** The JSON model plus what only the documents need: each witness pod as YAML text. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> templateModel(Plan plan) {
        Map<String, Object> model = PlanJson.model(plan);
        for (Object p : (List<Object>) model.get("psps")) {
            Map<String, Object> psp = (Map<String, Object>) p;
            List<Object> shown = new java.util.ArrayList<>();
            java.util.Set<String> blockingBaseline = new java.util.HashSet<>();
            for (Object r : (List<Object>) psp.get("reasons")) {
                Map<String, Object> reason = (Map<String, Object>) r;
                Object witness = reason.get("witness");
                reason.put("witnessYaml", witness == null ? "" : Yaml.write(witness));
                String key = reason.get("rule") + "|" + reason.get("field") + "|" + reason.get("value");
                if ("baseline".equals(reason.get("blocks"))) {
                    blockingBaseline.add(key);
                    reason.put("blocksText", "baseline, restricted");
                    shown.add(reason);
                } else if (!blockingBaseline.contains(key)) {
                    reason.put("blocksText", "restricted");
                    shown.add(reason);
                }
            }
            // A value that keeps a PSP out of baseline keeps it out of restricted too: the documents show it once.
            psp.put("shownReasons", shown);
        }
        return model;
    }
}
