package dev.psp2psa.report;

import dev.psp2psa.check.CheckReport;
import dev.psp2psa.check.CheckedObject;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.pss.Check;
import dev.psp2psa.pss.CheckRegistry;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Violation;
import dev.psp2psa.report.SarifLog.Rule;
import dev.psp2psa.report.SarifLog.Where;
import dev.psp2psa.verify.Outcome;
import dev.psp2psa.verify.PolicyCheck;
import dev.psp2psa.verify.PolicyViolation;
import dev.psp2psa.verify.VerifyReport;
import dev.psp2psa.verify.VerifyResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --format sarif} of {@code check} and {@code verify}: the reports' decisions as SARIF 2.1.0 results, each at
 * the file and line of the object it is about. Rules: the Pod Security Standards check ids (and, with
 * {@code --policies}, one per policy of the directory) for {@code check}; the disagreements {@code nowDenied} and
 * {@code nowAdmitted} for {@code verify}. {@code analyze} is {@link PlanSarif}.
 */
public final class SarifRenderer {

    static final List<String> TAGS = List.of("security", "kubernetes", "pod-security");

    private SarifRenderer() {
    }

    /**
     * {@code check --format sarif}: one result per failing check of each pod or workload. With {@code --level} the
     * object is denied (error); without, the checks are those that keep it from the next level (note).
     */
    public static String check(CheckReport report, Path base) {
        SarifLog log = new SarifLog(base);
        pssRules(log);
        for (CheckedObject o : report.results()) {
            Level at = report.level().orElse(next(o.tightest()));
            String policy = at.id() + ":" + report.version();
            for (Violation v : o.violations()) {
                String what = report.level().isPresent()
                        ? " is denied at " + policy + ": "
                        : " passes " + o.tightest().id() + " but not " + policy + ": ";
                Map<String, Object> props = props(o.namespace(), o.kind(), o.name());
                props.put("policy", policy);
                log.result(v.check(), report.level().isPresent() ? SarifLog.Level.ERROR : SarifLog.Level.NOTE,
                        sentence(o.kind() + "/" + o.name() + " in namespace " + o.namespace() + what + v.message()),
                        where(o.source(), o.namespace(), o.kind(), o.name()),
                        identity(o.namespace(), o.kind(), o.name(), policy, v.check()), props);
            }
        }
        return log.write();
    }

    /** {@code check --policies DIR --format sarif}: one error per violation (once across engines) of each object. */
    public static String checkPolicies(PolicyCheck.Report report, Path base) {
        SarifLog log = new SarifLog(base);
        pssRules(log);
        for (PolicyCheck.Verdict v : report.results()) {
            for (List<PolicyViolation> group : VerifyRenderer.groups(v.decision().violations())) {
                PolicyViolation first = group.get(0);
                String ruleId = ruleOf(log, first);
                List<String> engines = engines(group);
                Map<String, Object> props = props(v.namespace(), v.kind(), v.name());
                props.put("policy", first.policy());
                props.put("engines", engines);
                log.result(ruleId, SarifLog.Level.ERROR,
                        sentence(v.kind() + "/" + v.name() + " in namespace " + v.namespace() + " is denied by "
                                + deniedBy(first, engines) + ": " + first.message()),
                        where(v.source(), v.namespace(), v.kind(), v.name()),
                        identity(v.namespace(), v.kind(), v.name(), first.policy(), ruleId), props);
            }
        }
        return log.write();
    }

