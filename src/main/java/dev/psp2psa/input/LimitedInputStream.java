package dev.psp2psa.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails with an {@link InputException} as soon as more than {@code limit} bytes have been read: the size check
 * for stdin, pipes and files that grow while they are read. Never closes the underlying stream.
 */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private final String file;
    private long count;

    LimitedInputStream(InputStream in, long limit, String file) {
        super(in);
        this.limit = limit;
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) {
        count += n;
        if (count > limit) {
            throw tooLarge(file, limit, -1);
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // The caller owns the stream.
    }

    static InputException tooLarge(String file, long limit, long size) {
        String actual = size < 0 ? "" : " (" + bytes(size) + ")";
        return new InputException(file, 0, 0, "is larger than the input size limit of " + bytes(limit) + actual + ".");
    }

    /** A byte count the way people read it: {@code 256 MiB}, {@code 1.5 KiB}, {@code 10 bytes}. */
    static String bytes(long n) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (n < 1024) {
            return n + (n == 1 ? " byte" : " bytes");
        }
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String number = v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
        return number + " " + units[u];
    }
}
