package dev.psp2psa.verify;

import dev.psp2psa.format.Json;
import dev.psp2psa.input.KyvernoMutationReader;
import dev.psp2psa.inventory.KyvernoMutation;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kyverno's mutating webhook for one pod, as far as the mutate rules psp2psa writes go (Kyverno docs, "Mutate
 * Resources", Strategic Merge Patch and Anchors): {@code match.any[].resources.namespaces} and {@code exclude.any[].resources.namespaces}, the precondition on the
 * pod's service account ({@code AnyIn}/{@code AnyNotIn}, {@code default} when unset), a {@code patchStrategicMerge}
 * whose add-if-absent anchors {@code +(field)} add a field only where the pod has none, whose maps are merged (created
 * where absent) and whose list patterns apply to every element of the pod's list that their conditional anchors
 * {@code (name): ?*} select ({@code ?} one character, {@code *} any), and a {@code foreach} over a containers list
 * that adds an absent per-container annotation ({@code {{element.name}}} is the container's name). The rules run
 * in policy and rule order; the ones psp2psa writes touch disjoint fields. Pure: the pod given is not changed.
 */
public final class KyvernoMutator {

    private KyvernoMutator() {
    }

    /** The pod after every rule that matches it in the namespace, or the same pod when none changes it. */
    public static Pod apply(List<KyvernoMutation> mutations, String namespace, Pod pod) {
        if (mutations.isEmpty()) {
            return pod;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = Json.mapper().convertValue(pod, LinkedHashMap.class);
        String account = pod.getSpec() == null || pod.getSpec().getServiceAccountName() == null
                || pod.getSpec().getServiceAccountName().isEmpty() ? "default" : pod.getSpec().getServiceAccountName();
        List<KyvernoMutation> sorted = new ArrayList<>(mutations);
        // Policies by name; a policy's rules in the order written, each given the resource the rules before it
        // patched (Kyverno's engine adds the patched resource to the JSON context after each rule). The sort is stable.
        sorted.sort((a, b) -> a.policy().compareTo(b.policy()));
        boolean changed = false;
        for (KyvernoMutation m : sorted) {
            if (!matches(m, namespace, account)) {
                continue;
            }
            changed |= m.patch() != null ? merge(object, m.patch())
                    : m.appendValue() != null ? appendDrop(object, m) : annotate(object, m);
        }
        return changed ? Json.mapper().convertValue(object, Pod.class) : pod;
    }

    static boolean matches(KyvernoMutation m, String namespace, String account) {
        if (!m.namespaces().isEmpty() && m.namespaces().stream().noneMatch(p -> wildcard(p, namespace))) {
            return false;
        }
        if (m.excluded().stream().anyMatch(p -> wildcard(p, namespace))) {
            return false;
        }
        if (m.accountOperator() == null) {
            return true;
        }
        boolean in = m.accounts().contains(account);
        return m.accountOperator().equals("AnyIn") == in;
    }

    /** Merges {@code patch} into {@code target}; whether anything was added. */
    @SuppressWarnings("unchecked")
    static boolean merge(Map<String, Object> target, Map<String, Object> patch) {
        boolean changed = false;
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.startsWith("+(") && key.endsWith(")")) {
                String field = key.substring(2, key.length() - 1);
                if (target.get(field) == null) {
                    target.put(field, copy(value));
                    changed = true;
                }
            } else if (key.startsWith("(") && key.endsWith(")")) {
                // A conditional anchor: decided where its list element was selected.
                continue;
            } else if (value instanceof Map<?, ?> map) {
                Object existing = target.get(key);
                Map<String, Object> child = existing instanceof Map<?, ?> m ? (Map<String, Object>) m
                        : new LinkedHashMap<>();
                if (merge(child, (Map<String, Object>) map)) {
                    target.put(key, child);
                    changed = true;
                }
            } else if (value instanceof List<?> patterns && !patterns.isEmpty()
                    && patterns.stream().allMatch(p -> p instanceof Map)) {
                // Element patterns apply to the elements the pod has: an absent list stays absent.
                if (!(target.get(key) instanceof List<?> elements)) {
                    continue;
                }
                for (Object p : patterns) {
                    Map<String, Object> pattern = (Map<String, Object>) p;
                    for (Object element : elements) {
                        if (element instanceof Map<?, ?> el && selects(pattern, (Map<String, Object>) el)) {
                            changed |= merge((Map<String, Object>) el, pattern);
                        }
                    }
                }
            } else {
                // A plain field or list of values is set as the patch says (psp2psa writes none).
                if (!value.equals(target.get(key))) {
                    target.put(key, copy(value));
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** Whether the conditional anchors {@code (field): pattern} of a list pattern select the element. */
    private static boolean selects(Map<String, Object> pattern, Map<String, Object> element) {
        for (Map.Entry<String, Object> e : pattern.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("(") && key.endsWith(")")) {
                Object actual = element.get(key.substring(1, key.length() - 1));
                if (actual == null || !wildcard(String.valueOf(e.getValue()), String.valueOf(actual))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The drop-merging foreach: for each regular container whose drop list lacks the capability (an absent list counts
     * as empty, as the precondition's {@code || []} says), the JSON patch appends it; a container without the list
     * makes the patch fail (its parent is missing), which psp2psa's rules never leave, since the defaults rule before
     * gives every container the list.
     */
    @SuppressWarnings("unchecked")
    private static boolean appendDrop(Map<String, Object> object, KyvernoMutation m) {
        Object spec = object.get("spec");
        if (!(spec instanceof Map<?, ?> s) || !(s.get(m.foreachList()) instanceof List<?> containers)) {
            return false;
        }
        boolean changed = false;
        for (Object c : containers) {
            Object sc = c instanceof Map<?, ?> cm ? cm.get("securityContext") : null;
            Object caps = sc instanceof Map<?, ?> scm ? scm.get("capabilities") : null;
            Object drop = caps instanceof Map<?, ?> capm ? capm.get("drop") : null;
            if (drop instanceof List<?> list) {
                if (!list.contains(m.appendValue())) {
                    ((List<Object>) list).add(m.appendValue());
                    changed = true;
                }
            } else {
                throw new IllegalArgumentException("rule \"" + m.rule() + "\" of ClusterPolicy \"" + m.policy()
                        + "\" appends to a container without a capabilities.drop list: Kyverno's JSON patch fails.");
            }
        }
        return changed;
    }

    @SuppressWarnings("unchecked")
    private static boolean annotate(Map<String, Object> object, KyvernoMutation m) {
        Object spec = object.get("spec");
        if (!(spec instanceof Map<?, ?> s) || !(s.get(m.foreachList()) instanceof List<?> containers)) {
            return false;
        }
        Map<String, Object> metadata = (Map<String, Object>) object.computeIfAbsent("metadata",
                k -> new LinkedHashMap<>());
        Object existing = metadata.get("annotations");
        Map<String, Object> annotations = existing instanceof Map<?, ?> a ? (Map<String, Object>) a
                : new LinkedHashMap<>();
        boolean changed = false;
        for (Object c : containers) {
            Object name = c instanceof Map<?, ?> container ? container.get("name") : null;
            String key = m.annotationKey().replace(KyvernoMutationReader.ELEMENT_NAME, name == null ? "" : name.toString());
            if (annotations.get(key) == null) {
                annotations.put(key, m.annotationValue());
                changed = true;
            }
        }
        if (changed) {
            metadata.put("annotations", annotations);
        }
        return changed;
    }

    /** Kyverno's wildcards: {@code ?} one character, {@code *} any run of characters. */
    static boolean wildcard(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            regex.append(ch == '*' ? ".*" : ch == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(ch)));
        }
        return text.matches(regex.toString());
    }

    private static Object copy(Object value) {
        return Json.mapper().convertValue(value, Object.class);
    }
}
