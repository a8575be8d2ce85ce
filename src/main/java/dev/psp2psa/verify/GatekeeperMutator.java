package dev.psp2psa.verify;

import dev.psp2psa.format.Json;
import dev.psp2psa.inventory.Mutator;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gatekeeper's mutating webhook for one pod, as far as the mutators psp2psa writes go: {@code match.kinds},
 * {@code match.namespaces} and {@code excludedNamespaces} (with Gatekeeper's globs at either end), a {@code location}
 * of fields, quoted keys and {@code [key: value]} list selectors ({@code *} selects every element that has the key;
 * a missing element of a literal selector is created), {@code pathTests} on the original pod, with the globs of a
 * subpath bound as in the location, and {@code assign.value}. An AssignMetadata only adds an absent label or
 * annotation. The mutators run in kind and name order; the ones psp2psa writes touch disjoint fields, so one pass
 * reaches what Gatekeeper's repeated passes converge to. Pure: the pod given is not changed.
 */
public final class GatekeeperMutator {

    private GatekeeperMutator() {
    }

    /** One step of a location: a field, or a list field with the key and value that select its elements. */
    record Segment(String field, String key, String value) {

        boolean list() {
            return key != null;
        }

        boolean glob() {
            return "*".equals(value);
        }
    }

    /** The pod after every mutator that matches it in the namespace, or the same pod when none changes it. */
    public static Pod apply(List<Mutator> mutators, String namespace, Pod pod) {
        return applyInOrder(matching(mutators, namespace), pod);
    }

    /** The mutators that match pods in the namespace, in the order they apply (kind/name). */
    static List<Mutator> matching(List<Mutator> mutators, String namespace) {
        List<Mutator> sorted = new ArrayList<>(mutators);
        sorted.sort((a, b) -> (a.kind() + "/" + a.name()).compareTo(b.kind() + "/" + b.name()));
        sorted.removeIf(m -> !matches(m, namespace));
        return List.copyOf(sorted);
    }

    /** The pod after these mutators ({@link #matching}), or the same pod when none changes it. */
    static Pod applyInOrder(List<Mutator> matching, Pod pod) {
        if (matching.isEmpty()) {
            return pod;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = Json.mapper().convertValue(pod, LinkedHashMap.class);
        boolean changed = false;
        for (Mutator m : matching) {
            changed |= mutate(m, object);
        }
        return changed ? Json.mapper().convertValue(object, Pod.class) : pod;
    }

    static boolean matches(Mutator m, String namespace) {
        if (!m.kinds().isEmpty() && !m.kinds().contains("Pod") && !m.kinds().contains("*")) {
            return false;
        }
        boolean listed = m.namespaces().isEmpty() || m.namespaces().stream().anyMatch(p -> glob(p, namespace));
        return listed && m.excludedNamespaces().stream().noneMatch(p -> glob(p, namespace));
    }

    /** Gatekeeper's namespace patterns: an optional {@code *} at the start and at the end. */
    static boolean glob(String pattern, String name) {
        boolean prefix = pattern.endsWith("*");
        boolean suffix = pattern.startsWith("*") && pattern.length() > 1;
        String core = pattern.substring(suffix ? 1 : 0, pattern.length() - (prefix ? 1 : 0));
        if (prefix && suffix) {
            return name.contains(core);
        }
        if (prefix) {
            return name.startsWith(core);
        }
        return suffix ? name.endsWith(core) : name.equals(core);
    }

    /** Applies one mutator to the object; whether it changed it. */
    static boolean mutate(Mutator m, Map<String, Object> object) {
        List<Segment> location = parse(m.location());
        if (m.kind().equals("AssignMetadata")) {
            return assignMetadata(location, m.value(), object);
        }
        List<List<Object>> paths = new ArrayList<>();
        expand(object, location, 0, new ArrayList<>(), paths);
        boolean changed = false;
        for (List<Object> path : paths) {
            if (!passes(m, object, path)) {
                continue;
            }
            if (m.kind().equals("ModifySet")) {
                changed |= mergeSet(object, path, location, m.value());
            } else {
                set(object, path, location, copy(m.value()));
                changed = true;
            }
        }
        return changed;
    }

    /**
     * ModifySet's {@code merge} (gatekeeper {@code modify_set_mutator.go} {@code setValueMerge}): a missing list
     * becomes the values; an existing one gets each value it lacks appended, in order. Whether it changed the object.
     */
    @SuppressWarnings("unchecked")
    private static boolean mergeSet(Map<String, Object> object, List<Object> path, List<Segment> location,
            Object values) {
        Object existing = get(object, path);
        List<Object> add = (List<Object>) values;
        if (existing == null) {
            set(object, path, location, copy(values));
            return true;
        }
        if (!(existing instanceof List<?> list)) {
            throw new IllegalArgumentException("ModifySet location " + path + " is not a list.");
        }
        List<Object> merged = new ArrayList<>((List<Object>) list);
        boolean changed = false;
        for (Object v : add) {
            if (!merged.contains(v)) {
                merged.add(copy(v));
                changed = true;
            }
        }
        if (changed) {
            set(object, path, location, merged);
        }
        return changed;
    }

    /** The value at an expanded path, or null when some step is missing (a list item to be created included). */
    @SuppressWarnings("unchecked")
    private static Object get(Map<String, Object> object, List<Object> path) {
        Object cur = object;
        for (Object step : path) {
            if (step instanceof Integer j) {
                if (j < 0 || !(cur instanceof List<?> l) || j >= l.size()) {
                    return null;
                }
                cur = l.get(j);
            } else {
                if (!(cur instanceof Map<?, ?> map)) {
                    return null;
                }
                cur = ((Map<String, Object>) map).get((String) step);
            }
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    private static boolean assignMetadata(List<Segment> location, Object value, Map<String, Object> object) {
        if (location.size() != 3 || !location.get(0).field().equals("metadata") || location.get(2).list()
                || !List.of("labels", "annotations").contains(location.get(1).field())) {
            throw new IllegalArgumentException("an AssignMetadata location must be metadata.labels.<key> or "
                    + "metadata.annotations.<key>.");
        }
        Map<String, Object> metadata = child(object, "metadata");
        Map<String, Object> map = child(metadata, location.get(1).field());
        if (map.containsKey(location.get(2).field())) {
            return false;
        }
        map.put(location.get(2).field(), String.valueOf(value));
        return true;
    }

    /** Whether every path test holds on the object before this mutator changes it, globs bound as in {@code path}. */
    private static boolean passes(Mutator m, Map<String, Object> object, List<Object> path) {
        for (Mutator.PathTest t : m.pathTests()) {
            int steps = 0;
            for (Segment s : parse(t.subPath())) {
                steps += s.list() ? 2 : 1;
            }
            boolean exists = exists(object, path.subList(0, Math.min(steps, path.size())));
            if (exists != t.mustExist()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The concrete paths (map keys and list indexes; {@code -1}: an element to create) that a location names in the
     * object; a missing map on the way is created when the value is set.
     */
    private static void expand(Object node, List<Segment> location, int i, List<Object> prefix,
            List<List<Object>> out) {
        if (i == location.size()) {
            out.add(List.copyOf(prefix));
            return;
        }
        Segment s = location.get(i);
        Object child = node instanceof Map<?, ?> map ? map.get(s.field()) : null;
        List<Object> next = new ArrayList<>(prefix);
        next.add(s.field());
        if (!s.list()) {
            expand(child, location, i + 1, next, out);
            return;
        }
        List<?> list = child instanceof List<?> l ? l : List.of();
        boolean found = false;
        for (int j = 0; j < list.size(); j++) {
            if (list.get(j) instanceof Map<?, ?> e && e.containsKey(s.key())
                    && (s.glob() || s.value().equals(String.valueOf(e.get(s.key()))))) {
                found = true;
                List<Object> at = new ArrayList<>(next);
                at.add(j);
                expand(e, location, i + 1, at, out);
            }
        }
        if (!found && !s.glob()) {
            List<Object> at = new ArrayList<>(next);
            at.add(-1);
            expand(null, location, i + 1, at, out);
        }
    }

    private static boolean exists(Object node, List<Object> path) {
        Object cur = node;
        for (Object step : path) {
            if (step instanceof Integer j) {
                if (!(cur instanceof List<?> l) || j < 0 || j >= l.size()) {
                    return false;
                }
                cur = l.get(j);
            } else {
                // Go's omitempty: an empty list is not in the request Gatekeeper sees.
                if (!(cur instanceof Map<?, ?> m) || m.get(step) == null
                        || (m.get(step) instanceof List<?> l && l.isEmpty())) {
                    return false;
                }
                cur = m.get(step);
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> object, List<Object> path, List<Segment> location, Object value) {
        Object cur = object;
        int segment = 0;
        for (int i = 0; i < path.size(); i++) {
            Object step = path.get(i);
            boolean last = i == path.size() - 1;
            if (step instanceof Integer j) {
                List<Object> list = (List<Object>) cur;
                Segment s = location.get(segment++);
                if (j < 0) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put(s.key(), s.value());
                    list.add(e);
                    cur = last ? value : e;
                    if (last) {
                        list.set(list.size() - 1, value);
                    }
                } else if (last) {
                    list.set(j, value);
                } else {
                    cur = list.get(j);
                }
                continue;
            }
            Map<String, Object> map = (Map<String, Object>) cur;
            Segment s = location.get(segment);
            if (last) {
                map.put((String) step, value);
            } else if (s.list()) {
                cur = map.computeIfAbsent((String) step, k -> new ArrayList<>());
            } else {
                segment++;
                cur = child(map, (String) step);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> map, String key) {
        Object c = map.get(key);
        if (!(c instanceof Map)) {
            c = new LinkedHashMap<String, Object>();
            map.put(key, c);
        }
        return (Map<String, Object>) c;
    }

    /** A mutable deep copy of a value, so that a later mutator may write below it. */
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }

    /** A location as segments: dots outside quotes and brackets separate them; quotes keep dots in a key. */
    static List<Segment> parse(String location) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        for (char c : location.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']') {
                depth--;
            }
            if (c == '.' && !quoted && depth == 0) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        List<Segment> out = new ArrayList<>();
        for (String p : parts) {
            int open = p.indexOf('[');
            if (open > 0 && p.endsWith("]") && !p.startsWith("\"")) {
                String[] kv = p.substring(open + 1, p.length() - 1).split(":", 2);
                out.add(new Segment(unquote(p.substring(0, open)), unquote(kv[0].trim()),
                        unquote(kv.length > 1 ? kv[1].trim() : "")));
            } else {
                out.add(new Segment(unquote(p.trim()), null, null));
            }
        }
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
