package dev.psp2psa.emit;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Files to write, by relative path with {@code /} separators, sorted; contents use LF line endings. */
public final class OutputTree {

    private final SortedMap<String, String> files = new TreeMap<>();

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
