package dev.psp2psa.report;

import dev.psp2psa.format.Json;
import dev.psp2psa.check.CheckReport;
import dev.psp2psa.check.CheckedObject;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the result of {@code psp2psa check} as a terminal table or as the documented JSON document. */
public final class CheckRenderer {

    private CheckRenderer() {
    }

    public static String table(CheckReport report) {
        return table(report, TextTable.WIDTH);
    }

    /**
     * The table within {@code width} columns: one row per pod or workload (namespace, kind/name, and the verdict at the
     * level, or the tightest level it passes) and under it, as notes, each check it fails (at the level, or at the
     * next level).
     */
    public static String table(CheckReport report, int width) {
        boolean withLevel = report.level().isPresent();
        TextTable table = (withLevel ? new TextTable("NAMESPACE", "KIND/NAME", "VERDICT")
                : new TextTable("NAMESPACE", "KIND/NAME", "TIGHTEST LEVEL")).fit(1, width).notes(width);
        for (CheckedObject r : report.results()) {
            String verdict = withLevel ? (r.allowed() ? "allowed" : "denied") : r.tightest().id();
            table.row(r.namespace(), r.kind() + "/" + r.name(), verdict);
            for (Violation v : r.violations()) {
                table.note((withLevel ? "fails " : "blocks the next level: ") + format(v));
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!table.isEmpty()) {
            sb.append(table.render()).append('\n');
        }
        sb.append(TextTable.paragraph(summary(report), width));
        return sb.toString();
    }

    private static String format(Violation v) {
        return v.check() + ": " + v.message();
    }

    static String summary(CheckReport report) {
        int n = report.results().size();
        String objects = n + (n == 1 ? " pod or workload" : " pods and workloads");
        if (n == 0) {
            return "No pods or workloads found in the input" + skippedNote(report) + ".";
        }
        if (report.level().isPresent()) {
            return objects + " checked at " + report.level().get().id() + ":" + report.version() + ": "
                    + report.allowedCount() + " allowed, " + report.deniedCount() + " denied"
                    + skippedNote(report) + ".";
        }
        Map<Level, Long> counts = new LinkedHashMap<>();
        for (Level l : List.of(Level.RESTRICTED, Level.BASELINE, Level.PRIVILEGED)) {
            counts.put(l, report.results().stream().filter(r -> r.tightest() == l).count());
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((l, c) -> parts.add(c + " " + l.id()));
        return objects + " checked at " + report.version() + ", tightest level passed: "
                + String.join(", ", parts) + skippedNote(report) + ".";
    }

    private static String skippedNote(CheckReport report) {
        int skipped = report.skipped().values().stream().mapToInt(Integer::intValue).sum();
        if (skipped == 0) {
            return "";
        }
        return skipped == 1 ? " (1 object of another kind skipped)" : " (" + skipped + " objects of other kinds skipped)";
    }

    public static String json(CheckReport report) {
        return Json.write(jsonRoot(report));
    }

    /**
     * The same JSON written to {@code out} as it is made: each result becomes its map only when it is written, so a
     * report of 200,000 pods never exists as one tree or one string (issue 17).
     */
    public static void json(CheckReport report, java.io.Writer out) {
        Json.write(jsonRoot(report), out);
    }

    private static Map<String, Object> jsonRoot(CheckReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("level", report.level().map(Level::id).orElse(null));
        root.put("version", report.version().toString());
        // An Iterable, which Jackson writes as an array item by item, mapping each result when it is reached.
        Iterable<Object> results = () -> report.results().stream().<Object>map(CheckRenderer::jsonResult).iterator();
        root.put("results", results);
        root.put("skipped", report.skipped());
        return root;
    }

    private static Map<String, Object> jsonResult(CheckedObject r) {
        {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("source", r.source().toString());
            o.put("namespace", r.namespace());
            o.put("kind", r.kind());
            o.put("name", r.name());
            o.put("allowed", r.allowed());
            o.put("tightestLevel", r.tightest().id());
            List<Object> vs = new ArrayList<>();
            for (Violation v : r.violations()) {
                Map<String, Object> vo = new LinkedHashMap<>();
                vo.put("check", v.check());
                vo.put("reason", v.reason());
                vo.put("detail", v.detail());
                vs.add(vo);
            }
            o.put("violations", vs);
            return o;
        }
    }
}
