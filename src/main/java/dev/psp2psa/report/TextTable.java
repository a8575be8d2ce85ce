package dev.psp2psa.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with left-aligned columns separated by two spaces; the last column is not padded. A row may carry
 * notes: text too long for a column (an explanation, a description), printed under the row across the table's width,
 * indented, and wrapped at spaces like a cell.
 */
public final class TextTable {

    /** How far notes are indented under their row; their continuation lines are indented twice as far. */
    static final int NOTE_INDENT = 2;

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final java.util.Map<Integer, List<String>> notes = new java.util.HashMap<>();
    private int noteWidth = WIDTH;
    private final java.util.Map<Integer, Integer> wrap = new java.util.HashMap<>();

    public TextTable(String... header) {
        this.header = List.of(header);
    }

    public TextTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (String c : cells) {
            row.add(c == null ? "" : c);
        }
        rows.add(row);
        return this;
    }

    /** Adds a note under the last row (not shown when blank). */
    public TextTable note(String text) {
        if (rows.isEmpty()) {
            throw new IllegalStateException("a note belongs to a row");
        }
        if (text != null && !text.isBlank()) {
            notes.computeIfAbsent(rows.size() - 1, k -> new ArrayList<>()).add(text);
        }
        return this;
    }

    /** Wraps the notes so that each line is at most {@code total} characters wide (as far as its longest word allows). */
    public TextTable notes(int total) {
        noteWidth = total;
        return this;
    }

    /** Wraps the cells of a column at spaces so that it is at most {@code width} characters wide. */
    public TextTable wrap(int column, int width) {
        wrap.put(column, width);
        return this;
    }

    /** The terminal width tables fit by default. */
    public static final int WIDTH = 100;

    private int fitColumn = -1;
    private int fitTotal;

    /**
     * Wraps the cells of one column (at spaces) so that the whole table is at most {@code total} characters wide,
     * as far as the other columns and the column's longest word allow.
     */
    public TextTable fit(int column, int total) {
        fitColumn = column;
        fitTotal = total;
        wrap.put(column, Integer.MAX_VALUE);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, each line ending with LF and no trailing spaces. */
    public String render() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (java.util.Map.Entry<Integer, Integer> w : wrap.entrySet()) {
            int c = w.getKey();
            int longestWord = header.get(c).length();
            for (List<String> row : rows) {
                longestWord = Math.max(longestWord, longestUnbreakable(row.get(c)));
            }
            widths[c] = Math.min(widths[c], Math.max(w.getValue(), longestWord));
        }
        if (fitColumn >= 0) {
            int others = 2 * (widths.length - 1);
            for (int i = 0; i < widths.length; i++) {
                others += i == fitColumn ? 0 : widths[i];
            }
            int longestWord = header.get(fitColumn).length();
            for (List<String> row : rows) {
                longestWord = Math.max(longestWord, longestUnbreakable(row.get(fitColumn)));
            }
            widths[fitColumn] = Math.min(widths[fitColumn], Math.max(fitTotal - others, longestWord));
            wrap.put(fitColumn, widths[fitColumn]);
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, widths);
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            List<List<String>> cells = new ArrayList<>();
            int height = 1;
            for (int i = 0; i < row.size(); i++) {
                List<String> parts = wrap.containsKey(i) ? split(row.get(i), widths[i]) : List.of(row.get(i));
                cells.add(parts);
                height = Math.max(height, parts.size());
            }
            for (int l = 0; l < height; l++) {
                List<String> physical = new ArrayList<>();
                for (List<String> parts : cells) {
                    physical.add(l < parts.size() ? parts.get(l) : "");
                }
                line(sb, physical, widths);
            }
            for (String note : notes.getOrDefault(r, List.of())) {
                note(sb, note);
            }
        }
        return sb.toString();
    }

    /** A paragraph under a table, wrapped at spaces into lines of at most {@code width} characters, each ending with LF. */
    public static String paragraph(String text, int width) {
        StringBuilder sb = new StringBuilder();
        for (String l : split(text, Math.max(1, width))) {
            sb.append(l.stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /**
     * A message wrapped at spaces to {@code width}, its continuation lines indented by two spaces (so a reader, or a
     * script, can tell where the next message starts); each line ends with LF.
     */
    public static String hanging(String text, int width) {
        StringBuilder sb = new StringBuilder();
        List<String> lines = split(text, Math.max(1, width), Math.max(1, width - NOTE_INDENT));
        for (int i = 0; i < lines.size(); i++) {
            sb.append(i == 0 ? "" : " ".repeat(NOTE_INDENT)).append(lines.get(i).stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** A note: its first line indented once, the lines it wraps into twice, each within the notes' width. */
    private void note(StringBuilder sb, String text) {
        List<String> lines = split(text, Math.max(1, noteWidth - NOTE_INDENT), Math.max(1, noteWidth - 2 * NOTE_INDENT));
        for (int i = 0; i < lines.size(); i++) {
            sb.append(" ".repeat(i == 0 ? NOTE_INDENT : 2 * NOTE_INDENT)).append(lines.get(i).stripTrailing())
                    .append('\n');
        }
    }

    /**
     * Splits text at spaces into lines of at most {@code width} characters; a word longer than that is broken after
     * its slashes ({@code generated:restricted/} {@code seLinux/gap-witness}), never inside a name between them.
     */
    static List<String> split(String text, int width) {
        return split(text, width, width);
    }

    /** As {@link #split(String, int)}, the first line at most {@code first} characters, the others {@code rest}. */
    static List<String> split(String text, int first, int rest) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            boolean wordStart = true;
            for (String piece : word.length() > Math.min(first, rest) ? pieces(word) : List.of(word)) {
                int width = lines.isEmpty() ? first : rest;
                String sep = wordStart && current.length() > 0 ? " " : "";
                if (current.length() > 0 && current.length() + sep.length() + piece.length() > width) {
                    lines.add(current.toString());
                    current.setLength(0);
                    sep = "";
                }
                current.append(sep).append(piece);
                wordStart = false;
            }
        }
        lines.add(current.toString());
        return lines;
    }

    /** A word's parts, each ending after a slash (the last one as it ends). */
    static List<String> pieces(String word) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) == '/' && i + 1 < word.length()) {
                out.add(word.substring(from, i + 1));
                from = i + 1;
            }
        }
        out.add(word.substring(from));
        return out;
    }

    /** The widest part of the text that cannot be broken: a word, or a part of one between slashes. */
    static int longestUnbreakable(String text) {
        int longest = 0;
        for (String word : text.split(" ")) {
            for (String piece : pieces(word)) {
                longest = Math.max(longest, piece.length());
            }
        }
        return longest;
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            line.append(c);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - c.length() + 2));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
