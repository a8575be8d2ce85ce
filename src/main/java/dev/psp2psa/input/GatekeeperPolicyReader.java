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

    /**
     * The validations of a Rego-only template psp2psa wrote for a cluster whose Gatekeeper runs no CEL: the CEL its
     * Rego was translated from, kept in the annotation {@code psp2psa.dev/cel-validations}, when the template's Rego
     * is still exactly that translation (Rego cannot be executed here; an edited Rego is refused, not trusted).
     * Templates without the annotation are not psp2psa's and are left out.
     */
    private static List<String[]> regoOnly(PolicyDocument d, String kind) {
        JsonNode cel = d.node().path("metadata").path("annotations").path(CEL_ANNOTATION);
        if (!cel.isTextual()) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>();
        List<dev.psp2psa.rego.RegoModule.Check> checks = new ArrayList<>();
        try {
            for (JsonNode v : dev.psp2psa.format.Json.mapper().readTree(cel.asText())) {
                String expression = v.path("expression").asText();
                String message = v.path("message").asText();
                out.add(new String[] {expression, message, null});
                checks.add(new dev.psp2psa.rego.RegoModule.Check(expression, message));
            }
        } catch (java.io.IOException e) {
            throw d.error("the annotation " + CEL_ANNOTATION + " of ConstraintTemplate for " + kind
                    + " is not the JSON psp2psa writes.");
        }
        String rego = null;
        for (JsonNode target : d.list(d.node(), "spec.targets", "spec.targets")) {
            rego = d.string(target, "rego", "spec.targets[].rego");
        }
        String expected = dev.psp2psa.rego.RegoModule.module(kind.toLowerCase(java.util.Locale.ROOT), checks);
        if (!expected.equals(rego)) {
            throw d.error("the Rego of the ConstraintTemplate for " + kind + " is not the translation of its "
                    + CEL_ANNOTATION + " any more (edited by hand?): verify executes that CEL, not Rego, so it "
                    + "cannot vouch for this template; convert again.");
        }
        return out;
    }

    private static final String CEL_ANNOTATION = "psp2psa.dev/cel-validations";

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
            if (validations.isEmpty()) {
                validations.addAll(regoOnly(d, kind));
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
