package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the members of a parsed tree were in the file: for every mapping, the line and column of each key; for
 * every list, those of each element. Kept by container (not by value node, since Jackson shares value nodes such as
 * {@code true}) and only for as long as one object is being converted.
 */
final class Locations {

    private final Map<ObjectNode, Map<String, Long>> fields = new IdentityHashMap<>();
    private final Map<ArrayNode, List<Long>> elements = new IdentityHashMap<>();

    static long pack(int line, int column) {
        return ((long) Math.max(line, 0) << 32) | (Math.max(column, 0) & 0xFFFFFFFFL);
    }

    static long of(JsonLocation location) {
        return location == null ? 0 : pack(location.getLineNr(), location.getColumnNr());
    }

    static int line(long packed) {
        return (int) (packed >>> 32);
    }

    static int column(long packed) {
        return (int) packed;
    }

    void putField(ObjectNode object, String name, long location) {
        fields.computeIfAbsent(object, k -> new HashMap<>()).put(name, location);
    }

    void addElement(ArrayNode array, long location) {
        elements.computeIfAbsent(array, k -> new ArrayList<>()).add(location);
    }

    /** The location of {@code object}'s member {@code name}, or 0 when unknown. */
    long field(JsonNode object, String name) {
        Map<String, Long> m = fields.get(object);
        Long l = m == null ? null : m.get(name);
        return l == null ? 0 : l;
    }

    /** The location of element {@code index} of {@code array}, or 0 when unknown. */
    long element(JsonNode array, int index) {
        List<Long> l = elements.get(array);
        return l == null || index < 0 || index >= l.size() ? 0 : l.get(index);
    }

    /** Copies the location of member {@code name} of {@code from} to the same member of {@code to} (YAML merges). */
    void copyField(ObjectNode from, String name, ObjectNode to, long fallback) {
        long l = field(from, name);
        putField(to, name, l == 0 ? fallback : l);
    }
}
