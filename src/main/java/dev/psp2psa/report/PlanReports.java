package dev.psp2psa.report;

import dev.psp2psa.policy.Engine;
import dev.psp2psa.policy.GatekeeperLibrary;
import dev.psp2psa.policy.GatekeeperTemplates;
import dev.psp2psa.format.Yaml;
import dev.psp2psa.policy.GapPolicy;
import dev.psp2psa.policy.PolicyValidation;
import java.util.Collection;
import dev.psp2psa.plan.Plan;
import java.util.List;
import java.util.Map;

/** Renders the migration plan as the Markdown and HTML reports and as the convert tree's README. */
public final class PlanReports {

    private static final String MARKDOWN = "report/report.md.ftl";
    private static final String HTML = "report/report.html.ftlh";

    private PlanReports() {
    }

    public static String markdown(Plan plan) {
        return markdown(plan, List.of());
    }

    public static String html(Plan plan) {
        return html(plan, List.of());
    }

    /** Writes the Markdown report of {@code analyze} as {@link #markdown(Plan)} gives it, as it is rendered. */
    public static void markdown(Plan plan, java.io.Writer out) throws java.io.IOException {
        markdown(plan, List.of(), null, null, out);
    }

    /** Writes the HTML report of {@code analyze} as {@link #html(Plan)} gives it, as it is rendered. */
    public static void html(Plan plan, java.io.Writer out) throws java.io.IOException {
        html(plan, List.of(), null, null, out);
    }

    /** The Markdown report, with the gap policies {@code convert} writes. */
    public static String markdown(Plan plan, List<GapPolicy> policies) {
        return markdown(plan, policies, null);
    }

    /** The HTML report, with the gap policies {@code convert} writes. */
    public static String html(Plan plan, List<GapPolicy> policies) {
        return html(plan, policies, null);
    }

    /** The Markdown report, with the gap policies and, in library mode, the Gatekeeper library coverage. */
    public static String markdown(Plan plan, List<GapPolicy> policies, GatekeeperLibrary.Coverage library) {
        return markdown(plan, policies, library, null);
    }

    /**
     * The Markdown report of a {@code convert} that wrote the gap policies for these engines ({@code null}: not a
     * convert); with none, the report says what is left unenforced.
     */
    public static String markdown(Plan plan, List<GapPolicy> policies, GatekeeperLibrary.Coverage library,
            Collection<Engine> engines) {
        return Templates.render(MARKDOWN, documentModel(plan, policies, library, engines));
    }

    /** The HTML report of a {@code convert} that wrote the gap policies for these engines ({@code null}: none). */
    public static String html(Plan plan, List<GapPolicy> policies, GatekeeperLibrary.Coverage library,
            Collection<Engine> engines) {
        return Templates.render(HTML, documentModel(plan, policies, library, engines));
    }

    /**
     * Writes the Markdown report as {@link #markdown(Plan, List, GatekeeperLibrary.Coverage, Collection)} gives it,
     * as it is rendered: a report of hundreds of thousands of workloads is never held whole. Flushed, not closed.
     */
    public static void markdown(Plan plan, List<GapPolicy> policies, GatekeeperLibrary.Coverage library,
            Collection<Engine> engines, java.io.Writer out) throws java.io.IOException {
        Templates.render(MARKDOWN, documentModel(plan, policies, library, engines), out);
    }

    /** Writes the HTML report as {@link #html(Plan, List, GatekeeperLibrary.Coverage, Collection)} gives it. */
    public static void html(Plan plan, List<GapPolicy> policies, GatekeeperLibrary.Coverage library,
            Collection<Engine> engines, java.io.Writer out) throws java.io.IOException {
        Templates.render(HTML, documentModel(plan, policies, library, engines), out);
    }

    /** Writes the JSON report as {@link #json} gives it, as it is built (the stream {@code analyze} writes too). */
    public static void json(Plan plan, java.io.Writer out) {
        PlanJson.write(plan, out);
    }

    private static Map<String, Object> documentModel(Plan plan, List<GapPolicy> policies,
            GatekeeperLibrary.Coverage library, Collection<Engine> engines) {
        return withLibrary(withPolicies(plan, templateModel(plan), policies, engines), library);
    }

