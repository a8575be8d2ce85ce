package dev.psp2psa.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.inventory.CelMutation;
import dev.psp2psa.inventory.PolicySet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CEL mutation policies of a migration directory, in the forms {@code convert} writes: MutatingAdmissionPolicies
 * and their bindings ({@code vap-mutations/}), and Kyverno MutatingPolicies ({@code kyverno-mutations/}). Each must
 * mutate created pods with {@code JSONPatch} mutations and fail closed; any other field (parameters, variables, an
 * apply configuration, another failure policy, a namespace or object selector psp2psa does not write) is refused,
 * never ignored, since verify could not say what it does to a pod. A MutatingAdmissionPolicy without a binding does
 * nothing, as on a cluster.
 */
public final class CelMutationReader {

    /** The folder of a migration directory that holds the MutatingAdmissionPolicies. */
    public static final String MAP_DIRECTORY = "vap-mutations";
    /** The MutatingAdmissionPolicy versions psp2psa writes: v1 (1.36+), v1beta1 on request (1.34–1.35). */
    public static final Set<String> MAP_APIS = Set.of("admissionregistration.k8s.io/v1",
            "admissionregistration.k8s.io/v1beta1");
    public static final String KYVERNO_API = "policies.kyverno.io/v1";

    private static final Set<String> MAP_SPEC = Set.of("failurePolicy", "reinvocationPolicy", "matchConstraints",
            "matchConditions", "mutations");
    private static final Set<String> KYVERNO_SPEC = Set.of("failurePolicy", "reinvocationPolicy",
            "matchConstraints", "matchConditions", "mutations", "autogen", "evaluation");
    private static final Set<String> BINDING_SPEC = Set.of("policyName", "matchResources");

    /** The MutatingAdmissionPolicies of {@code vap-mutations/} that a binding selects. */
    public List<CelMutation> readAdmissionPolicies(List<PolicyDocument> documents) {
        Map<String, PolicyDocument> policies = new LinkedHashMap<>();
        List<PolicyDocument> bindings = new ArrayList<>();
        for (PolicyDocument d : documents) {
            switch (d.kind()) {
                case "MutatingAdmissionPolicy" -> {
                    api(d, MAP_APIS);
                    if (policies.putIfAbsent(d.required(d.node(), "metadata.name", "metadata.name"), d) != null) {
                        throw d.error("MutatingAdmissionPolicy \"" + d.name() + "\" is defined twice.");
                    }
                }
                case "MutatingAdmissionPolicyBinding" -> {
                    api(d, MAP_APIS);
                    bindings.add(d);
                }
                default -> throw d.error("a " + d.kind() + " in " + MAP_DIRECTORY + "/ cannot be evaluated by "
                        + "psp2psa (it writes MutatingAdmissionPolicies and their bindings there).");
            }
        }
        List<CelMutation> out = new ArrayList<>();
        for (PolicyDocument b : bindings) {
            b.only(b.object(b.node(), "spec", "spec"), BINDING_SPEC, "spec");
            String policyName = b.required(b.node(), "spec.policyName", "spec.policyName");
            PolicyDocument p = policies.get(policyName);
            if (p == null) {
                throw b.error("MutatingAdmissionPolicyBinding \"" + b.name() + "\" binds the policy \"" + policyName
                        + "\", which is not in the directory.");
            }
            JsonNode resources = b.object(b.node(), "spec.matchResources", "spec.matchResources");
            if (!resources.isMissingNode()) {
                b.only(resources, Set.of("namespaceSelector"), "spec.matchResources");
            }
            PolicySet.Scope scope = VapPolicyReader.selectorScope(b, b.object(b.node(),
                    "spec.matchResources.namespaceSelector", "spec.matchResources.namespaceSelector"),
                    "MutatingAdmissionPolicyBinding \"" + b.name() + "\"");
            JsonNode spec = p.object(p.node(), "spec", "spec");
            p.only(spec, MAP_SPEC, "spec");
            String where = "MutatingAdmissionPolicy \"" + policyName + "\"";
            String apiVersion = p.node().path("apiVersion").asText();
            if (!apiVersion.equals(b.node().path("apiVersion").asText())) {
                throw b.error("MutatingAdmissionPolicyBinding \"" + b.name() + "\" is of another apiVersion than the "
                        + "policy it binds.");
            }
            constraints(p, spec, Set.of("resourceRules"), where);
            out.add(new CelMutation("vap", "MutatingAdmissionPolicy", apiVersion, policyName, p.file() + ":" + p.line(), scope,
                    conditions(p, spec), mutations(p, spec, where)));
        }
        return out;
    }

