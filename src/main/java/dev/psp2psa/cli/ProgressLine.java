package dev.psp2psa.cli;

import dev.psp2psa.input.ClusterReader;
import java.io.PrintWriter;

/**
 * The progress of a cluster read as one line on the terminal, rewritten for every page (the kind being read and how
 * many so far) and erased at the end.
 */
final class ProgressLine {

    /** Carriage return and ANSI erase-line: the line is rewritten in place. */
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter err;
    private boolean started;

    ProgressLine(PrintWriter err) {
        // The line is psp2psa's own terminal control: it goes to the writer under the escaping one.
        this.err = err instanceof SafePrintWriter safe ? safe.raw() : err;
    }

    /** The progress of reading the cluster of the given origin. */
    ClusterReader.Progress start(String origin) {
        started = true;
        return (kind, count, done) -> {
            err.print(CLEAR_LINE + "reading " + dev.psp2psa.format.Text.safe(origin) + ": " + kind + " " + count
                    + (done ? "" : "..."));
            err.flush();
        };
    }

    /** Erases the line, if a read was started. */
    void end() {
        if (started) {
            err.print(CLEAR_LINE);
            err.flush();
        }
    }
}
