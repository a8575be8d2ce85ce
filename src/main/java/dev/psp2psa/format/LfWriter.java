package dev.psp2psa.format;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that passes characters on with CRLF written as LF, and optionally every character that {@link Text} shows
 * escaped written as {@code \}{@code uXXXX}: what {@code s.replace("\r\n", "\n")}, then {@link Text#safe}, does to a
 * whole string, done as the characters go, so a document is never held whole. {@link #finish} writes a CR held at
 * the end; neither it nor {@link #close} closes the writer underneath.
 */
public final class LfWriter extends Writer {

    private final Writer out;
    private final boolean safe;
    private final char[] buffer = new char[8192];
    private final char[] chunk = new char[4096];
    private int used;
    private boolean cr;

    /** CRLF as LF. */
    public LfWriter(Writer out) {
        this(out, false);
    }

    /** CRLF as LF and, when {@code safe}, unsafe characters escaped as {@link Text#safe} does. */
    public LfWriter(Writer out, boolean safe) {
        this.out = out;
        this.safe = safe;
    }

    @Override
    public void write(int c) throws IOException {
        put((char) c);
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        while (i < end) {
            int run = i;
            if (!cr) {
                while (run < end && plain(chars[run])) {
                    run++;
                }
            }
            if (run > i) {
                copy(chars, i, run);
                i = run;
            } else {
                put(chars[i++]);
            }
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        // Through a char array: scanning an array is cheaper than charAt, above all on strings that are not Latin-1.
        while (len > 0) {
            int n = Math.min(len, chunk.length);
            s.getChars(off, off + n, chunk, 0);
            write(chunk, 0, n);
            off += n;
            len -= n;
        }
    }

    /** Whether the character is passed on as it is: not a CR, and not escaped. */
    private boolean plain(char c) {
        return c >= 0x20 && c < 0x7F || c == '\n' || c != '\r' && !(safe && Text.unsafe(c));
    }

    private void copy(char[] chars, int from, int to) throws IOException {
        while (from < to) {
            int n = Math.min(to - from, room());
            System.arraycopy(chars, from, buffer, used, n);
            used += n;
            from += n;
        }
    }

    /** Room left in the buffer, writing it out first when it is full. */
    private int room() throws IOException {
        if (used == buffer.length) {
            out.write(buffer, 0, used);
            used = 0;
        }
        return buffer.length - used;
    }

    private void put(char c) throws IOException {
        if (cr) {
            cr = false;
            if (c == '\n') {
                emit('\n');
                return;
            }
            emit('\r');
        }
        if (c == '\r') {
            cr = true;
        } else {
            emit(c);
        }
    }

    private void emit(char c) throws IOException {
        if (safe && Text.unsafe(c)) {
            String escaped = String.format("\\u%04X", (int) c);
            for (int i = 0; i < escaped.length(); i++) {
                append1(escaped.charAt(i));
            }
        } else {
            append1(c);
        }
    }

    private void append1(char c) throws IOException {
        room();
        buffer[used++] = c;
    }

    /** Writes what is held (a CR at the end is written as one) and flushes the writer underneath. */
    public void finish() throws IOException {
        if (cr) {
            cr = false;
            emit('\r');
        }
        out.write(buffer, 0, used);
        used = 0;
        out.flush();
    }

    @Override
    public void flush() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
        out.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