    /** The Kyverno MutatingPolicies among the documents of {@code kyverno-mutations/}. */
    public List<CelMutation> readKyverno(List<PolicyDocument> documents) {
        List<CelMutation> out = new ArrayList<>();
        for (PolicyDocument d : documents) {
            if (!"MutatingPolicy".equals(d.kind())) {
                continue;
            }
            api(d, Set.of(KYVERNO_API));
            String name = d.required(d.node(), "metadata.name", "metadata.name");
            String where = "MutatingPolicy \"" + name + "\"";
            JsonNode spec = d.object(d.node(), "spec", "spec");
            d.only(spec, KYVERNO_SPEC, "spec");
            JsonNode autogen = d.object(spec, "autogen", "spec.autogen");
            if (!autogen.isMissingNode()) {
                // Pod controllers' templates are judged as pods by verify; autogen would only add rules for them.
                d.only(autogen, Set.of("podControllers"), "spec.autogen");
                d.only(d.object(autogen, "podControllers", "spec.autogen.podControllers"), Set.of("controllers"),
                        "spec.autogen.podControllers");
            }
            JsonNode evaluation = d.object(spec, "evaluation", "spec.evaluation");
            if (!evaluation.isMissingNode()) {
                d.only(evaluation, Set.of("admission", "mutateExisting"), "spec.evaluation");
                if (!evaluation.path("admission").path("enabled").asBoolean(true)) {
                    throw d.error(where + " is not enabled in admission, so psp2psa cannot say what it does.");
                }
            }
            JsonNode constraints = constraints(d, spec, Set.of("resourceRules", "namespaceSelector"), where);
            PolicySet.Scope scope = VapPolicyReader.selectorScope(d, d.object(constraints, "namespaceSelector",
                    "spec.matchConstraints.namespaceSelector"), where);
            out.add(new CelMutation("kyverno", "MutatingPolicy", KYVERNO_API, name, d.file() + ":" + d.line(), scope,
                    conditions(d, spec), mutations(d, spec, where)));
        }
        return out;
    }

    private static void api(PolicyDocument d, Set<String> apis) {
        if (!apis.contains(d.node().path("apiVersion").asText())) {
            throw d.error("a " + d.kind() + " of " + d.node().path("apiVersion").asText() + " cannot be evaluated by "
                    + "psp2psa (it writes " + String.join(" or ", new java.util.TreeSet<>(apis)) + ").");
        }
    }

    /** Checks the policy mutates created pods and fails closed; the match constraints. */
    private static JsonNode constraints(PolicyDocument d, JsonNode spec, Set<String> allowed, String where) {
        String failure = d.string(spec, "failurePolicy", "spec.failurePolicy");
        if (failure != null && !failure.equals("Fail")) {
            throw d.error(where + " has failurePolicy " + failure + "; psp2psa evaluates only Fail, which it writes.");
        }
        JsonNode constraints = d.object(spec, "matchConstraints", "spec.matchConstraints");
        d.only(constraints, allowed, "spec.matchConstraints");
        boolean pods = false;
        for (JsonNode rule : d.list(constraints, "resourceRules", "spec.matchConstraints.resourceRules")) {
            d.only(rule, Set.of("apiGroups", "apiVersions", "operations", "resources"),
                    "spec.matchConstraints.resourceRules[]");
            List<String> operations = d.strings(rule, "operations", "spec.matchConstraints.resourceRules[].operations");
            if (d.strings(rule, "resources", "spec.matchConstraints.resourceRules[].resources").contains("pods")
                    && d.strings(rule, "apiGroups", "spec.matchConstraints.resourceRules[].apiGroups").contains("")
                    && (operations.contains("CREATE") || operations.contains("*"))) {
                pods = true;
            }
        }
        if (!pods) {
            throw d.error(where + " does not mutate created pods.");
        }
        return constraints;
    }

    private static List<String> conditions(PolicyDocument d, JsonNode spec) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : d.list(spec, "matchConditions", "spec.matchConditions")) {
            d.only(c, Set.of("name", "expression"), "spec.matchConditions[]");
            d.required(c, "name", "spec.matchConditions[].name");
            out.add(d.required(c, "expression", "spec.matchConditions[].expression"));
        }
        return out;
    }

    private static List<String> mutations(PolicyDocument d, JsonNode spec, String where) {
        List<String> out = new ArrayList<>();
        List<JsonNode> mutations = d.list(spec, "mutations", "spec.mutations");
        if (mutations.isEmpty()) {
            throw d.error(where + " has no mutations.");
        }
        for (JsonNode m : mutations) {
            d.only(m, Set.of("patchType", "jsonPatch"), "spec.mutations[]");
            if (!"JSONPatch".equals(d.string(m, "patchType", "spec.mutations[].patchType"))) {
                throw d.error(where + " has a mutation that is not a JSONPatch, which psp2psa cannot evaluate.");
            }
            d.only(d.object(m, "jsonPatch", "spec.mutations[].jsonPatch"), Set.of("expression"),
                    "spec.mutations[].jsonPatch");
            out.add(d.required(m, "jsonPatch.expression", "spec.mutations[].jsonPatch.expression"));
        }
        return out;
    }
}
