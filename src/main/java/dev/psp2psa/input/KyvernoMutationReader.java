package dev.psp2psa.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.format.Json;
import dev.psp2psa.inventory.KyvernoMutation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kyverno mutate policies of {@code kyverno-mutations/}: {@code kyverno.io/v1} ClusterPolicies whose rules are
 * the ones {@code convert} (unless {@code --no-mutations}) writes. Only those forms can be evaluated offline; any other field
 * (a mutate rule of another kind, other preconditions, a context, a JSON patch) is refused, never ignored, since
 * verify could not say what it does to a pod.
 */
public final class KyvernoMutationReader {

    /** The folder of a migration directory that holds the mutate policies. */
    public static final String DIRECTORY = "kyverno-mutations";
    /** The precondition key psp2psa writes: the pod's service account, {@code default} when unset. */
    public static final String ACCOUNT_KEY = "{{ request.object.spec.serviceAccountName || 'default' }}";
    /** The annotation key template of a foreach rule: the container's name. */
    public static final String ELEMENT_NAME = "{{element.name}}";
    /** The precondition value of a drop-merging foreach: the container's drop list, empty when it has none. */
    public static final String DROP_LIST = "{{ element.securityContext.capabilities.drop || `[]` }}";
    /** The JSON patch path of a drop-merging foreach: appended to the container's drop list. */
    public static final String DROP_APPEND = "/spec/containers/{{elementIndex}}/securityContext/capabilities/drop/-";

    private static final Set<String> SPEC = Set.of("rules");
    private static final Set<String> RULE = Set.of("name", "match", "exclude", "preconditions", "mutate");
    private static final Set<String> RESOURCES = Set.of("kinds", "namespaces", "operations");
    private static final Set<String> MUTATE = Set.of("patchStrategicMerge", "foreach");
    private static final Set<String> FOREACH = Set.of("list", "patchStrategicMerge");
    private static final Set<String> DROP_FOREACH = Set.of("list", "preconditions", "patchesJson6902");

    public List<KyvernoMutation> read(List<PolicyDocument> documents) {
        List<KyvernoMutation> out = new ArrayList<>();
        for (PolicyDocument d : documents) {
            if (!"ClusterPolicy".equals(d.kind()) || !d.node().path("apiVersion").asText().equals("kyverno.io/v1")) {
                continue;
            }
            String name = d.required(d.node(), "metadata.name", "metadata.name");
            JsonNode spec = d.object(d.node(), "spec", "spec");
            d.only(spec, SPEC, "spec");
            for (JsonNode rule : d.list(spec, "rules", "spec.rules")) {
                out.addAll(rule(d, name, rule));
            }
        }
        return out;
    }

    /** The pods a rule selects: its namespaces, and the service account precondition. */
    private record Selection(List<String> namespaces, List<String> excluded, String operator, List<String> accounts) {
    }

    private static List<KyvernoMutation> rule(PolicyDocument d, String policy, JsonNode rule) {
        d.only(rule, RULE, "spec.rules[]");
        String name = d.required(rule, "name", "spec.rules[].name");
        String where = "rule \"" + name + "\" of ClusterPolicy \"" + policy + "\"";
        Selection selection = selection(d, rule, where);
        JsonNode mutate = d.object(rule, "mutate", "spec.rules[].mutate");
        d.only(mutate, MUTATE, "spec.rules[].mutate");
        if (mutate.has("patchStrategicMerge") == mutate.has("foreach")) {
            throw d.error(where + " must have either mutate.patchStrategicMerge or mutate.foreach.");
        }
        if (mutate.has("patchStrategicMerge")) {
            JsonNode patch = d.object(mutate, "patchStrategicMerge", "spec.rules[].mutate.patchStrategicMerge");
            d.only(patch, Set.of("spec"), "spec.rules[].mutate.patchStrategicMerge");
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.mapper().convertValue(patch, Map.class);
            return List.of(new KyvernoMutation(policy, name, d.file() + ":" + d.line(), selection.namespaces(),
                    selection.excluded(), selection.operator(), selection.accounts(), map, null, null, null, null));
        }
        List<JsonNode> foreach = d.list(mutate, "foreach", "spec.rules[].mutate.foreach");
        if (!foreach.isEmpty() && foreach.get(0).has("patchesJson6902")) {
            List<KyvernoMutation> out = new ArrayList<>();
            for (JsonNode each : foreach) {
                out.add(dropMerge(d, policy, name, where, selection, each));
            }
            return out;
        }
        return List.of(foreach(d, policy, name, where, selection, foreach));
    }

