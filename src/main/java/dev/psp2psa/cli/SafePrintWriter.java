package dev.psp2psa.cli;

import dev.psp2psa.format.Text;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The terminal writers of every command: whatever is printed (tables, sentences, error lines, with names and values
 * from the input) reaches the terminal with its control characters escaped ({@link Text}), so input data cannot
 * clear the screen, set the window title or rewrite a line. {@link #raw} is for psp2psa's own terminal control
 * (the progress line).
 */
final class SafePrintWriter extends PrintWriter {

    private final PrintWriter raw;

    SafePrintWriter(PrintWriter raw) {
        super(new Escaping(raw), true);
        this.raw = raw;
    }

    /** The writer underneath, which writes control characters as they are. */
    PrintWriter raw() {
        return raw;
    }

    /** The writer a command prints to, made safe unless it already is. */
    static PrintWriter of(PrintWriter w) {
        return w instanceof SafePrintWriter ? w : new SafePrintWriter(w);
    }

    /** Escapes unsafe characters on their way to the underlying writer. */
    private static final class Escaping extends FilterWriter {

        Escaping(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            if (Text.unsafe((char) c)) {
                out.write(String.format("\\u%04X", c));
            } else {
                out.write(c);
            }
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (Text.unsafe(cbuf[i])) {
                    out.write(cbuf, start, i - start);
                    write(cbuf[i]);
                    start = i + 1;
                }
            }
            out.write(cbuf, start, off + len - start);
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (Text.unsafe(str.charAt(i))) {
                    out.write(str, start, i - start);
                    write(str.charAt(i));
                    start = i + 1;
                }
            }
            out.write(str, start, off + len - start);
        }
    }
}
