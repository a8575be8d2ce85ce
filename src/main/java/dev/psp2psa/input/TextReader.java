package dev.psp2psa.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a byte stream as strict UTF-8 and proves, chunk by chunk and before the parser sees a chunk, that it is
 * text: invalid UTF-8, a NUL byte or another control character (other than tab, LF and CR) fail with
 * "is not a text file" and the line and column where the bad byte is. A UTF-8 byte order mark at the start is
 * dropped, so that the parsers' columns on the first line are the ones an editor shows. Never closes the stream.
 */
final class TextReader extends Reader {

    private static final int BUFFER = 16 * 1024;

    private final InputStream in;
    private final String file;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private final CharBuffer chars = CharBuffer.allocate(BUFFER);
    private boolean eof;
    private boolean done;
    private boolean atStart = true;
    private boolean previousWasCr;
    private int line = 1;
    private int column = 1;

    TextReader(InputStream in, String file) {
        this.in = in;
        this.file = file;
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (!refill()) {
                return -1;
            }
        }
        int n = Math.min(len, chars.remaining());
        chars.get(cbuf, off, n);
        return n;
    }

    /** Decodes the next chunk into {@link #chars}; false at the end of the input. */
    private boolean refill() throws IOException {
        if (done) {
            return false;
        }
        chars.clear();
        while (chars.position() == 0 && !done) {
            CoderResult result = decoder.decode(bytes, chars, eof);
            if (result.isError()) {
                chars.flip();
                scan();
                throw notText("it is not valid UTF-8");
            }
            if (result.isUnderflow()) {
                if (eof) {
                    decoder.flush(chars);
                    done = true;
                } else if (chars.position() == 0) {
                    fillBytes();
                }
            }
        }
        chars.flip();
        if (atStart && chars.hasRemaining()) {
            atStart = false;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.get();
            }
        }
        scan();
        return chars.hasRemaining() || !done;
    }

    private void fillBytes() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    /** Checks the decoded chunk for characters a text file does not contain and keeps count of lines. */
    private void scan() {
        char[] a = chars.array();
        int offset = chars.arrayOffset();
        int end = chars.limit() + offset;
        int col = column;
        boolean cr = previousWasCr;
        for (int i = chars.position() + offset; i < end; i++) {
            char c = a[i];
            if (c >= 0x20 && c < 0x7F) {
                // Printable ASCII: nearly every character of a manifest.
                col++;
                cr = false;
                continue;
            }
            column = col;
            previousWasCr = cr;
            if (c == 0) {
                throw notText("it contains a NUL byte");
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F
                    || (c >= 0x80 && c <= 0x9F && c != 0x85) || c == 0xFFFE || c == 0xFFFF) {
                throw notText(String.format("it contains the control character U+%04X", (int) c));
            }
            if (c == '\r') {
                line++;
                col = 1;
                cr = true;
            } else if (c == '\n') {
                if (!cr) {
                    line++;
                }
                col = 1;
                cr = false;
            } else {
                col++;
                cr = false;
            }
        }
        column = col;
        previousWasCr = cr;
    }

    private InputException notText(String why) {
        return new InputException(file, line, column, "is not a text file (" + why + ").");
    }

    @Override
    public void close() {
        // The caller owns the stream.
    }
}