    /** {@code verify --format sarif}: one result per disagreement, an error unless it is explained (a note). */
    public static String verify(VerifyReport report, Path base) {
        SarifLog log = new SarifLog(base);
        log.rule(new Rule(Outcome.NOW_DENIED.id(), "NowDenied",
                "A pod that PSP admitted is denied by the migration: the workload would break.",
                SarifLog.Level.ERROR, TAGS));
        log.rule(new Rule(Outcome.NOW_ADMITTED.id(), "NowAdmitted",
                "A pod that PSP denied is admitted by the migration: a restriction would be lost.",
                SarifLog.Level.ERROR, TAGS));
        for (VerifyResult r : report.results()) {
            if (r.agree()) {
                continue;
            }
            Map<String, Object> props = props(r.namespace(), r.kind(), r.name());
            props.put("serviceAccount", r.serviceAccount());
            props.put("generated", r.generated());
            props.put("explained", r.explained());
            log.result(r.outcome().id(), r.explained() ? SarifLog.Level.NOTE : SarifLog.Level.ERROR,
                    verifyMessage(r),
                    where(r.origin(), r.namespace(), r.kind(), r.name()),
                    identity(r.source(), r.namespace(), r.kind(), r.name(), r.serviceAccount(), r.outcome().id()),
                    props);
        }
        return log.write();
    }

    /** What a verify result says: the pod, the old and the new decisions, and the explanation if they differ. */
    static String verifyMessage(VerifyResult r) {
        String who = r.kind() + "/" + r.name() + " in namespace " + r.namespace() + " (service account "
                + r.serviceAccount() + (r.generated() ? ", generated from PSP " + r.psp() : "") + ")";
        String psp = r.old().psp();
        return switch (r.outcome()) {
            case BOTH_ADMIT -> who + " is admitted by PSP " + psp + " and by the migration.";
            case BOTH_DENY -> who + " is denied by every usable PSP and by the migration.";
            case NOW_DENIED -> who + " was admitted by PSP " + psp + " and is denied by " + deniers(r) + "."
                    + (r.explained() ? " Explained: " : " Unexplained: ") + sentence(r.explanation());
            case NOW_ADMITTED -> who + " was denied by every usable PSP and is admitted by the migration."
                    + (r.explained() ? " Explained: " : " Unexplained: ") + sentence(r.explanation());
        };
    }

    private static String deniers(VerifyResult r) {
        List<String> shown = VerifyRenderer.onceEach(r.now().violations(),
                v -> v.engine() + " " + v.policy() + " " + v.rule());
        return shown.isEmpty() ? "the migration" : String.join("; ", shown);
    }

    /** Every Pod Security Standards check is a rule, whether or not a result names it: the ids stay stable. */
    static void pssRules(SarifLog log) {
        for (Check c : CheckRegistry.standard().all()) {
            log.rule(new Rule(c.id(), c.id(), sentence(c.description()), SarifLog.Level.ERROR,
                    List.of("security", "kubernetes", "pod-security", c.level().id())));
        }
    }

    /** The rule of a violation: its PSS check for PSA, else {@code policy/<name>} of the directory's policy. */
    private static String ruleOf(SarifLog log, PolicyViolation v) {
        if (v.engine().equals(PolicyViolation.PSA)) {
            return v.rule();
        }
        String id = "policy/" + v.policy();
        log.rule(new Rule(id, v.policy(), "The policy " + v.policy() + " of the migration denies the pod: a restriction of its PSPs that Pod Security Admission does not enforce.",
                SarifLog.Level.ERROR, TAGS));
        return id;
    }

    private static List<String> engines(List<PolicyViolation> group) {
        return group.stream().map(PolicyViolation::engine).distinct().toList();
    }

    private static String deniedBy(PolicyViolation first, List<String> engines) {
        if (first.engine().equals(PolicyViolation.PSA)) {
            return "PSA " + first.policy() + " (" + first.rule() + ")";
        }
        return "policy " + first.policy() + " (" + String.join(", ", engines) + ")";
    }

    static Level next(Level tightest) {
        return tightest == Level.RESTRICTED ? Level.RESTRICTED : Level.values()[tightest.ordinal() + 1];
    }

    static Where where(Source source, String namespace, String kind, String name) {
        return new Where(source, kind, name, namespace + "/" + kind + "/" + name);
    }

    static Map<String, Object> props(String namespace, String kind, String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("namespace", namespace);
        p.put("kind", kind);
        p.put("name", name);
        return p;
    }

    static String identity(String... parts) {
        return String.join("|", parts);
    }

    /** The text as one sentence (or several) ending with a period. */
    static String sentence(String text) {
        String t = text == null ? "" : text.strip();
        return t.endsWith(".") ? t : t + ".";
    }
}