    /**
     * A foreach entry that merges one required drop into each container's list, in the one form psp2psa writes: the
     * precondition that the list lacks it and a JSON patch that appends it.
     */
    private static KyvernoMutation dropMerge(PolicyDocument d, String policy, String name, String where,
            Selection selection, JsonNode each) {
        d.only(each, DROP_FOREACH, "spec.rules[].mutate.foreach[]");
        if (!"request.object.spec.containers".equals(d.string(each, "list", "spec.rules[].mutate.foreach[].list"))) {
            throw d.error(where + " iterates over another list than request.object.spec.containers.");
        }
        JsonNode preconditions = d.object(each, "preconditions", "spec.rules[].mutate.foreach[].preconditions");
        d.only(preconditions, Set.of("all"), "spec.rules[].mutate.foreach[].preconditions");
        List<JsonNode> all = d.list(preconditions, "all", "spec.rules[].mutate.foreach[].preconditions.all");
        if (all.size() != 1) {
            throw d.error(where + " must have exactly one foreach precondition to be evaluated by psp2psa.");
        }
        JsonNode c = all.get(0);
        d.only(c, Set.of("key", "operator", "value"), "spec.rules[].mutate.foreach[].preconditions.all[]");
        String cap = d.required(c, "key", "spec.rules[].mutate.foreach[].preconditions.all[].key");
        if (!"AnyNotIn".equals(c.path("operator").asText()) || !DROP_LIST.equals(c.path("value").asText())) {
            throw d.error("the foreach precondition of " + where + " cannot be evaluated by psp2psa (it writes only "
                    + "AnyNotIn on " + DROP_LIST + ").");
        }
        String patch = d.required(each, "patchesJson6902", "spec.rules[].mutate.foreach[].patchesJson6902");
        String expected = "- op: add\n  path: " + DROP_APPEND + "\n  value: " + cap + "\n";
        if (!patch.equals(expected)) {
            throw d.error("the JSON patch of " + where + " cannot be evaluated by psp2psa (it writes only one add of "
                    + "the precondition's capability to " + DROP_APPEND + ").");
        }
        return new KyvernoMutation(policy, name, d.file() + ":" + d.line(), selection.namespaces(),
                selection.excluded(), selection.operator(), selection.accounts(), null, "containers", null, null, cap);
    }

