package dev.psp2psa.pss;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** What the PSA library's helpers.go and visitor.go provide to the checks, for fabric8 types. */
final class CheckSupport {

    /** Go's string order (UTF-8 bytes), which is code point order. */
    static final Comparator<String> GO_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private CheckSupport() {
    }

    /** Init containers, then containers, then ephemeral containers, as visitContainers does. */
    static List<ContainerView> containers(PodSpec spec) {
        List<ContainerView> all = new ArrayList<>();
        for (Container c : nonNull(spec.getInitContainers())) {
            all.add(ContainerView.of(c));
        }
        for (Container c : nonNull(spec.getContainers())) {
            all.add(ContainerView.of(c));
        }
        for (EphemeralContainer c : nonNull(spec.getEphemeralContainers())) {
            all.add(ContainerView.of(c));
        }
        return all;
    }

    static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Go's zero value for an absent string. */
    static String str(String s) {
        return s == null ? "" : s;
    }

    static boolean isTrue(Boolean b) {
        return b != null && b;
    }

    /** {@code "a", "b"}: each item in double quotes, joined by comma and space; empty for no items. */
    static String joinQuote(Collection<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        return "\"" + String.join("\", \"", items) + "\"";
    }

    static String pluralize(String singular, String plural, int count) {
        return count == 1 ? singular : plural;
    }

    /** A new sorted set, as Go's {@code sets.NewString()} lists it. */
    static TreeSet<String> sortedSet() {
        return new TreeSet<>(GO_ORDER);
    }

    static List<String> sorted(Collection<String> items) {
        List<String> list = new ArrayList<>(items);
        list.sort(GO_ORDER);
        return list;
    }

    /** Whether the pod declares {@code spec.os.name: windows}. */
    static boolean isWindows(PodSpec spec) {
        return spec.getOs() != null && "windows".equals(spec.getOs().getName());
    }

    /** Whether the pod runs in a user namespace ({@code hostUsers: false}), as relaxPolicyForUserNamespacePod. */
    static boolean inUserNamespace(PodSpec spec) {
        return spec.getHostUsers() != null && !spec.getHostUsers();
    }

    /** Go's {@code %q} for a string: double-quoted with Go escapes. */
    static String goQuote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0b -> b.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        b.append(String.format("\\x%02x", cp));
                    } else if (!printable(cp)) {
                        b.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    private static boolean printable(int cp) {
        int type = Character.getType(cp);
        return Character.isDefined(cp)
                && type != Character.CONTROL
                && type != Character.FORMAT
                && type != Character.SURROGATE
                && type != Character.PRIVATE_USE
                && type != Character.UNASSIGNED
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR
                && (type != Character.SPACE_SEPARATOR || cp == ' ');
    }
}
