package dev.psp2psa.report;

import dev.psp2psa.format.Json;
import dev.psp2psa.plan.BypassReview;
import dev.psp2psa.plan.BypassSubject;
import dev.psp2psa.plan.NamespaceGap;
import dev.psp2psa.plan.GrantPath;
import dev.psp2psa.plan.FieldToAdd;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.NamespacePsp;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.PspReason;
import dev.psp2psa.plan.PspSummary;
import dev.psp2psa.plan.Recommendation;
import dev.psp2psa.plan.Tightening;
import dev.psp2psa.plan.UserAccess;
import dev.psp2psa.pss.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON report of DESIGN §7 ({@code schemaVersion: "psp2psa/v1"}) as ordered maps and lists. The same model
 * feeds the Markdown and HTML templates, so every report says the same thing.
 */
public final class PlanJson {

    public static final String SCHEMA_VERSION = "psp2psa/v1";

    /** The name the default class has in reports: it stands for every namespace without a plan of its own. */
    public static final String DEFAULT_CLASS_NAME = "*";

    private PlanJson() {
    }

    public static String json(Plan plan) {
        return Json.write(model(plan));
    }

    /** Writes the JSON report as it is built; the writer is flushed, not closed. */
    public static void write(Plan plan, java.io.Writer out) {
        Json.write(model(plan), out);
    }

    public static Map<String, Object> model(Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("clusterVersion", plan.clusterVersion().toString());
        root.put("clusterVersionSource", plan.clusterVersionSource());
        root.put("targetVersion", plan.targetVersion().toString());
        root.put("includeUsers", plan.includeUsers());
        root.put("defaults", recommendation(plan.defaults()));
        // Every namespace the input does not name, and every namespace created later: only the cluster-wide grants.
        Map<String, Object> defaultClass = namespace(plan.defaultClass());
        defaultClass.put("name", DEFAULT_CLASS_NAME);
        root.put("defaultClass", defaultClass);
        root.put("psps", plan.psps().stream().map(PlanJson::psp).toList());
        // Built one namespace at a time as it is written: a plan of thousands of namespaces and hundreds of
        // thousands of workloads is never held as one model.
        List<NamespacePlan> namespaces = plan.namespaces();
        root.put("namespaces", new java.util.AbstractList<Map<String, Object>>() {
            @Override
            public Map<String, Object> get(int index) {
                return namespace(namespaces.get(index));
            }

            @Override
            public int size() {
                return namespaces.size();
            }
        });
        root.put("users", plan.users().stream().map(PlanJson::user).toList());
        root.put("bypass", bypass(plan.bypass()));
        root.put("skipped", plan.skipped());
        root.put("problems", plan.problems());
        root.put("warnings", plan.warnings());
        root.put("inputDoubts", plan.inputDoubts());
        return root;
    }

    private static Map<String, Object> psp(PspSummary p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("source", p.source().toString());
        m.put("level", p.levelId());
        m.put("configurationErrors", p.configurationErrors());
        m.put("mutating", p.mutating());
        List<Object> reasons = new ArrayList<>();
        for (PspReason r : p.reasons()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("rule", r.rule());
            rm.put("field", r.field());
            rm.put("value", r.value());
            rm.put("check", r.check());
            rm.put("blocks", r.blocks().id());
            rm.put("detail", r.detail());
            rm.put("witness", r.witness());
            reasons.add(rm);
        }
        m.put("reasons", reasons);
        return m;
    }

    private static Map<String, Object> recommendation(Recommendation r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enforce", r.enforce().id());
        m.put("audit", r.audit().id());
        m.put("warn", r.warn().id());
        m.put("version", r.version().toString());
        return m;
    }

