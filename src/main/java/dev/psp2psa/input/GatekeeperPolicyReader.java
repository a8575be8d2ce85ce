package dev.psp2psa.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.inventory.PolicySet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Gatekeeper ({@code gatekeeper/}): psp2psa's ConstraintTemplates, whose {@code K8sNativeValidation} CEL is what is
 * evaluated, and their Constraints, which give the namespaces ({@code spec.match.namespaces}, none: every namespace; but
 * {@code spec.match.excludedNamespaces})
 * and the action ({@code enforcementAction}, {@code deny} by default, denies). Constraints of templates that are not
 * in the directory (gatekeeper-library kinds) cannot be evaluated here and are left out.
 */
public final class GatekeeperPolicyReader implements PolicyEngineReader {

    private static final String NATIVE = "K8sNativeValidation";

    @Override
    public String engine() {
        return "gatekeeper";
    }

    @Override
    public String directory() {
        return "gatekeeper";
    }

    private record Template(String name, List<PolicySet.CelValidation> validations) {
    }

    @Override
    public List<PolicySet.CelPolicy> read(List<PolicyDocument> documents) {
        Map<String, List<String[]>> templates = new LinkedHashMap<>();
        for (PolicyDocument d : documents) {
            if (!"ConstraintTemplate".equals(d.kind())) {
                continue;
            }
            String kind = d.required(d.node(), "spec.crd.spec.names.kind", "spec.crd.spec.names.kind");
            List<String[]> validations = new ArrayList<>();
            for (JsonNode target : d.list(d.node(), "spec.targets", "spec.targets")) {
                for (JsonNode code : d.list(target, "code", "spec.targets[].code")) {
                    if (!NATIVE.equals(d.string(code, "engine", "spec.targets[].code[].engine"))) {
                        continue;
                    }
                    for (JsonNode v : d.list(code, "source.validations",
                            "spec.targets[].code[].source.validations")) {
                        validations.add(new String[] {
                            d.required(v, "expression", "validations[].expression"),
                            d.string(v, "message", "validations[].message"),
                            d.string(v, "messageExpression", "validations[].messageExpression")});
                    }
                }
            }
            templates.put(kind, validations);
        }
        List<PolicySet.CelPolicy> out = new ArrayList<>();
        for (PolicyDocument d : documents) {
            List<String[]> validations = templates.get(d.kind());
            if (validations == null || "ConstraintTemplate".equals(d.kind())) {
                continue;
            }
            String name = d.required(d.node(), "metadata.name", "metadata.name");
            List<String> namespaces = d.strings(d.node(), "spec.match.namespaces", "spec.match.namespaces");
            List<String> excluded = d.strings(d.node(), "spec.match.excludedNamespaces",
                    "spec.match.excludedNamespaces");
            PolicySet.Scope scope = namespaces.isEmpty() ? PolicySet.Scope.allBut(excluded)
                    : new PolicySet.Scope(false, new TreeSet<>(namespaces), new TreeSet<>(excluded));
            String action = d.string(d.node(), "spec.enforcementAction", "spec.enforcementAction");
            boolean deny = action == null || action.equalsIgnoreCase("deny");
            List<PolicySet.CelValidation> list = new ArrayList<>();
            int i = 0;
            for (String[] v : validations) {
                list.add(new PolicySet.CelValidation(d.kind() + "[" + i++ + "]", scope, v[0], v[1], v[2]));
            }
            out.add(new PolicySet.CelPolicy(engine(), name, d.file() + ":" + d.line(), deny, list));
        }
        return out;
    }
}
