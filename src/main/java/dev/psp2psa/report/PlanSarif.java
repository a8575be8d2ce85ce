package dev.psp2psa.report;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.plan.FieldToAdd;
import dev.psp2psa.plan.NamespaceGap;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.Tightening;
import dev.psp2psa.report.SarifLog.Rule;
import dev.psp2psa.report.SarifLog.Where;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code analyze --format sarif}: the plan's findings as SARIF 2.1.0 results. Three rules: {@code gap} (a restriction
 * of the usable PSPs that the recommended level does not enforce; the gap policies keep it), {@code tightening}
 * (what a usable PSP allowed and the recommended enforce level forbids) and {@code field-to-add} (a PSP default a
 * workload relied on). Gaps and tightenings are located at the PSP that enforced or allowed them, fields to add at the
 * workload. Namespaces exempt from PSA get no gap or tightening (PSA does not apply there), as {@code --fail-on gaps}.
 */
public final class PlanSarif {

    static final String GAP = "gap";
    static final String TIGHTENING = "tightening";
    static final String FIELD_TO_ADD = "field-to-add";

    private PlanSarif() {
    }

    /**
     * @param inventory the input the plan was computed from: where its PSPs and workloads are
     * @param base the working directory, against which absolute sources are made relative
     */
    public static String analyze(Plan plan, Inventory inventory, Path base) {
        SarifLog log = new SarifLog(base);
        log.rule(new Rule(GAP, "Gap", "A restriction the namespace's PSPs enforced that its recommended Pod Security "
                + "level does not enforce: the gap policies psp2psa writes keep it.", SarifLog.Level.WARNING,
                SarifRenderer.TAGS));
        log.rule(new Rule(TIGHTENING, "Tightening", "Something a usable PSP allowed that the recommended enforce "
                + "level forbids.", SarifLog.Level.WARNING, SarifRenderer.TAGS));
        log.rule(new Rule(FIELD_TO_ADD, "FieldToAdd", "A PSP default a workload relied on: without the field, its "
                + "pods change or are denied once PSP is gone.", SarifLog.Level.ERROR, SarifRenderer.TAGS));
        Map<String, Source> psps = new HashMap<>();
        plan.psps().forEach(p -> psps.put(p.name(), p.source()));
        Map<String, Source> workloads = workloadSources(inventory);
        List<NamespacePlan> all = new ArrayList<>(plan.namespaces());
        all.add(plan.defaultClass());
        for (NamespacePlan ns : all) {
            boolean defaultClass = ns == plan.defaultClass();
            String name = defaultClass ? PlanJson.DEFAULT_CLASS_NAME : ns.name();
            String in = defaultClass ? "Every namespace without a plan of its own" : "Namespace " + ns.name();
            if (!ns.exempt()) {
                gaps(log, ns, name, in, psps);
                tightenings(log, ns, name, in, psps);
            }
            fields(log, ns, name, workloads);
        }
        return log.write();
    }

    private static void gaps(SarifLog log, NamespacePlan ns, String name, String in, Map<String, Source> psps) {
        for (NamespaceGap g : ns.gaps()) {
            String psp = g.psps().get(0);
            Map<String, Object> props = props(name, psp);
            props.put("rule", g.rule());
            props.put("fields", g.fields());
            props.put("psps", g.psps());
            log.result(GAP, SarifLog.Level.WARNING, SarifRenderer.sentence(in + ": PSP " + String.join(", ", g.psps())
                    + " enforced " + g.rule() + " (" + String.join(", ", g.fields()) + ") and PSA at "
                    + ns.recommended().enforce().id() + " does not; the gap policies keep it: " + g.detail()),
                    pspWhere(psps, psp), SarifRenderer.identity(name, GAP, g.rule(), String.join(",", g.psps())),
                    props);
        }
    }

    /** The tightenings at or below the recommended enforce level: what the new label denies that PSP allowed. */
    private static void tightenings(SarifLog log, NamespacePlan ns, String name, String in,
            Map<String, Source> psps) {
        for (Tightening t : ns.tightenings()) {
            if (t.level().tighterThan(ns.recommended().enforce())) {
                continue;
            }
            Map<String, Object> props = props(name, t.psp());
            props.put("check", t.check());
            props.put("field", t.field());
            props.put("level", t.level().id());
            props.put("workloads", t.workloads());
            String used = t.workloads().isEmpty() ? "; no given workload uses it"
                    : "; used by " + String.join(", ", t.workloads());
            log.result(TIGHTENING, t.workloads().isEmpty() ? SarifLog.Level.NOTE : SarifLog.Level.WARNING,
                    SarifRenderer.sentence(in + ": enforce " + ns.recommended().enforce().id() + " forbids what PSP "
                            + t.psp() + " allowed with " + t.field() + " (check " + t.check() + ")" + used + ": "
                            + t.detail()),
                    pspWhere(psps, t.psp()), SarifRenderer.identity(name, TIGHTENING, t.level().id(), t.psp(), t.field(),
                            t.check()),
                    props);
        }
    }

    private static void fields(SarifLog log, NamespacePlan ns, String name, Map<String, Source> workloads) {
        for (FieldToAdd f : ns.mutations()) {
            int slash = f.workload().indexOf('/');
            String kind = f.workload().substring(0, slash);
            String wname = f.workload().substring(slash + 1);
            Map<String, Object> props = SarifRenderer.props(name, kind, wname);
            props.put("psp", f.psp());
            props.put("field", f.field());
            props.put("value", f.value());
            props.put("required", f.required());
            String effect = f.required() ? "the new policies deny its pods without it"
                    : "its pods are admitted without it but may behave differently";
            log.result(FIELD_TO_ADD, f.required() ? SarifLog.Level.ERROR : SarifLog.Level.NOTE,
                    SarifRenderer.sentence(f.workload() + " in namespace " + name + " relied on PSP " + f.psp()
                            + " setting " + f.field() + "=" + f.value() + ": add it, " + effect),
                    new Where(workloads.get(name + "/" + f.workload()), kind, wname, name + "/" + f.workload()),
                    SarifRenderer.identity(name, FIELD_TO_ADD, f.workload(), f.field()), props);
        }
    }

    /** Where each pod and workload of the input is, by {@code namespace/Kind/name}; the first read wins. */
    private static Map<String, Source> workloadSources(Inventory inventory) {
        Map<String, Source> out = new HashMap<>();
        for (WorkloadDigest d : inventory.digests()) {
            out.putIfAbsent(d.namespace() + "/" + d.kind() + "/" + d.name(), d.source());
        }
        inventory.objects().stream().map(Workload::of).flatMap(Optional::stream)
                .forEach(w -> out.putIfAbsent(w.namespace() + "/" + w.kind() + "/" + w.name(), w.source()));
        return out;
    }

    private static Where pspWhere(Map<String, Source> psps, String psp) {
        return new Where(psps.get(psp), "PodSecurityPolicy", psp, "PodSecurityPolicy/" + psp);
    }

    private static Map<String, Object> props(String namespace, String psp) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("namespace", namespace);
        p.put("psp", psp);
        return p;
    }
}
