package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.Reader;

/**
 * Stops a YAML value from growing past the limit on one value before the YAML parser has built it: SnakeYAML reads a
 * whole scalar into memory before it reports it, so a 300 MB scalar would fill the heap. Between two events the parser
 * reads one token and a little look-ahead; when it has read more than the limit past the end of the last event it
 * reported, the value it is reading is too long. Counts code points, as the parser's offsets do. Never closes the
 * underlying reader.
 */
final class YamlValueGuard extends Reader {

    /** Look-ahead the parser may read beyond one token: a line of up to 1024 characters for a simple key, and more. */
    private static final int SLACK = 64 * 1024;

    private final Reader in;
    private final Limits limits;
    private final String file;
    private JsonParser parser;
    private long read;

    YamlValueGuard(Reader in, Limits limits, String file) {
        this.in = in;
        this.limits = limits;
        this.file = file;
    }

    /** The parser whose events tell where values end. */
    void watch(JsonParser p) {
        this.parser = p;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n <= 0) {
            return n;
        }
        int codePoints = n;
        for (int i = offset; i < offset + n; i++) {
            if (Character.isLowSurrogate(buffer[i])) {
                codePoints--;
            }
        }
        read += codePoints;
        if (parser != null) {
            JsonLocation last = parser.currentLocation();
            // Offsets are ints in the YAML parser, wrapping after 2^31 code points; the difference stays right.
            long ahead = last == null || last.getCharOffset() < 0 ? read : (int) (read - last.getCharOffset());
            if (ahead > limits.maxValueChars() + (long) SLACK) {
                long where = Locations.of(last);
                throw new InputException(file, Locations.line(where), Locations.column(where), limits.valueTooLong());
            }
        }
        return n;
    }

    @Override
    public void close() {
        // The caller owns the reader.
    }
}
