package dev.psp2psa.format;

/**
 * Strings from the input made safe for a person to read: terminal control characters (C0 but tab and line feed, DEL,
 * C1, which start escape sequences that clear screens, set window titles or rewrite lines) and the Unicode
 * bidirectional controls (which reorder what a reviewer sees) are written as {@code \}{@code uXXXX}. Every
 * human-facing output passes through it: the terminal, the Markdown and HTML reports, the tree's README.
 */
public final class Text {

    private Text() {
    }

    /** Whether the character is shown escaped: a control character other than tab and line feed, or a bidi control. */
    public static boolean unsafe(char c) {
        if (c >= 0x20 && c < 0x7F) {
            return false; // printable ASCII: nearly every character written
        }
        if (c < 0x20) {
            return c != '\n' && c != '\t';
        }
        return c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** The string with every unsafe character as {@code \}{@code uXXXX}; the string itself when it has none. */
    public static String safe(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
