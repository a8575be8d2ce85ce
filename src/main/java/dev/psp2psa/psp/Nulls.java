package dev.psp2psa.psp;

import java.util.List;

/**
 * Absent fields as the API server reads them: a {@code null} boolean is false, a {@code null} string empty, a
 * {@code null} list empty. The one copy for the PSP rules and the pod accessors.
 */
final class Nulls {

    private Nulls() {
    }

    static boolean isTrue(Boolean b) {
        return b != null && b;
    }

    static String str(String s) {
        return s == null ? "" : s;
    }

    static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