    private static Selection selection(PolicyDocument d, JsonNode rule, String where) {
        List<JsonNode> any = d.list(rule, "match.any", "spec.rules[].match.any");
        d.only(d.object(rule, "match", "spec.rules[].match"), Set.of("any"), "spec.rules[].match");
        if (any.size() != 1) {
            throw d.error(where + " must match with exactly one match.any entry to be evaluated by psp2psa.");
        }
        d.only(any.get(0), Set.of("resources"), "spec.rules[].match.any[]");
        JsonNode resources = d.object(any.get(0), "resources", "spec.rules[].match.any[].resources");
        d.only(resources, RESOURCES, "spec.rules[].match.any[].resources");
        List<String> kinds = d.strings(resources, "kinds", "spec.rules[].match.any[].resources.kinds");
        List<String> operations = d.strings(resources, "operations", "spec.rules[].match.any[].resources.operations");
        if (!kinds.contains("Pod") || (!operations.isEmpty() && !operations.contains("CREATE"))) {
            throw d.error(where + " does not mutate created pods.");
        }
        List<String> namespaces = d.strings(resources, "namespaces", "spec.rules[].match.any[].resources.namespaces");
        List<String> excluded = List.of();
        JsonNode exclude = d.object(rule, "exclude", "spec.rules[].exclude");
        if (!exclude.isMissingNode()) {
            d.only(exclude, Set.of("any"), "spec.rules[].exclude");
            List<JsonNode> excludeAny = d.list(exclude, "any", "spec.rules[].exclude.any");
            if (excludeAny.size() != 1) {
                throw d.error(where + " must exclude with exactly one exclude.any entry to be evaluated by psp2psa.");
            }
            d.only(excludeAny.get(0), Set.of("resources"), "spec.rules[].exclude.any[]");
            JsonNode excludedResources = d.object(excludeAny.get(0), "resources", "spec.rules[].exclude.any[].resources");
            d.only(excludedResources, Set.of("namespaces"), "spec.rules[].exclude.any[].resources");
            excluded = d.strings(excludedResources, "namespaces", "spec.rules[].exclude.any[].resources.namespaces");
        }
        JsonNode preconditions = d.object(rule, "preconditions", "spec.rules[].preconditions");
        if (preconditions.isMissingNode()) {
            return new Selection(namespaces, excluded, null, List.of());
        }
        d.only(preconditions, Set.of("all"), "spec.rules[].preconditions");
        List<JsonNode> all = d.list(preconditions, "all", "spec.rules[].preconditions.all");
        if (all.size() != 1) {
            throw d.error(where + " must have exactly one precondition to be evaluated by psp2psa.");
        }
        JsonNode c = all.get(0);
        d.only(c, Set.of("key", "operator", "value"), "spec.rules[].preconditions.all[]");
        String operator = d.required(c, "operator", "spec.rules[].preconditions.all[].operator");
        if (!ACCOUNT_KEY.equals(d.string(c, "key", "spec.rules[].preconditions.all[].key"))
                || !Set.of("AnyIn", "AnyNotIn").contains(operator)) {
            throw d.error("the precondition of " + where + " cannot be evaluated by psp2psa (it writes only AnyIn "
                    + "and AnyNotIn on " + ACCOUNT_KEY + ").");
        }
        return new Selection(namespaces, excluded, operator, d.strings(c, "value", "spec.rules[].preconditions.all[].value"));
    }

    private static KyvernoMutation foreach(PolicyDocument d, String policy, String name, String where,
            Selection selection, List<JsonNode> foreach) {
        if (foreach.size() != 1) {
            throw d.error(where + " must have exactly one mutate.foreach entry to be evaluated by psp2psa.");
        }
        JsonNode each = foreach.get(0);
        d.only(each, FOREACH, "spec.rules[].mutate.foreach[]");
        String list = d.required(each, "list", "spec.rules[].mutate.foreach[].list");
        if (!Set.of("request.object.spec.containers", "request.object.spec.initContainers").contains(list)) {
            throw d.error(where + " iterates over " + list + ", which psp2psa cannot evaluate.");
        }
        JsonNode annotations = d.object(each, "patchStrategicMerge.metadata.annotations",
                "spec.rules[].mutate.foreach[].patchStrategicMerge.metadata.annotations");
        JsonNode patch = each.path("patchStrategicMerge");
        if (annotations.size() != 1 || patch.size() != 1 || patch.path("metadata").size() != 1) {
            throw d.error(where + " must add exactly one annotation to be evaluated by psp2psa.");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = annotations.fields();
        Map.Entry<String, JsonNode> annotation = fields.next();
        String key = annotation.getKey();
        if (!key.startsWith("+(") || !key.endsWith(")") || !annotation.getValue().isTextual()) {
            throw d.error(where + " must add its annotation with the +() anchor and a string value.");
        }
        return new KyvernoMutation(policy, name, d.file() + ":" + d.line(), selection.namespaces(),
                selection.excluded(), selection.operator(), selection.accounts(), null, list.substring("request.object.spec.".length()),
                key.substring(2, key.length() - 1), annotation.getValue().asText(), null);
    }
}
