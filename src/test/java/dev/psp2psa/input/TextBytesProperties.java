package dev.psp2psa.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assertions;

/**
 * {@link TextBytes} refuses exactly the inputs {@link TextReader} refuses as not text (plus any input whose first byte
 * is EF, where a byte order mark may start, which it leaves to the exact path): random bytes drawn mostly from the
 * edges of UTF-8's ranges, read in chunks of random size so that sequences are cut between chunks.
 */
class TextBytesProperties {

    private static final List<Integer> EDGES = List.of(0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x41, 0x7E, 0x7F,
            0x80, 0x84, 0x85, 0x86, 0x8F, 0x90, 0x9F, 0xA0, 0xBB, 0xBE, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF);

    /** Code points at the edges of what the exact reader accepts, written as UTF-8. */
    private static final List<Integer> CODE_POINTS = List.of(0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0x84, 0x85,
            0x86, 0x9F, 0xA0, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1F600,
            0x10FFFF);

    @Provide
    Arbitrary<byte[]> texts() {
        Arbitrary<byte[]> ascii = Arbitraries.integers().between(0x20, 0x7E).map(c -> new byte[] {(byte) (int) c});
        Arbitrary<byte[]> character = Arbitraries.of(CODE_POINTS)
                .map(c -> new String(Character.toChars(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Arbitrary<byte[]> edge = Arbitraries.of(EDGES).map(b -> new byte[] {(byte) (int) b});
        Arbitrary<byte[]> any = Arbitraries.integers().between(0, 255).map(b -> new byte[] {(byte) (int) b});
        Arbitrary<byte[]> piece = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, ascii),
                net.jqwik.api.Tuple.of(5, character), net.jqwik.api.Tuple.of(2, edge), net.jqwik.api.Tuple.of(1, any));
        return piece.list().ofMinSize(0).ofMaxSize(16).map(l -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            l.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    @Property(tries = 3000)
    void refusesWhatTheExactReaderRefuses(@ForAll("texts") byte[] bytes, @ForAll @IntRange(min = 1, max = 5) int chunk) {
        boolean exact = exactRefuses(bytes);
        boolean fast = fastRefuses(bytes, chunk);
        boolean mayStartBom = bytes.length > 0 && bytes[0] == (byte) 0xEF;
        if (exact) {
            Assertions.assertTrue(fast, "TextBytes let through what TextReader refuses: " + hex(bytes));
        } else if (!mayStartBom) {
            Assertions.assertFalse(fast, "TextBytes refused what TextReader reads: " + hex(bytes));
        }
    }

    private static boolean exactRefuses(byte[] bytes) {
        try (Reader r = new TextReader(new ByteArrayInputStream(bytes), "f")) {
            char[] buffer = new char[7];
            while (r.read(buffer, 0, buffer.length) >= 0) {
                // read on
            }
            return false;
        } catch (InputException e) {
            Assertions.assertTrue(e.getMessage().startsWith("is not a text file"), e.getMessage());
            return true;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean fastRefuses(byte[] bytes, int chunk) {
        InputStream in = new TextBytes(new ByteArrayInputStream(bytes));
        byte[] buffer = new byte[chunk];
        try {
            while (in.read(buffer, 0, chunk) >= 0) {
                // read on
            }
            return false;
        } catch (TextBytes.Rejected e) {
            return true;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02X ", b & 0xFF));
        }
        return s.toString().trim();
    }
}
