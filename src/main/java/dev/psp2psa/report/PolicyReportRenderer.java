package dev.psp2psa.report;

import dev.psp2psa.check.CheckReport;
import dev.psp2psa.check.CheckedObject;
import dev.psp2psa.format.Yaml;
import dev.psp2psa.input.Inputs;
import dev.psp2psa.pss.Check;
import dev.psp2psa.pss.CheckRegistry;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Violation;
import dev.psp2psa.verify.Outcome;
import dev.psp2psa.verify.PolicyCheck;
import dev.psp2psa.verify.PolicyViolation;
import dev.psp2psa.verify.VerifyReport;
import dev.psp2psa.verify.VerifyResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code --format policyreport} of {@code check} and {@code verify}: the reports' decisions as
 * {@code wgpolicyk8s.io/v1alpha2} reports, what Policy Reporter and the Kyverno UIs read. The output is one
 * multi-document YAML stream ({@code kubectl apply -f} takes it as it is): a PolicyReport per namespace for the results
 * about pods and workloads (sorted by namespace; an object that names no namespace is in {@code default}, as
 * {@code check} evaluates it), then a ClusterPolicyReport for the results about cluster-scoped objects (the PSPs from
 * which {@code verify} generated boundary pods, with the namespace they were tried in). A report with no result is not
 * written. Every result has {@code source: psp2psa}, its policy and rule, {@code pass}, {@code fail}, {@code warn} or
 * {@code skip}, one sentence, the object it is about and, in {@code properties}, the file and line it was read from;
 * each summary counts its report's results. No timestamp: the schema's is optional.
 */
public final class PolicyReportRenderer {

    static final String API_VERSION = "wgpolicyk8s.io/v1alpha2";
    static final String SOURCE = "psp2psa";
    static final String ALL_CHECKS = "all-checks";
    static final String PSS = "Pod Security Standards";
    static final String GAP_POLICIES = "PSP gap policies";
    static final String VERIFY_POLICY = "psp2psa-migration";
    static final String MIGRATION = "PSP migration";

    private PolicyReportRenderer() {
    }

    /**
     * {@code check --format policyreport}: per pod or workload, one {@code fail} per failing check at {@code --level}
     * (without it, one {@code warn} per check that keeps it from the next level), or one {@code pass}. The policy is the
     * PSA label evaluated ({@code restricted:v1.37}), the rule the check id.
     */
    public static String check(CheckReport report, Path base) {
        Reports out = new Reports("psp2psa-check");
        for (CheckedObject o : report.results()) {
            Level at = report.level().orElse(SarifRenderer.next(o.tightest()));
            String policy = at.id() + ":" + report.version();
            Map<String, String> props = new LinkedHashMap<>();
            props.put("location", SarifLog.shown(o.source(), base));
            props.put("tightestLevel", o.tightest().id());
            List<Map<String, Object>> resources = List.of(workload(o.kind(), o.name(), o.namespace()));
            if (o.violations().isEmpty()) {
                out.add(o.namespace(), result(policy, ALL_CHECKS, PSS, null, "pass",
                        "Passes every check of " + policy + ".", resources, props));
            }
            for (Violation v : o.violations()) {
                boolean denied = report.level().isPresent();
                out.add(o.namespace(), result(policy, v.check(), PSS, denied ? severity(v.check()) : "low",
                        denied ? "fail" : "warn", SarifRenderer.sentence(v.message()), resources, props));
            }
        }
        return out.write();
    }

    /**
     * {@code check --policies DIR --format policyreport}: per pod or workload, one {@code fail} per violation (once
     * across the engines that deny it alike: the others are named in {@code properties.engines}), or one {@code pass}
     * (a {@code skip} where PSA exempts the namespace and no policy denies it).
     */
    public static String checkPolicies(PolicyCheck.Report report, Path base) {
        Reports out = new Reports("psp2psa-check");
        for (PolicyCheck.Verdict v : report.results()) {
            List<Map<String, Object>> resources = List.of(workload(v.kind(), v.name(), v.namespace()));
            Map<String, String> common = new LinkedHashMap<>();
            common.put("location", SarifLog.shown(v.source(), base));
            common.put("enforce", v.decision().exempt() ? "exempt" : v.decision().label());
            List<List<PolicyViolation>> groups = VerifyRenderer.groups(v.decision().violations());
            if (groups.isEmpty() && v.decision().exempt()) {
                out.add(v.namespace(), result("pod-security-admission", "exempt", PSS, null, "skip",
                        "The namespace is exempt from Pod Security Admission and no policy of the migration denies "
                                + "it.", resources, common));
            } else if (groups.isEmpty()) {
                out.add(v.namespace(), result(v.decision().label(), ALL_CHECKS, PSS, null, "pass",
                        "Allowed by PSA " + v.decision().label() + " and by every policy of the migration.",
                        resources, common));
            }
            for (List<PolicyViolation> group : groups) {
                PolicyViolation first = group.get(0);
                boolean psa = first.engine().equals(PolicyViolation.PSA);
                Map<String, String> props = new LinkedHashMap<>(common);
                props.put("engines", String.join(", ", group.stream().map(PolicyViolation::engine).distinct()
                        .toList()));
                out.add(v.namespace(), result(first.policy(), first.rule(), psa ? PSS : GAP_POLICIES,
                        psa ? severity(first.rule()) : "medium", "fail", SarifRenderer.sentence(first.message()),
                        resources, props));
            }
        }
        return out.write();
    }

