package dev.psp2psa.verify;

import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.cel.JsonPatchCel;
import dev.psp2psa.format.Json;
import dev.psp2psa.inventory.CelMutation;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CEL mutation policies of a directory (MutatingAdmissionPolicy, Kyverno MutatingPolicy) for one created pod, as
 * the API server runs them ({@code plugin/policy/mutating/dispatcher.go}): each policy whose scope covers the
 * namespace and whose match conditions all hold runs its mutations in order, each {@code JSONPatch} expression
 * evaluated with dev.cel on the pod as the previous one left it and its operations applied as RFC 6902 says
 * ({@code add} only, the operation psp2psa writes: a member of an object is set, an item inserted into a list, or
 * appended with {@code -}; a missing parent is an error). With {@code failurePolicy: Fail}, an error (a condition or
 * expression that fails, an operation that does not apply) rejects the pod. Pure: the pod given is not changed.
 */
public final class CelMutator {

    /** The pod after the mutations (the same pod when none changed it), and the errors that reject it. */
    public record Result(Pod pod, List<PolicyViolation> failures) {
    }

    private CelMutator() {
    }

    public static Result apply(List<CelMutation> mutations, String namespace, Pod pod, CelEvaluator cel,
            JsonPatchCel patches) {
        if (mutations.isEmpty()) {
            return new Result(pod, List.of());
        }
        // Patches apply to the pod as submitted; expressions see it as admission CEL does (with defaulting).
        Map<String, Object> object = CelEvaluator.plain(pod);
        List<CelMutation> sorted = new ArrayList<>(mutations);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        List<PolicyViolation> failures = new ArrayList<>();
        boolean changed = false;
        for (CelMutation m : sorted) {
            if (!m.scope().covers(namespace)) {
                continue;
            }
            try {
                if (!matches(m, CelEvaluator.withDefaults(object), cel)) {
                    continue;
                }
                for (int i = 0; i < m.expressions().size(); i++) {
                    for (JsonPatchCel.Operation op : patches.evaluate(m.expressions().get(i),
                            CelEvaluator.withDefaults(object))) {
                        apply(op, object, i);
                        changed = true;
                    }
                }
            } catch (CelEvaluator.CelError | IllegalArgumentException e) {
                String message = e.getMessage();
                int nl = message.indexOf('\n');
                failures.add(new PolicyViolation(m.engine(), m.name(), "mutation",
                        "the mutation failed, which rejects the pod (failurePolicy: Fail): "
                                + (nl < 0 ? message : message.substring(0, nl))));
                return new Result(pod, failures);
            }
        }
        return new Result(changed ? pod(object) : pod, failures);
    }

    /** The object as a pod, through its JSON text: CEL's longs become the ints some fields hold (a port). */
    private static Pod pod(Map<String, Object> object) {
        try {
            return Json.mapper().readValue(Json.mapper().writeValueAsBytes(object), Pod.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the mutated pod cannot be read back: " + e.getMessage(), e);
        }
    }

    private static boolean matches(CelMutation m, Map<String, Object> object, CelEvaluator cel) {
        for (String condition : m.matchConditions()) {
            if (!cel.evaluate(condition, object)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Applies one {@code add} operation to the object in place.
     *
     * @throws IllegalArgumentException when it is another operation, or its path does not apply
     */
    @SuppressWarnings("unchecked")
    static void apply(JsonPatchCel.Operation op, Map<String, Object> object, int mutation) {
        String where = "mutations[" + mutation + "] " + op.op() + " " + op.path();
        if (!"add".equals(op.op())) {
            throw new IllegalArgumentException(where + ": psp2psa evaluates only the add operation, which it writes.");
        }
        if (op.path() == null || !op.path().startsWith("/")) {
            throw new IllegalArgumentException(where + ": the path is not a JSON pointer.");
        }
        String[] tokens = op.path().substring(1).split("/", -1);
        Object current = object;
        for (int t = 0; t < tokens.length; t++) {
            String token = tokens[t].replace("~1", "/").replace("~0", "~");
            boolean last = t == tokens.length - 1;
            if (current instanceof Map<?, ?> map) {
                if (last) {
                    ((Map<String, Object>) map).put(token, op.value());
                    return;
                }
                current = map.get(token);
                if (current == null) {
                    throw new IllegalArgumentException(where + ": the object has no " + token + ".");
                }
            } else if (current instanceof List<?> list) {
                int index;
                if (last && token.equals("-")) {
                    index = list.size();
                } else {
                    try {
                        index = Integer.parseInt(token);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + ": " + token + " is not a list index.");
                    }
                }
                if (index < 0 || index > list.size() || (!last && index == list.size())) {
                    throw new IllegalArgumentException(where + ": index " + token + " is out of range.");
                }
                if (last) {
                    ((List<Object>) list).add(index, op.value());
                    return;
                }
                current = list.get(index);
            } else {
                throw new IllegalArgumentException(where + ": " + token + " is below a value that is not an object "
                        + "or a list.");
            }
        }
    }
}
