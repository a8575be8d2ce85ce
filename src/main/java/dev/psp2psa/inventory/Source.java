package dev.psp2psa.inventory;

/**
 * Where an object came from: a file as the user named it (or {@code -} for stdin, or a cluster) and the
 * 1-based line of the document that holds it. Objects read from a live cluster have line 0 and a file that
 * locates them in the cluster: {@code cluster:<context>/<Kind>/<namespace>/<name>}.
 */
public record Source(String file, int line) implements Comparable<Source> {

    public static Source of(String file, int line) {
        return new Source(file, line);
    }

    @Override
    public int compareTo(Source other) {
        int byFile = file.compareTo(other.file);
        return byFile != 0 ? byFile : Integer.compare(line, other.line);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