    /**
     * {@code verify --format policyreport}: one result per pod compared, under the policy {@value #VERIFY_POLICY} with
     * the outcome as rule: {@code pass} when PSP and the migration agree, {@code warn} for an explained
     * disagreement, {@code fail} for an unexplained one. A generated boundary pod's result is about its PSP and the
     * namespace it was tried in (cluster-scoped: in the ClusterPolicyReport).
     */
    public static String verify(VerifyReport report, Path base) {
        Reports out = new Reports("psp2psa-verify");
        for (VerifyResult r : report.results()) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("location", r.origin() == null ? r.source() : SarifLog.shown(r.origin(), base));
            props.put("serviceAccount", r.serviceAccount());
            if (r.generated()) {
                props.put("namespace", r.namespace());
                props.put("pod", r.name());
                props.put("generated", r.source());
            }
            if (r.old().psp() != null) {
                props.put("psp", r.old().psp());
            }
            props.put("enforce", r.now().exempt() ? "exempt" : r.now().label());
            String result = r.agree() ? "pass" : r.explained() ? "warn" : "fail";
            String severity = r.agree() ? null : r.explained() ? "low"
                    : r.outcome() == Outcome.NOW_ADMITTED ? "high" : "medium";
            Map<String, Object> body = result(VERIFY_POLICY, r.outcome().id(), MIGRATION, severity, result,
                    SarifRenderer.verifyMessage(r), r.generated()
                            ? List.of(clusterScoped("policy/v1beta1", "PodSecurityPolicy", r.psp()),
                                    clusterScoped("v1", "Namespace", r.namespace()))
                            : List.of(workload(r.kind(), r.name(), r.namespace())), props);
            out.add(r.generated() ? null : r.namespace(), body);
        }
        return out.write();
    }

    /** A fail of a baseline check is high, of a restricted check medium. */
    private static String severity(String checkId) {
        return CheckRegistry.standard().byId(checkId).map(Check::level)
                .map(l -> l == Level.BASELINE ? "high" : "medium").orElse("medium");
    }

    private static Map<String, Object> result(String policy, String rule, String category, String severity,
            String result, String message, List<Map<String, Object>> resources, Map<String, String> properties) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", SOURCE);
        r.put("policy", policy);
        r.put("rule", rule);
        r.put("category", category);
        if (severity != null) {
            r.put("severity", severity);
        }
        r.put("result", result);
        r.put("scored", true);
        r.put("message", message);
        r.put("resources", resources);
        r.put("properties", properties);
        return r;
    }

    private static Map<String, Object> workload(String kind, String name, String namespace) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", Inputs.apiVersion(kind).orElse("v1"));
        m.put("kind", kind);
        m.put("name", name);
        m.put("namespace", namespace);
        return m;
    }

    private static Map<String, Object> clusterScoped(String apiVersion, String kind, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", apiVersion);
        m.put("kind", kind);
        m.put("name", name);
        return m;
    }

    /** The reports of one run: results by namespace ({@code null}: cluster-scoped), in the order they were added. */
    private static final class Reports {

        private final String name;
        private final SortedMap<String, List<Map<String, Object>>> namespaced = new TreeMap<>();
        private final List<Map<String, Object>> cluster = new ArrayList<>();

        Reports(String name) {
            this.name = name;
        }

        void add(String namespace, Map<String, Object> result) {
            (namespace == null ? cluster : namespaced.computeIfAbsent(namespace, k -> new ArrayList<>())).add(result);
        }

        String write() {
            StringBuilder sb = new StringBuilder();
            namespaced.forEach((ns, results) -> sb.append("---\n").append(Yaml.write(report("PolicyReport", ns,
                    results))));
            if (!cluster.isEmpty()) {
                sb.append("---\n").append(Yaml.write(report("ClusterPolicyReport", null, cluster)));
            }
            return sb.toString();
        }

        private Map<String, Object> report(String kind, String namespace, List<Map<String, Object>> results) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("name", name);
            if (namespace != null) {
                meta.put("namespace", namespace);
            }
            meta.put("labels", Map.of("app.kubernetes.io/managed-by", SOURCE));
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("apiVersion", API_VERSION);
            doc.put("kind", kind);
            doc.put("metadata", meta);
            doc.put("results", results);
            doc.put("summary", summary(results));
            return doc;
        }

        private static Map<String, Object> summary(List<Map<String, Object>> results) {
            Map<String, Object> s = new LinkedHashMap<>();
            for (String k : List.of("pass", "fail", "warn", "error", "skip")) {
                s.put(k, results.stream().filter(r -> k.equals(r.get("result"))).count());
            }
            return s;
        }
    }
}
