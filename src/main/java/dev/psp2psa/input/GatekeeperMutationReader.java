package dev.psp2psa.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.format.Json;
import dev.psp2psa.inventory.Mutator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Gatekeeper mutators ({@code gatekeeper/mutations/}): the {@code mutations.gatekeeper.sh} Assign, AssignMetadata and
 * ModifySet (merge)
 * objects {@code convert} (unless {@code --no-mutations}) writes. Only the fields psp2psa writes can be evaluated offline; a mutator
 * that uses another (a label or namespace selector, {@code fromMetadata}, external data) is refused, never ignored,
 * since verify could not say what it does to a pod.
 */
public final class GatekeeperMutationReader {

    /** The folder of a migration directory that holds the mutators. */
    public static final String DIRECTORY = "gatekeeper/mutations";
    static final String GROUP = "mutations.gatekeeper.sh/";

    private static final Set<String> KINDS = Set.of("Assign", "AssignMetadata", "ModifySet");
    private static final Set<String> MATCH = Set.of("kinds", "namespaces", "excludedNamespaces", "scope", "source");
    private static final Set<String> SPEC = Set.of("applyTo", "match", "location", "parameters");
    private static final Set<String> PARAMETERS = Set.of("assign", "pathTests");
    private static final Set<String> MODIFY_SET_PARAMETERS = Set.of("operation", "values", "pathTests");

    public List<Mutator> read(List<PolicyDocument> documents) {
        List<Mutator> out = new ArrayList<>();
        for (PolicyDocument d : documents) {
            if (!KINDS.contains(d.kind()) || !d.node().path("apiVersion").asText().startsWith(GROUP)) {
                continue;
            }
            out.add(mutator(d));
        }
        return out;
    }

    private static Mutator mutator(PolicyDocument d) {
        String name = d.required(d.node(), "metadata.name", "metadata.name");
        JsonNode spec = d.object(d.node(), "spec", "spec");
        d.only(spec, SPEC, "spec");
        JsonNode match = d.object(spec, "match", "spec.match");
        d.only(match, MATCH, "spec.match");
        String scope = d.string(spec, "match.scope", "spec.match.scope");
        String source = d.string(spec, "match.source", "spec.match.source");
        if ((scope != null && !Set.of("*", "Namespaced").contains(scope))
                || (source != null && !Set.of("All", "Original").contains(source))) {
            throw d.error(d.kind() + " \"" + name + "\" matches no pods (spec.match.scope " + scope
                    + ", spec.match.source " + source + ").");
        }
        List<String> kinds = new ArrayList<>();
        for (JsonNode k : d.list(spec, "match.kinds", "spec.match.kinds")) {
            kinds.addAll(d.strings(k, "kinds", "spec.match.kinds[].kinds"));
        }
        JsonNode parameters = d.object(spec, "parameters", "spec.parameters");
        boolean modifySet = d.kind().equals("ModifySet");
        d.only(parameters, modifySet ? MODIFY_SET_PARAMETERS : PARAMETERS, "spec.parameters");
        JsonNode valueNode;
        if (modifySet) {
            String operation = d.string(parameters, "operation", "spec.parameters.operation");
            if (operation != null && !operation.equals("merge")) {
                throw d.error("ModifySet \"" + name + "\" has operation " + operation + "; psp2psa evaluates only "
                        + "merge, which it writes.");
            }
            JsonNode values = d.object(parameters, "values", "spec.parameters.values");
            d.only(values, Set.of("fromList"), "spec.parameters.values");
            valueNode = values.get("fromList");
            if (valueNode == null || !valueNode.isArray()) {
                throw d.error("ModifySet \"" + name + "\" has no spec.parameters.values.fromList list.");
            }
        } else {
            JsonNode assign = d.object(parameters, "assign", "spec.parameters.assign");
            d.only(assign, Set.of("value"), "spec.parameters.assign");
            if (!assign.has("value")) {
                throw d.error(d.kind() + " \"" + name + "\" has no spec.parameters.assign.value.");
            }
            valueNode = assign.get("value");
        }
        List<Mutator.PathTest> tests = new ArrayList<>();
        for (JsonNode t : d.list(parameters, "pathTests", "spec.parameters.pathTests")) {
            String condition = d.required(t, "condition", "spec.parameters.pathTests[].condition");
            if (!Set.of("MustExist", "MustNotExist").contains(condition)) {
                throw d.error("unknown path test condition " + condition + " in " + d.kind() + " \"" + name + "\".");
            }
            tests.add(new Mutator.PathTest(d.required(t, "subPath", "spec.parameters.pathTests[].subPath"),
                    condition.equals("MustExist")));
        }
        Object value = Json.mapper().convertValue(valueNode, Object.class);
        return new Mutator(d.kind(), name, d.file() + ":" + d.line(),
                d.required(spec, "location", "spec.location"), value, kinds,
                d.strings(spec, "match.namespaces", "spec.match.namespaces"),
                d.strings(spec, "match.excludedNamespaces", "spec.match.excludedNamespaces"), tests);
    }
}
