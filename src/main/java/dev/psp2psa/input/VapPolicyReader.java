package dev.psp2psa.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.inventory.PolicySet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ValidatingAdmissionPolicies and their bindings ({@code vap/}). A policy applies where a binding selects it: the
 * binding's {@code namespaceSelector} {@code kubernetes.io/metadata.name In [...]} or {@code NotIn [...]} (no
 * selector: every namespace);
 * it denies only with the {@code Deny} validation action. A policy without a binding does nothing.
 */
public final class VapPolicyReader implements PolicyEngineReader {

    static final String NAME_LABEL = "kubernetes.io/metadata.name";

    @Override
    public String engine() {
        return "vap";
    }

    @Override
    public String directory() {
        return "vap";
    }

    @Override
    public List<PolicySet.CelPolicy> read(List<PolicyDocument> documents) {
        Map<String, PolicyDocument> policies = new LinkedHashMap<>();
        List<PolicyDocument> bindings = new ArrayList<>();
        for (PolicyDocument d : documents) {
            switch (d.kind()) {
                case "ValidatingAdmissionPolicy" -> {
                    if (policies.putIfAbsent(d.required(d.node(), "metadata.name", "metadata.name"), d) != null) {
                        throw d.error("ValidatingAdmissionPolicy \"" + d.name() + "\" is defined twice.");
                    }
                }
                case "ValidatingAdmissionPolicyBinding" -> bindings.add(d);
                default -> {
                    // Other kinds are not VAP policies; nothing to verify.
                }
            }
        }
        List<PolicySet.CelPolicy> out = new ArrayList<>();
        for (PolicyDocument b : bindings) {
            String policyName = b.required(b.node(), "spec.policyName", "spec.policyName");
            PolicyDocument p = policies.get(policyName);
            if (p == null) {
                throw b.error("ValidatingAdmissionPolicyBinding \"" + b.name() + "\" binds the policy \""
                        + policyName + "\", which is not in the directory.");
            }
            List<String> actions = b.strings(b.node(), "spec.validationActions", "spec.validationActions");
            if (actions.isEmpty()) {
                throw b.error("ValidatingAdmissionPolicyBinding \"" + b.name() + "\" has no spec.validationActions.");
            }
            PolicySet.Scope scope = scope(b);
            List<PolicySet.CelValidation> validations = new ArrayList<>();
            List<JsonNode> vs = p.list(p.node(), "spec.validations", "spec.validations");
            for (int i = 0; i < vs.size(); i++) {
                JsonNode v = vs.get(i);
                String shown = "spec.validations[" + i + "]";
                validations.add(new PolicySet.CelValidation("validations[" + i + "]", scope,
                        p.required(v, "expression", shown + ".expression"),
                        p.string(v, "message", shown + ".message"),
                        p.string(v, "messageExpression", shown + ".messageExpression")));
            }
            out.add(new PolicySet.CelPolicy(engine(), policyName, p.file() + ":" + p.line(),
                    actions.contains("Deny"), validations));
        }
        return out;
    }

    private static PolicySet.Scope scope(PolicyDocument b) {
        JsonNode selector = b.object(b.node(), "spec.matchResources.namespaceSelector",
                "spec.matchResources.namespaceSelector");
        return selectorScope(b, selector, "ValidatingAdmissionPolicyBinding \"" + b.name() + "\"");
    }

    /**
     * The namespaces a namespace selector selects, for the selectors psp2psa writes: none or empty (every
     * namespace), or one {@code kubernetes.io/metadata.name} expression with {@code In} (those namespaces) or
     * {@code NotIn} (every namespace but those). Anything else is refused: psp2psa cannot tell which namespaces
     * labels select.
     */
    static PolicySet.Scope selectorScope(PolicyDocument d, JsonNode selector, String what) {
        if (selector.isMissingNode() || selector.isNull() || selector.isEmpty()) {
            return PolicySet.Scope.everywhere();
        }
        if (!d.object(selector, "matchLabels", "namespaceSelector.matchLabels").isMissingNode()) {
            throw d.error(what + " selects namespaces by matchLabels; psp2psa verifies only the "
                    + "kubernetes.io/metadata.name In [...] and NotIn [...] selectors it writes.");
        }
        PolicySet.Scope scope = null;
        for (JsonNode e : d.list(selector, "matchExpressions", "namespaceSelector.matchExpressions")) {
            String key = d.string(e, "key", "namespaceSelector.matchExpressions[].key");
            String op = d.string(e, "operator", "namespaceSelector.matchExpressions[].operator");
            if (!NAME_LABEL.equals(key) || !("In".equals(op) || "NotIn".equals(op)) || scope != null) {
                throw d.error(what + " has a namespace selector other than one kubernetes.io/metadata.name In [...] "
                        + "or NotIn [...] expression.");
            }
            List<String> names = d.strings(e, "values", "namespaceSelector.matchExpressions[].values");
            scope = "In".equals(op) ? PolicySet.Scope.of(names) : PolicySet.Scope.allBut(names);
        }
        return scope == null ? PolicySet.Scope.everywhere() : scope;
    }
}
