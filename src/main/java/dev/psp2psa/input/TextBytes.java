package dev.psp2psa.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The byte-level twin of {@link TextReader} for the fast JSON path (issue 17): passes bytes through unchanged while it
 * checks, chunk by chunk and before the parser sees a chunk, that they are what {@link TextReader} accepts (strict
 * UTF-8 as Java's decoder reads it: no overlong forms, no surrogates, nothing past U+10FFFF, no truncated sequence;
 * no NUL, no C0 control but tab, LF and CR, no DEL, no C1 control but U+0085, no U+FFFE or U+FFFF) and that the input
 * does not start with a byte order mark. It does not say what is wrong or where: at the first such byte it throws
 * {@link Rejected}, and the caller reads the input again through {@link TextReader}, which says it with the line and
 * column. Never closes the stream.
 */
final class TextBytes extends FilterInputStream {

    /** The input is not plain UTF-8 text as the fast path reads it; read it the exact way for the message. */
    static final class Rejected extends IOException {
        private static final long serialVersionUID = 1L;

        Rejected() {
            super("not plain UTF-8 text");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a signal to read again, not an error: no stack to record
        }
    }

    // Continuation bytes still expected, and the range the next one must be in (the first one's range is narrower
    // after E0, ED, F0 and F4: Unicode's table 3-7 of well-formed UTF-8).
    private int pending;
    private int low = 0x80;
    private int high = 0xBF;
    private int lead;
    private int second;
    private boolean started;

    TextBytes(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            scan(b, off, off + n);
        } else if (n < 0 && pending > 0) {
            throw new Rejected(); // a sequence cut off by the end of the input
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would go unchecked: read them instead.
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        int r = n <= 0 ? 0 : read(buffer, 0, buffer.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // The caller owns the stream.
    }

    private void scan(byte[] b, int from, int to) throws Rejected {
        int i = from;
        if (!started) {
            started = true;
            if (b[i] == (byte) 0xEF) {
                throw new Rejected(); // perhaps a byte order mark, which the exact path drops before counting columns
            }
        }
        while (i < to) {
            if (pending == 0) {
                // Printable ASCII, LF, CR and tab: nearly every byte of a manifest.
                byte x = b[i];
                if (x >= 0x20 && x != 0x7F) {
                    i++;
                    continue;
                }
                if (x == '\n' || x == '\r' || x == '\t') {
                    i++;
                    continue;
                }
                if (x >= 0) {
                    throw new Rejected(); // NUL, another C0 control or DEL
                }
                start(x & 0xFF);
            } else {
                continuation(b[i] & 0xFF);
            }
            i++;
        }
    }

    /** The first byte of a sequence of two to four. */
    private void start(int x) throws Rejected {
        lead = x;
        low = 0x80;
        high = 0xBF;
        if (x >= 0xC2 && x <= 0xDF) {
            pending = 1;
        } else if (x >= 0xE0 && x <= 0xEF) {
            pending = 2;
            low = x == 0xE0 ? 0xA0 : 0x80;
            high = x == 0xED ? 0x9F : 0xBF;
        } else if (x >= 0xF0 && x <= 0xF4) {
            pending = 3;
            low = x == 0xF0 ? 0x90 : 0x80;
            high = x == 0xF4 ? 0x8F : 0xBF;
        } else {
            throw new Rejected(); // a continuation byte without a start, C0, C1, or F5 to FF
        }
    }

    /** A continuation byte: in range, and not completing a character the exact path refuses. */
    private void continuation(int x) throws Rejected {
        if (x < low || x > high) {
            throw new Rejected();
        }
        boolean first = isFirst();
        low = 0x80;
        high = 0xBF;
        pending--;
        if (lead == 0xC2 && pending == 0 && x <= 0x9F && x != 0x85) {
            throw new Rejected(); // U+0080 to U+009F but U+0085: C1 controls
        }
        if (lead == 0xEF) {
            if (first) {
                second = x;
            } else if (pending == 0 && second == 0xBF && (x == 0xBE || x == 0xBF)) {
                throw new Rejected(); // U+FFFE or U+FFFF
            }
        }
    }

    private boolean isFirst() {
        int length = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
        return pending == length;
    }
}
