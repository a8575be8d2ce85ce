package dev.psp2psa.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.inventory.PolicySet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Kyverno ClusterPolicies with {@code validate.cel} rules ({@code kyverno/}). Only the rules that match kind Pod are
 * read (the workload rules say the same of pod templates); a rule applies in the namespaces its
 * {@code match.any[].resources.namespaces} name (none named: every namespace) but those its
 * {@code exclude.any[].resources.namespaces} name; the policy denies with
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
            if ("ValidatingPolicy".equals(d.kind())) {
                out.add(validatingPolicy(d));
            } else if ("ClusterPolicy".equals(d.kind())) {
                clusterPolicy(d, out);
            }
        }
        return out;
    }

    /** A ClusterPolicy: its enforcing validations as one policy, its auditing ones (if any) as another. */
    private void clusterPolicy(PolicyDocument d, List<PolicySet.CelPolicy> out) {
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
            Optional<PolicySet.Scope> scope = podScope(d, rule, shown);
            if (scope.isEmpty()) {
                continue;
            }
            String ruleAction = d.string(rule, "validate.failureAction", shown + ".validate.failureAction");
            boolean ruleEnforce = ruleAction == null ? enforce : "enforce".equalsIgnoreCase(ruleAction);
            List<JsonNode> expressions = d.list(rule, "validate.cel.expressions",
                    shown + ".validate.cel.expressions");
            for (int j = 0; j < expressions.size(); j++) {
                JsonNode e = expressions.get(j);
                String es = shown + ".validate.cel.expressions[" + j + "]";
                (ruleEnforce ? enforcing : auditing).add(new PolicySet.CelValidation(ruleName, scope.get(),
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

    /** The namespaces a rule's {@code match.any} entries for kind Pod name; empty when none matches Pod. */
    private static Optional<PolicySet.Scope> podScope(PolicyDocument d, JsonNode rule, String shown) {
        TreeSet<String> namespaces = new TreeSet<>();
        boolean pods = false;
        boolean everywhere = false;
        for (JsonNode any : d.list(rule, "match.any", shown + ".match.any")) {
            List<String> kinds = d.strings(any, "resources.kinds", shown + ".match.any[].resources.kinds");
            if (!kinds.contains("Pod")) {
                continue;
            }
            pods = true;
            List<String> ns = d.strings(any, "resources.namespaces", shown + ".match.any[].resources.namespaces");
            if (ns.isEmpty()) {
                everywhere = true;
            }
            namespaces.addAll(ns);
        }
        if (!pods) {
            return Optional.empty();
        }
        TreeSet<String> excluded = new TreeSet<>();
        for (JsonNode none : d.list(rule, "exclude.any", shown + ".exclude.any")) {
            boolean onlyNamespaces = none.size() == 1 && none.path("resources").size() == 1
                    && none.path("resources").has("namespaces");
            if (!onlyNamespaces) {
                throw d.error("psp2psa reads only exclude.any[].resources.namespaces in " + shown + ".exclude.");
            }
            excluded.addAll(d.strings(none, "resources.namespaces", shown + ".exclude.any[].resources.namespaces"));
        }
        if (!d.object(rule, "exclude.all", shown + ".exclude.all").isMissingNode()) {
            throw d.error("psp2psa reads only exclude.any[].resources.namespaces in " + shown + ".exclude.");
        }
        if (everywhere) {
            return Optional.of(PolicySet.Scope.allBut(excluded));
        }
        namespaces.removeAll(excluded);
        return Optional.of(PolicySet.Scope.of(namespaces));
    }

    /**
     * A ValidatingPolicy: its validations, the namespaces of its {@code kubernetes.io/metadata.name In [...]} or
     * {@code NotIn [...]} selector (none: every namespace), denying when {@code validationActions} holds {@code Deny}.
     */
    private PolicySet.CelPolicy validatingPolicy(PolicyDocument d) {
        String name = d.required(d.node(), "metadata.name", "metadata.name");
        PolicySet.Scope scope = VapPolicyReader.selectorScope(d, d.object(d.node(),
                "spec.matchConstraints.namespaceSelector", "spec.matchConstraints.namespaceSelector"),
                "ValidatingPolicy \"" + name + "\"");
        boolean deny = d.strings(d.node(), "spec.validationActions", "spec.validationActions").contains("Deny");
        List<PolicySet.CelValidation> validations = new ArrayList<>();
        List<JsonNode> list = d.list(d.node(), "spec.validations", "spec.validations");
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            String shown = "spec.validations[" + i + "]";
            validations.add(new PolicySet.CelValidation(name + "[" + i + "]", scope,
                    d.required(v, "expression", shown + ".expression"), d.string(v, "message", shown + ".message"),
                    d.string(v, "messageExpression", shown + ".messageExpression")));
        }
        return new PolicySet.CelPolicy(engine(), name, d.file() + ":" + d.line(), deny, validations);
    }
}