    private static Map<String, Object> namespace(NamespacePlan ns) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ns.name());
        m.put("exempt", ns.exempt());
        m.put("currentLabels", currentLabels(ns.current()));
        m.put("policyLevel", ns.policyLevelId());
        m.put("policyBlockers", ns.policyBlockers());
        m.put("workloadLevel", ns.workloadLevel().map(Level::id).orElse(null));
        m.put("recommended", recommendation(ns.recommended()));
        m.put("why", ns.why());
        m.put("serviceAccounts", ns.serviceAccounts());
        // The lists that grow with the workloads are mapped as they are read: a template that keeps every
        // namespace's model (a ?filter) keeps the plan's records, not a map per field to add.
        m.put("psps", lazy(ns.psps(), PlanJson::namespacePsp));
        m.put("tightenings", lazy(ns.tightenings(), PlanJson::tightening));
        m.put("gaps", lazy(ns.gaps(), PlanJson::gap));
        m.put("assumptions", ns.assumptions());
        m.put("mutations", lazy(ns.mutations(), PlanJson::fieldToAdd));
        m.put("deniedAsIs", lazy(ns.denials(), PlanJson::denial));
        m.put("workloads", ns.workloads());
        return m;
    }

    /** The list mapped element by element each time an element is read; nothing is copied. */
    static <T> List<Map<String, Object>> lazy(List<T> list, java.util.function.Function<T, Map<String, Object>> map) {
        return new LazyList<>(list, map);
    }

    private static final class LazyList<T> extends java.util.AbstractList<Map<String, Object>>
            implements java.util.RandomAccess {
        private final List<T> list;
        private final java.util.function.Function<T, Map<String, Object>> map;

        LazyList(List<T> list, java.util.function.Function<T, Map<String, Object>> map) {
            this.list = list;
            this.map = map;
        }

        @Override
        public Map<String, Object> get(int index) {
            return map.apply(list.get(index));
        }

        @Override
        public int size() {
            return list.size();
        }
    }

    private static Map<String, Object> currentLabels(dev.psp2psa.plan.CurrentLabels c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enforce", c.enforce());
        m.put("enforceVersion", c.enforceVersion());
        m.put("audit", c.audit());
        m.put("auditVersion", c.auditVersion());
        m.put("warn", c.warn());
        m.put("warnVersion", c.warnVersion());
        return m;
    }

    private static Map<String, Object> denial(dev.psp2psa.plan.WorkloadDenial d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", d.workload());
        m.put("checks", d.checks());
        m.put("fields", d.fields());
        return m;
    }

    private static Map<String, Object> namespacePsp(NamespacePsp p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("serviceAccounts", p.serviceAccounts());
        m.put("grants", p.grants().stream().map(PlanJson::grant).toList());
        return m;
    }

    private static Map<String, Object> grant(GrantPath g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", g.subject());
        m.put("binding", g.binding());
        m.put("role", g.role());
        return m;
    }

    private static Map<String, Object> tightening(Tightening t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", t.level().id());
        m.put("check", t.check());
        m.put("psp", t.psp());
        m.put("field", t.field());
        m.put("detail", t.detail());
        m.put("workloads", t.workloads());
        return m;
    }

    private static Map<String, Object> gap(NamespaceGap g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", g.rule());
        m.put("fields", g.fields());
        m.put("psps", g.psps());
        m.put("allUsablePsps", g.allUsablePsps());
        m.put("detail", g.detail());
        return m;
    }

    private static Map<String, Object> fieldToAdd(FieldToAdd f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", f.workload());
        m.put("psp", f.psp());
        m.put("field", f.field());
        m.put("value", f.value());
        m.put("required", f.required());
        return m;
    }

    /** Who can get around PSA after the switch (docs/report-json.md, {@code bypass}). */
    private static Map<String, Object> bypass(BypassReview b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labelAdmins", b.labelAdmins());
        m.put("unexpectedRelabellers", b.unexpectedRelabellers().stream().map(s -> {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("kind", s.kind());
            sm.put("name", s.name());
            return sm;
        }).toList());
        m.put("exemptNamespaces", b.exemptNamespaces());
        m.put("exemptUsernames", b.exemptUsernames());
        m.put("refusedUsernames", b.refusedUsernames().stream().map(r -> {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("username", r.username());
            rm.put("reason", r.reason());
            return rm;
        }).toList());
        m.put("exemptRuntimeClasses", b.exemptRuntimeClasses());
        m.put("subjects", b.subjects().stream().map(PlanJson::bypassSubject).toList());
        return m;
    }

    private static Map<String, Object> bypassSubject(BypassSubject s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", s.kind());
        m.put("name", s.name());
        m.put("labelAdmin", s.labelAdmin());
        m.put("paths", s.paths().stream().map(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("kind", p.kind());
            pm.put("verbs", p.verbs());
            pm.put("resources", p.resources());
            pm.put("namespaces", p.namespaces());
            pm.put("binding", p.binding());
            pm.put("role", p.role());
            pm.put("rule", p.rule());
            pm.put("broad", p.broad());
            return pm;
        }).toList());
        return m;
    }

    private static Map<String, Object> user(UserAccess u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", u.subject());
        m.put("psps", u.psps());
        m.put("scopes", u.scopes());
        return m;
    }
}
