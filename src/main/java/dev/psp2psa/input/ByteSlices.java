package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Predicate;

/**
 * The bytes of the file a fast read parses ({@link FastJsonFile}), for objects captured without their tokens: most
 * Pods of a large cluster are replicas whose key was seen before, so their tokens are never needed, and the few that
 * are (the first Pod of each key, everything else that is converted) are read again from the file, from the first
 * byte of the object to its last, and captured whole. Thread-safe: positional reads.
 */
final class ByteSlices {

    private final FileChannel channel;
    private final JsonFactory json;

    ByteSlices(FileChannel channel, JsonFactory json) {
        this.channel = channel;
        this.json = json;
    }

    /** The object whose bytes are {@code [from, to)} of the file, captured with its tokens. */
    CapturedObject capture(long from, long to, Predicate<String> annotationRead, Limits limits, String file)
            throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(to - from));
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, from + bytes.position()) < 0) {
                throw new EOFException(file + " ended before the object");
            }
        }
        try (JsonParser p = json.createParser(bytes.array(), 0, bytes.limit())) {
            p.nextToken();
            return new ObjectCapture(p, annotationRead, limits, file, null).run();
        }
    }
}
