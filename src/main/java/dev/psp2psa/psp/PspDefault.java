package dev.psp2psa.psp;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One default that PSP admission writes into pods that leave it unset: the rule, the PSP field or annotation
 * that causes it, the pod field path ({@code spec.containers[*]} stands for every init, regular and ephemeral
 * container), the value as text for people ({@code value}) and the same value as the YAML a mutation writes
 * ({@code typed}: a boolean, a number, a list or a map of them, or text). Rules whose values may hold the text form's
 * separators (an SELinux level {@code s0:c123,c456}) give {@code typed} themselves.
 */
public record PspDefault(String rule, String field, String path, String value, Object typed) {

    /** A default whose typed value is read from its text: see {@link #parse}. */
    public PspDefault(String rule, String field, String path, String value) {
        this(rule, field, path, value, parse(path, value));
    }

    /** As {@code path=value}, such as {@code spec.containers[*].securityContext.runAsNonRoot=true}. */
    @Override
    public String toString() {
        return path + "=" + value;
    }

    /**
     * The typed form of a text value: booleans, integers, {@code [a,b]} lists, {@code {k:v}} maps, else text. Only for
     * values whose items hold no {@code ,} (and map values no {@code ,}): capabilities, IDs, profile names.
     */
    static Object parse(String path, String text) {
        String v = text.trim();
        if (path.endsWith("capabilities.drop") || path.endsWith("capabilities.add")) {
            return List.of(v.replace("[", "").replace("]", "").split(",")).stream().map(String::trim).toList();
        }
        if (v.startsWith("[") && v.endsWith("]")) {
            return List.of(v.substring(1, v.length() - 1).split(",")).stream().map(String::trim)
                    .map(PspDefault::scalar).toList();
        }
        if (v.startsWith("{") && v.endsWith("}")) {
            Map<String, Object> map = new TreeMap<>();
            for (String kv : v.substring(1, v.length() - 1).split(",")) {
                String[] p = kv.split(":", 2);
                if (p.length == 2) {
                    map.put(p[0].trim(), scalar(p[1].trim()));
                }
            }
            return map;
        }
        return scalar(v);
    }

    private static Object scalar(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        if (v.matches("-?[0-9]{1,18}")) {
            return Long.valueOf(v);
        }
        return v;
    }
}
