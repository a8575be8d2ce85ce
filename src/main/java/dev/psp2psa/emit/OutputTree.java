package dev.psp2psa.emit;

import dev.psp2psa.format.LfWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Files to write, by relative path with {@code /} separators, sorted; contents use LF line endings. A file is either
 * text held whole ({@link #put(String, String)}, for the small files) or content that writes itself when the tree is
 * written ({@link #put(String, Content)}, for the documents that grow with the input, such as the reports): those are
 * rendered straight into their file and never held whole.
 */
public final class OutputTree {

    /** A file's content that writes itself; it writes the same characters every time it is asked. */
    @FunctionalInterface
    public interface Content {
        /** Writes the content (CRLF is written as LF); the writer is not closed. */
        void writeTo(Writer out) throws IOException;
    }

    private final SortedMap<String, Content> files = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();

    /** A sentence for the user about what was or was not written (printed, not written to a file). */
    public OutputTree note(String sentence) {
        notes.add(sentence);
        return this;
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Adds a file held as text (CRLF becomes LF). */
    public OutputTree put(String path, String content) {
        String text = content.replace("\r\n", "\n");
        return add(path, new Text(text));
    }

    /** Adds a file whose content is written when the tree is written (CRLF becomes LF). */
    public OutputTree put(String path, Content content) {
        return add(path, content);
    }

    private OutputTree add(String path, Content content) {
        if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            throw new IllegalArgumentException("not a relative path: " + path);
        }
        if (files.putIfAbsent(path, content) != null) {
            throw new IllegalArgumentException("written twice: " + path);
        }
        return this;
    }

    /** The paths of the files, sorted. */
    public SortedSet<String> paths() {
        return Collections.unmodifiableSortedSet((SortedSet<String>) files.keySet());
    }

    public boolean contains(String path) {
        return files.containsKey(path);
    }

    /** Whether the file at {@code path} writes itself (a document that grows with the input), not held as text. */
    public boolean streamed(String path) {
        return !(files.get(path) instanceof Text);
    }

    public int size() {
        return files.size();
    }

    /** Writes the content of the file at {@code path} (LF line endings); the writer is not closed. */
    public void write(String path, Writer out) throws IOException {
        Content content = files.get(path);
        if (content == null) {
            throw new IllegalArgumentException("no such file in the tree: " + path);
        }
        if (content instanceof Text t) {
            out.write(t.text);
            return;
        }
        LfWriter lf = new LfWriter(out);
        try {
            content.writeTo(lf);
        } catch (UncheckedIOException e) {
            // A renderer that cannot throw IOException (a full disk while writing JSON) wraps it.
            throw e.getCause();
        }
        lf.finish();
    }

    /** The content of the file at {@code path} as one string: for tests and small files. */
    public String text(String path) {
        StringWriter out = new StringWriter();
        try {
            write(path, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Every file rendered to a string, by path: for tests and small trees (the reports of a large input are big). */
    public SortedMap<String, String> files() {
        SortedMap<String, String> all = new TreeMap<>();
        for (String path : files.keySet()) {
            all.put(path, text(path));
        }
        return Collections.unmodifiableSortedMap(all);
    }

    /** Text held whole, already with LF line endings. */
    private record Text(String text) implements Content {
        @Override
        public void writeTo(Writer out) throws IOException {
            out.write(text);
        }
    }
}
