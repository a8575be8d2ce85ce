package dev.psp2psa.report;

import dev.psp2psa.format.Json;
import dev.psp2psa.verify.OldDecision;
import dev.psp2psa.verify.Outcome;
import dev.psp2psa.verify.PolicyCheck;
import dev.psp2psa.verify.PolicyViolation;
import dev.psp2psa.verify.VerifyReport;
import dev.psp2psa.verify.VerifyResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the result of {@code psp2psa verify}: the counts and each disagreement, as a table or as JSON. */
public final class VerifyRenderer {

    /** The table lists this many violations per disagreement; the JSON lists all. */
    static final int MAX_VIOLATIONS_SHOWN = 3;

    private VerifyRenderer() {
    }

    public static String table(VerifyReport report) {
        return table(report, TextTable.WIDTH);
    }

    /**
     * The table within {@code width} columns: one row per disagreement (namespace, pod or workload, outcome) and under
     * it, as notes, the service account, the PSP that admitted it and where it comes from, the first violations
     * (each once, with the other engines that report it) and the explanation. The JSON keeps every field.
     */
    public static String table(VerifyReport report, int width) {
        TextTable table = new TextTable("NAMESPACE", "KIND/NAME", "OUTCOME").fit(1, width).notes(width);
        for (VerifyResult r : report.results()) {
            if (r.agree()) {
                continue;
            }
            table.row(r.namespace(), r.kind() + "/" + r.name(), r.outcome().id());
            table.note("service account " + r.serviceAccount() + "; old PSP " + (r.old().psp() == null
                    ? "none (PSP rejected it)" : r.old().psp()));
            table.note("source " + r.source());
            List<String> vs = onceEach(r.now().violations(), VerifyRenderer::shown);
            int shownCount = Math.min(vs.size(), MAX_VIOLATIONS_SHOWN);
            for (int i = 0; i < shownCount; i++) {
                table.note("denied by " + vs.get(i));
            }
            if (vs.size() > shownCount) {
                table.note("(+" + (vs.size() - shownCount) + " more, listed by --format json)");
            }
            table.note((r.explained() ? "explained: " : "UNEXPLAINED: ") + r.explanation());
        }
        StringBuilder sb = new StringBuilder();
        if (!table.isEmpty()) {
            sb.append(table.render()).append('\n');
        }
        sb.append(TextTable.paragraph(summary(report), width));
        return sb.toString();
    }

    private static String shown(PolicyViolation v) {
        return v.engine() + " " + v.policy() + " " + v.rule();
    }

    static String summary(VerifyReport report) {
        int n = report.results().size();
        String engines = report.engines().isEmpty() ? "PSA labels" : "PSA labels + " + String.join(", ",
                report.engines());
        return n + " pods compared (" + report.generated() + " generated boundary pods), old PSPs against "
                + engines + " of " + report.directory() + ": " + report.count(Outcome.BOTH_ADMIT) + " both admit, "
                + report.count(Outcome.BOTH_DENY) + " both deny, " + report.count(Outcome.NOW_DENIED)
                + " now denied, " + report.count(Outcome.NOW_ADMITTED) + " now admitted; " + report.explained()
                + " disagreements explained, " + report.unexplained() + " unexplained.";
    }

    public static String json(VerifyReport report) {
        return Json.write(jsonRoot(report));
    }

    /**
     * The same JSON written to {@code out} as it is made: each result becomes its map only when it is written, so a
     * report of 200,000 pods never exists as one tree or one string (issue 17).
     */
    public static void json(VerifyReport report, java.io.Writer out) {
        Json.write(jsonRoot(report), out);
    }

    private static Map<String, Object> jsonRoot(VerifyReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("counts", counts(report));
        // An Iterable, which Jackson writes as an array item by item, mapping each result when it is reached.
        Iterable<Object> results = () -> report.results().stream().<Object>map(VerifyRenderer::jsonResult).iterator();
        root.put("results", results);
        return root;
    }

    private static Map<String, Object> jsonResult(VerifyResult r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("source", r.source());
        o.put("namespace", r.namespace());
        o.put("kind", r.kind());
        o.put("name", r.name());
        o.put("serviceAccount", r.serviceAccount());
        OldDecision old = r.old();
        Map<String, Object> oo = new LinkedHashMap<>();
        oo.put("allowed", old.allowed());
        oo.put("psp", old.psp());
        oo.put("usable", old.usable());
        oo.put("fieldsToAdd", old.fieldsToAdd());
        oo.put("denials", old.denials());
        o.put("old", oo);
        Map<String, Object> no = new LinkedHashMap<>();
        no.put("allowed", r.now().allowed());
        no.put("exempt", r.now().exempt());
        no.put("enforce", r.now().label());
        no.put("allowedByEngine", r.now().allowedByEngine());
        List<Object> vs = new ArrayList<>();
        for (PolicyViolation v : r.now().violations()) {
            vs.add(violation(v));
        }
        no.put("violations", vs);
        o.put("new", no);
        o.put("outcome", r.outcome().id());
        o.put("agree", r.agree());
        o.put("explained", r.agree() || r.explained());
        o.put("explanation", r.explanation());
        return o;
    }

