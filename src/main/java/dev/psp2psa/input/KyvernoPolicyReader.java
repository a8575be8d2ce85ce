package dev.psp2psa.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.verify.PolicySet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Kyverno ClusterPolicies with {@code validate.cel} rules ({@code kyverno/}). Only the rules that match kind Pod are
 * read (the workload rules say the same of pod templates); a rule applies in the namespaces its
 * {@code match.any[].resources.namespaces} name (none named: every namespace); the policy denies with
 * {@code validationFailureAction: Enforce} (a rule's own {@code validate.failureAction} wins).
 */
public final class KyvernoPolicyReader implements PolicyEngineReader {

    @Override
    public String engine() {
        return "kyverno";
    }

    @Override
    public String directory() {
        return "kyverno";
    }

    @Override
    public List<PolicySet.CelPolicy> read(List<PolicyDocument> documents) {
        List<PolicySet.CelPolicy> out = new ArrayList<>();
        for (PolicyDocument d : documents) {
            if (!"ClusterPolicy".equals(d.kind())) {
                continue;
            }
            String name = d.required(d.node(), "metadata.name", "metadata.name");
            String action = d.string(d.node(), "spec.validationFailureAction", "spec.validationFailureAction");
            boolean enforce = "enforce".equalsIgnoreCase(action == null ? "Audit" : action);
            List<PolicySet.CelValidation> enforcing = new ArrayList<>();
            List<PolicySet.CelValidation> auditing = new ArrayList<>();
            List<JsonNode> rules = d.list(d.node(), "spec.rules", "spec.rules");
            for (int i = 0; i < rules.size(); i++) {
                JsonNode rule = rules.get(i);
                String shown = "spec.rules[" + i + "]";
                String ruleName = d.required(rule, "name", shown + ".name");
                TreeSet<String> namespaces = new TreeSet<>();
                boolean pods = false;
                boolean everywhere = false;
                for (JsonNode any : d.list(rule, "match.any", shown + ".match.any")) {
                    List<String> kinds = d.strings(any, "resources.kinds", shown + ".match.any[].resources.kinds");
                    if (!kinds.contains("Pod")) {
                        continue;
                    }
                    pods = true;
                    List<String> ns = d.strings(any, "resources.namespaces",
                            shown + ".match.any[].resources.namespaces");
                    if (ns.isEmpty()) {
                        everywhere = true;
                    }
                    namespaces.addAll(ns);
                }
                if (!pods) {
                    continue;
                }
                String ruleAction = d.string(rule, "validate.failureAction", shown + ".validate.failureAction");
                boolean ruleEnforce = ruleAction == null ? enforce : "enforce".equalsIgnoreCase(ruleAction);
                PolicySet.Scope scope = everywhere ? PolicySet.Scope.everywhere() : PolicySet.Scope.of(namespaces);
                List<JsonNode> expressions = d.list(rule, "validate.cel.expressions",
                        shown + ".validate.cel.expressions");
                for (int j = 0; j < expressions.size(); j++) {
                    JsonNode e = expressions.get(j);
                    String es = shown + ".validate.cel.expressions[" + j + "]";
                    (ruleEnforce ? enforcing : auditing).add(new PolicySet.CelValidation(ruleName, scope,
                            d.required(e, "expression", es + ".expression"), d.string(e, "message", es + ".message"),
                            d.string(e, "messageExpression", es + ".messageExpression")));
                }
            }
            String source = d.file() + ":" + d.line();
            if (!enforcing.isEmpty() || auditing.isEmpty()) {
                out.add(new PolicySet.CelPolicy(engine(), name, source, true, enforcing));
            }
            if (!auditing.isEmpty()) {
                out.add(new PolicySet.CelPolicy(engine(), name, source, false, auditing));
            }
        }
        return out;
    }
}
