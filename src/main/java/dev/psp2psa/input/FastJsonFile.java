package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fast way through a JSON file in a digesting run (issue 17): Jackson's byte parser straight on the file's bytes,
 * which {@link TextBytes} checks as {@link TextReader} would, instead of decoding them to characters first. It gives
 * the same objects and lines as the exact way ({@link InventoryReader}'s {@code TextReader} and character parser);
 * only its columns differ (it counts bytes, not characters), so it stops at the first problem of any kind and the
 * caller reads the file again the exact way, which reports the problem at its line and column (the objects read
 * before it are dropped with the attempt). A file that is not JSON, not a regular file (a pipe can be read only once)
 * or larger than the input limit is left to the exact way without reading it. The items of Lists are captured
 * without their tokens ({@link ByteSlices}): a replica's are never needed, and the others' are read again from the
 * file.
 */
final class FastJsonFile {

    private static final int SNIFF = 8 * 1024;

    private FastJsonFile() {
    }

    /**
     * Reads the file into the collector; false (having added nothing) when it must be read the exact way: it is not
     * JSON, or something in it is wrong.
     */
    static boolean read(JsonFactory json, Path path, String display, boolean explicit, ManifestFiles.Format format,
            InventoryReader.Options options, InventoryCollector collector, DocumentReader.Converters converters) {
        try {
            // A pipe (/dev/stdin, a process substitution) can be read only once: the exact way reads it.
            if (!Files.isRegularFile(path) || Files.size(path) > options.maxFileBytes()) {
                return false;
            }
            try (InputStream file = Files.newInputStream(path);
                    FileChannel bytes = FileChannel.open(path, StandardOpenOption.READ);
                    BufferedInputStream in = new BufferedInputStream(
                            new TextBytes(new LimitedInputStream(file, options.maxFileBytes(), display)), 64 * 1024)) {
                if (format != ManifestFiles.Format.JSON && !looksLikeJson(in)) {
                    return false;
                }
                int documents;
                try (JsonParser parser = json.createParser(in)) {
                    documents = new DocumentReader(display, false, options.limits(), collector, converters,
                            new ByteSlices(bytes, json)).readAll(parser);
                }
                return documents > 0 || !explicit;
            }
        } catch (IOException | InputException | UncheckedIOException e) {
            return false;
        }
    }

    /**
     * Whether the first byte that is not white space opens an object or an array, as {@link ManifestFiles#sniff}
     * decides on characters; any byte it is not sure of leaves the file to the exact way.
     */
    private static boolean looksLikeJson(BufferedInputStream in) throws IOException {
        in.mark(SNIFF);
        try {
            for (int i = 0; i < SNIFF; i++) {
                int b = in.read();
                if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                    continue;
                }
                return b == '{' || b == '[';
            }
            return false;
        } finally {
            in.reset();
        }
    }
}