    /** The HTML report, with the gap policies and, in library mode, the Gatekeeper library coverage. */
    public static String html(Plan plan, List<GapPolicy> policies, GatekeeperLibrary.Coverage library) {
        return html(plan, policies, library, null);
    }

    /** Adds the library constraints and the rules they do not cover (none when {@code library} is null). */
    static Map<String, Object> withLibrary(Map<String, Object> model, GatekeeperLibrary.Coverage library) {
        List<Object> constraints = new java.util.ArrayList<>();
        List<Object> uncovered = new java.util.ArrayList<>();
        if (library != null) {
            for (GatekeeperLibrary.LibraryConstraint c : library.constraints()) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("policy", c.policy());
                m.put("kind", c.kind());
                m.put("rules", c.rules());
                m.put("psps", c.psps());
                m.put("exact", c.exact());
                m.put("how", c.how());
                constraints.add(m);
            }
            for (GatekeeperLibrary.Uncovered u : library.uncovered()) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("policy", u.policy());
                m.put("rule", u.rule());
                m.put("why", u.why());
                uncovered.add(m);
            }
        }
        model.put("library", library != null);
        model.put("libraryConstraints", constraints);
        model.put("libraryUncovered", uncovered);
        return model;
    }

    public static String json(Plan plan) {
        return PlanJson.json(plan);
    }

    public static String treeReadme(Plan plan, List<GapPolicy> policies, Collection<Engine> engines) {
        return treeReadme(plan, policies, engines, GatekeeperTemplates.PSP2PSA,
                dev.psp2psa.policy.Compatibility.kyverno(plan.clusterVersion()).orElse(null), List.of());
    }

    /**
     * The convert tree's README, for the Gatekeeper templates the constraints use and the Kyverno form written
     * (null: none) and the mutation folders written ({@code kyverno-mutations/}, {@code gatekeeper/mutations/}): what
     * to apply in which phase on the cluster version, and what to do after an upgrade.
     */
    public static String treeReadme(Plan plan, List<GapPolicy> policies, Collection<Engine> engines,
            GatekeeperTemplates templates, dev.psp2psa.policy.Compatibility.KyvernoKind kyverno,
            List<String> mutations) {
        return treeReadme(plan, policies, engines, templates, kyverno, mutations, List.of(), null);
    }

    /**
     * As above, with the label guard's folders ({@code guard/vap/}, ...) and its admins as {@code --label-admins}
     * takes them (null: no guard asked for).
     */
    public static String treeReadme(Plan plan, List<GapPolicy> policies, Collection<Engine> engines,
            GatekeeperTemplates templates, dev.psp2psa.policy.Compatibility.KyvernoKind kyverno,
            List<String> mutations, List<String> guard, String guardAdmins) {
        Map<String, Object> model = withLibrary(withPolicies(plan, templateModel(plan), policies, engines), null);
        model.put("mutations", mutations);
        model.put("guard", guard);
        model.put("guardAdmins", guardAdmins == null ? "" : guardAdmins);
        model.put("gatekeeperTemplates", templates.id());
        dev.psp2psa.pss.Version v = plan.clusterVersion();
        model.put("clusterMinor", v.minor());
        model.put("psaConfig", dev.psp2psa.policy.Compatibility.psaConfig(v).apiVersion());
        model.put("gatekeeperCel", dev.psp2psa.policy.Compatibility.gatekeeperCel(v));
        model.put("kyvernoKind", kyverno == null ? "" : switch (kyverno) {
            case CLUSTER_POLICY -> "kyverno.io/v1 ClusterPolicies with validate.cel rules and the spec-level "
                    + "validationFailureAction (Kyverno 1.11 or newer)";
            case CLUSTER_POLICY_RULE_ACTION -> "kyverno.io/v1 ClusterPolicies with validate.cel rules and their own "
                    + "validate.failureAction (Kyverno 1.13 or newer)";
            case VALIDATING_POLICY -> "policies.kyverno.io/v1 ValidatingPolicies (Kyverno 1.17 or newer)";
        });
        return Templates.render("convert/README.md.ftl", model);
    }

    /** Adds the gap policies and the engines written to a template model. */
    static Map<String, Object> withPolicies(Plan plan, Map<String, Object> model, List<GapPolicy> policies,
            Collection<Engine> engines) {
        List<Object> list = new java.util.ArrayList<>();
        for (GapPolicy p : policies) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("name", p.name());
            m.put("namespaces", p.namespaces());
            m.put("unlisted", p.unlisted());
            m.put("excluded", p.excluded());
            m.put("enforce", p.enforce().id());
            List<Object> validations = new java.util.ArrayList<>();
            for (PolicyValidation v : p.validations()) {
                Map<String, Object> vm = new java.util.LinkedHashMap<>();
                vm.put("rule", v.rule());
                vm.put("psps", v.psps());
                vm.put("rules", v.rules());
                vm.put("exact", v.predicate().exact());
                vm.put("approximation", v.predicate().reason());
                vm.put("message", v.predicate().message());
                validations.add(vm);
            }
            m.put("validations", validations);
            list.add(m);
        }
        model.put("policies", list);
        model.put("engines", engines == null ? List.of() : engines.stream().map(Engine::id).sorted().toList());
        model.put("unenforced", engines != null && engines.isEmpty() && !policies.isEmpty() ? unenforced(plan)
                : null);
        return model;
    }

    /**
     * What a migration without gap policies ({@code --engines none}) leaves unenforced once PSP is off: the gaps of
     * the planned namespaces (and those where PSP admitted no pod, which nothing denies now), and the default
     * class's, which held in every namespace the input does not name.
     */
    public static Map<String, Object> unenforced(Plan plan) {
        int restrictions = 0;
        int namespaces = 0;
        for (dev.psp2psa.plan.NamespacePlan n : plan.namespaces()) {
            if (n.exempt()) {
                continue;
            }
            restrictions += n.gaps().size();
            if (!n.gaps().isEmpty() || n.policyLevel().isEmpty()) {
                namespaces++;
            }
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("restrictions", restrictions);
        m.put("namespaces", namespaces);
        m.put("denyAll", plan.namespaces().stream().filter(n -> !n.exempt() && n.policyLevel().isEmpty())
                .map(dev.psp2psa.plan.NamespacePlan::name).toList());
        m.put("otherRestrictions", plan.defaultClass().gaps().size());
        m.put("otherDenyAll", plan.defaultClass().policyLevel().isEmpty());
        return m;
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
        withCharts(plan, model);
        return model;
    }

    /**
     * Adds the pictures of the HTML report: {@code levelChart} (the labelled namespaces by policy level before and by
     * recommended enforce level after) and, on each namespace and the default class, {@code workChart} (its
     * tightenings, gaps and fields to add, on one scale for all).
     */
    @SuppressWarnings("unchecked")
    static void withCharts(Plan plan, Map<String, Object> model) {
        Map<String, Integer> before = new java.util.TreeMap<>();
        Map<String, Integer> after = new java.util.TreeMap<>();
        int max = 0;
        for (dev.psp2psa.plan.NamespacePlan n : plan.namespaces()) {
            max = Math.max(max, workMax(n));
            if (!n.exempt()) {
                before.merge(n.policyLevelId(), 1, Integer::sum);
                after.merge(n.recommended().enforce().id(), 1, Integer::sum);
            }
        }
        int scale = Math.max(max, workMax(plan.defaultClass()));
        model.put("levelChart", ReportCharts.levels(before, after));
        List<Map<String, Object>> namespaces = (List<Map<String, Object>>) model.get("namespaces");
        // Still built one namespace at a time, as the JSON model is.
        model.put("namespaces", new java.util.AbstractList<Map<String, Object>>() {
            @Override
            public Map<String, Object> get(int index) {
                dev.psp2psa.plan.NamespacePlan n = plan.namespaces().get(index);
                return withWork(namespaces.get(index), n.name(), n, scale);
            }

            @Override
            public int size() {
                return namespaces.size();
            }
        });
        withWork((Map<String, Object>) model.get("defaultClass"), "Every other namespace", plan.defaultClass(), scale);
    }

    private static int workMax(dev.psp2psa.plan.NamespacePlan n) {
        return Math.max(n.tightenings().size(), Math.max(n.gaps().size(), n.mutations().size()));
    }

    private static Map<String, Object> withWork(Map<String, Object> m, String name, dev.psp2psa.plan.NamespacePlan n,
            int max) {
        m.put("workChart", ReportCharts.work(name, n.tightenings().size(), n.gaps().size(), n.mutations().size(),
                max));
        return m;
    }
}