    /** A violation as JSON: engine, policy, rule, message. */
    public static Map<String, Object> violation(PolicyViolation v) {
        Map<String, Object> vo = new LinkedHashMap<>();
        vo.put("engine", v.engine());
        vo.put("policy", v.policy());
        vo.put("rule", v.rule());
        vo.put("message", v.message());
        return vo;
    }

    private static Map<String, Object> counts(VerifyReport report) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("total", report.results().size());
        c.put("generated", report.generated());
        for (Outcome o : Outcome.values()) {
            c.put(o.id(), report.count(o));
        }
        c.put("explained", report.explained());
        c.put("unexplained", report.unexplained());
        Map<String, Object> engines = new LinkedHashMap<>();
        report.byEngine().forEach((engine, counts) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            counts.forEach((o, n) -> e.put(o.id(), n));
            engines.put(engine, e);
        });
        c.put("byEngine", engines);
        return c;
    }

    /** {@code check --policies}: namespace, kind/name, verdict and each violation. */
    public static String checkTable(PolicyCheck.Report report) {
        return checkTable(report, TextTable.WIDTH);
    }

    /**
     * The table within {@code width} columns: one row per pod or workload (namespace, kind/name, verdict, enforce
     * label) and under it, as notes, each violation once with its message.
     */
    public static String checkTable(PolicyCheck.Report report, int width) {
        TextTable table = new TextTable("NAMESPACE", "KIND/NAME", "VERDICT", "ENFORCE").wrap(2, 12).fit(1, width)
                .notes(width);
        for (PolicyCheck.Verdict v : report.results()) {
            String label = v.decision().exempt() ? "exempt" : v.decision().label();
            table.row(v.namespace(), v.kind() + "/" + v.name(), verdict(v.decision()), label);
            for (String violation : onceEach(v.decision().violations(), VerifyRenderer::full)) {
                table.note("denied by " + violation);
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!table.isEmpty()) {
            sb.append(table.render()).append('\n');
        }
        int n = report.results().size();
        sb.append(TextTable.paragraph(n + (n == 1 ? " pod or workload" : " pods and workloads") + " checked against "
                + report.directory() + ": " + (n - report.deniedCount()) + " allowed, " + report.deniedCount()
                + " denied.", width));
        return sb.toString();
    }

    /** allowed, denied, or, when the engines of the directory disagree, which deny ({@code denied (vap)}). */
    static String verdict(dev.psp2psa.verify.NewDecision d) {
        if (d.allowed()) {
            return "allowed";
        }
        List<String> denying = d.allowedByEngine().entrySet().stream().filter(e -> !e.getValue())
                .map(java.util.Map.Entry::getKey).toList();
        return d.someEngineAllows() ? "denied (" + String.join(", ", denying) + ")" : "denied";
    }

    /**
     * Each violation once: the engines' folders hold the same gap policies, under the same names and with the same
     * messages (their rule names differ: {@code validations[3]}, {@code seccomp}, a constraint), so a violation
     * several engines report is shown as the first engine's, with the others named ({@code (also kyverno, vap)}).
     * PSA's are kept apart, one per check.
     */
    static List<String> onceEach(List<PolicyViolation> violations, java.util.function.Function<PolicyViolation,
            String> show) {
        List<String> out = new java.util.ArrayList<>();
        for (List<PolicyViolation> group : groups(violations)) {
            List<String> others = alsoBy(group);
            out.add(show.apply(group.get(0)) + (others.isEmpty() ? "" : " (also " + String.join(", ", others) + ")"));
        }
        return out;
    }

    /** The violations grouped as {@link #onceEach} shows them: each group is one violation, first engine first. */
    static List<List<PolicyViolation>> groups(List<PolicyViolation> violations) {
        java.util.Map<String, List<PolicyViolation>> groups = new java.util.LinkedHashMap<>();
        for (PolicyViolation v : violations) {
            String key = v.engine().equals(PolicyViolation.PSA) ? "psa\n" + v.policy() + "\n" + v.rule()
                    : "cel\n" + v.policy() + "\n" + v.message();
            groups.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(v);
        }
        return List.copyOf(groups.values());
    }

    /** The engines of a group other than its first's, which deny the pod alike. */
    static List<String> alsoBy(List<PolicyViolation> group) {
        String first = group.get(0).engine();
        return group.stream().map(PolicyViolation::engine).distinct().filter(e -> !e.equals(first)).toList();
    }

    private static String full(PolicyViolation v) {
        return shown(v) + ": " + v.message();
    }

    /** {@code check --policies --format json}. */
    public static String checkJson(PolicyCheck.Report report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("policies", report.directory());
        List<Object> results = new ArrayList<>();
        for (PolicyCheck.Verdict v : report.results()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("source", v.source().toString());
            o.put("namespace", v.namespace());
            o.put("kind", v.kind());
            o.put("name", v.name());
            o.put("allowed", v.allowed());
            o.put("exempt", v.decision().exempt());
            o.put("enforce", v.decision().label());
            o.put("allowedByEngine", v.decision().allowedByEngine());
            List<Object> vs = new ArrayList<>();
            v.decision().violations().forEach(x -> vs.add(violation(x)));
            o.put("violations", vs);
            results.add(o);
        }
        root.put("results", results);
        root.put("skipped", report.skipped());
        return Json.write(root);
    }
}
