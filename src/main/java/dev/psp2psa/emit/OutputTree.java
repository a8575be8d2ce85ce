package dev.psp2psa.emit;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Files to write, by relative path with {@code /} separators, sorted; contents use LF line endings. */
public final class OutputTree {

    private final SortedMap<String, String> files = new TreeMap<>();
    private final java.util.List<String> notes = new java.util.ArrayList<>();

    /** A sentence for the user about what was or was not written (printed, not written to a file). */
    public OutputTree note(String sentence) {
        notes.add(sentence);
        return this;
    }

    public java.util.List<String> notes() {
        return java.util.List.copyOf(notes);
    }

    public OutputTree put(String path, String content) {
        if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            throw new IllegalArgumentException("not a relative path: " + path);
        }
        if (files.putIfAbsent(path, content.replace("\r\n", "\n")) != null) {
            throw new IllegalArgumentException("written twice: " + path);
        }
        return this;
    }

    public SortedMap<String, String> files() {
        return Collections.unmodifiableSortedMap(files);
    }
}
