package dev.psp2psa.cel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The conventions of psp2psa's CEL over a pod, as Kubernetes admission CEL sees it: the variable {@code object} is
 * the Pod ({@code object.metadata}, {@code object.spec}), after the API server's defaulting and validation. Only
 * features that Kubernetes ValidatingAdmissionPolicy, Gatekeeper K8sNativeValidation and Kyverno CEL all support are
 * used: the standard macros ({@code has}, {@code all}, {@code exists}), {@code in}, {@code size}, {@code startsWith},
 * {@code matches} (always anchored, so partial and full match agree), ternaries, list concatenation. No optional
 * types, no extension libraries ({@code split}, {@code substring}, ...).
 *
 * <p>Null safety: every optional field is read behind {@code has()} on each step of its path, a list that may be
 * absent is read as empty, and a string that may be absent is read as {@code ''}. {@code object.metadata} and
 * {@code object.spec} are assumed present (the API server requires both).
 *
 * <p>The helpers return single-line fragments; rule predicates put their top-level clauses on separate lines.
 */
public final class PodCel {

    /** The admission variable that holds the pod. */
    public static final String OBJECT = "object";
    public static final String SPEC = OBJECT + ".spec";
    public static final String POD_SC = SPEC + ".securityContext";
    public static final String ANNOTATIONS = OBJECT + ".metadata.annotations";

    /** Init, regular and ephemeral containers, in PSP's visiting order; absent lists count as empty. */
    public static final String ALL_CONTAINERS = "(" + listOrEmpty(SPEC, "initContainers") + " + "
            + listOrEmpty(SPEC, "containers") + " + " + listOrEmpty(SPEC, "ephemeralContainers") + ")";

    /** The pod's service account as the API server fixes it: {@code default} when unset or empty. */
    public static final String SERVICE_ACCOUNT = "(has(" + SPEC + ".serviceAccountName) && " + SPEC
            + ".serviceAccountName != '' ? " + SPEC + ".serviceAccountName : 'default')";

    private PodCel() {
    }

    /** {@code has(base.a) && has(base.a.b) && ...}: whether the field path is present. */
    public static String has(String base, String... path) {
        List<String> parts = new ArrayList<>();
        String cur = base;
        for (String p : path) {
            cur = cur + "." + p;
            parts.add("has(" + cur + ")");
        }
        return String.join(" && ", parts);
    }

    /** {@code base.a.b}. */
    public static String path(String base, String... path) {
        return base + (path.length == 0 ? "" : "." + String.join(".", path));
    }

    /** Whether the boolean field is present and true. */
    public static String isTrue(String base, String... path) {
        return has(base, path) + " && " + path(base, path);
    }

    /** Whether the boolean field is absent or false. */
    public static String notTrue(String base, String... path) {
        return "!(" + isTrue(base, path) + ")";
    }

    /** The field's value, or {@code fallback} when any step of the path is absent. */
    public static String orElse(String fallback, String base, String... path) {
        return "(" + has(base, path) + " ? " + path(base, path) + " : " + fallback + ")";
    }

    /** The list field, or {@code []} when absent. */
    public static String listOrEmpty(String base, String field) {
        return "(has(" + base + "." + field + ") ? " + base + "." + field + " : [])";
    }

    /** {@code cond} holds for every init, regular and ephemeral container, bound to {@code c}. */
    public static String allContainers(String cond) {
        return ALL_CONTAINERS + ".all(c, " + cond + ")";
    }

    /** {@code cond} holds for every volume, bound to {@code v}; absent volumes count as none. */
    public static String allVolumes(String cond) {
        return "(!has(" + SPEC + ".volumes) || " + SPEC + ".volumes.all(v, " + cond + "))";
    }

    /** The container's name, {@code ''} when absent. */
    public static String containerName(String c) {
        return orElse("''", c, "name");
    }

    /** The annotation whose key is the CEL string expression {@code keyExpr}, {@code ''} when absent. */
    public static String annotation(String keyExpr) {
        return "(has(" + ANNOTATIONS + ") && " + keyExpr + " in " + ANNOTATIONS + " ? " + ANNOTATIONS + "["
                + keyExpr + "] : '')";
    }

    /** Whether the annotation key (a CEL string expression) is present. */
    public static String hasAnnotation(String keyExpr) {
        return "(has(" + ANNOTATIONS + ") && " + keyExpr + " in " + ANNOTATIONS + ")";
    }

    /** A CEL string literal. */
    public static String lit(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('\'').toString();
    }

    /** A CEL list literal of the strings, sorted and without duplicates (so equal sets give equal text). */
    public static String list(Collection<String> values) {
        return new TreeSet<>(values).stream().map(PodCel::lit).collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code value in [...]}, or {@code value == '...'} for one value, or {@code false} for none. */
    public static String in(String value, Collection<String> values) {
        TreeSet<String> set = new TreeSet<>(values);
        if (set.isEmpty()) {
            return "false";
        }
        if (set.size() == 1) {
            return value + " == " + lit(set.first());
        }
        return value + " in " + list(set);
    }

    /** Whether the pod's service account is one of the names. */
    public static String serviceAccountIn(Collection<String> names) {
        return in(SERVICE_ACCOUNT, names);
    }

    /** The conjunction of the clauses on one line; {@code true} for none. */
    public static String and(List<String> clauses) {
        List<String> kept = clauses.stream().filter(c -> !c.equals("true")).toList();
        if (kept.contains("false")) {
            return "false";
        }
        if (kept.isEmpty()) {
            return "true";
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        return kept.stream().map(PodCel::group).collect(Collectors.joining(" && "));
    }

    public static String and(String... clauses) {
        return and(List.of(clauses));
    }

    /** The disjunction of the clauses on one line; {@code false} for none. */
    public static String or(List<String> clauses) {
        List<String> kept = clauses.stream().filter(c -> !c.equals("false")).toList();
        if (kept.contains("true")) {
            return "true";
        }
        if (kept.isEmpty()) {
            return "false";
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        return kept.stream().map(PodCel::group).collect(Collectors.joining(" || "));
    }

    public static String or(String... clauses) {
        return or(List.of(clauses));
    }

    /** The conjunction of a rule's top-level clauses, one per line. */
    public static String lines(List<String> clauses) {
        List<String> kept = clauses.stream().filter(c -> !c.equals("true")).toList();
        if (kept.contains("false")) {
            return "false";
        }
        if (kept.size() <= 1) {
            return kept.isEmpty() ? "true" : kept.get(0);
        }
        return kept.stream().map(PodCel::group).collect(Collectors.joining("\n&& "));
    }

    /** The expression in parentheses unless it is a single term. */
    public static String group(String e) {
        return simple(e) ? e : "(" + e + ")";
    }

    /** Whether the expression has no top-level operator that binds looser than {@code !} or a call. */
    private static boolean simple(String e) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < e.length(); i++) {
            char ch = e.charAt(i);
            if (quoted) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '\'') {
                    quoted = false;
                }
                continue;
            }
            switch (ch) {
                case '\'' -> quoted = true;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth--;
                case ' ', '\n' -> {
                    if (depth == 0) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        return true;
    }

    /** Indents every line of the text by two spaces. */
    public static String indent(String text) {
        return text.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    /** A RE2 pattern that matches the text literally. */
    public static String quoteRegex(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(ch) >= 0) {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }
}
