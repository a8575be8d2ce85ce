package dev.psp2psa.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LfWriter} does to characters as they go what the whole-string path does to a document: CRLF as LF and, for
 * documents for people, {@link Text#safe}; whatever the writes the characters come in (one, arrays, strings, a CRLF
 * split between two writes).
 */
class LfWriterTest {

    private static final char[] ALPHABET = {'a', 'Z', ' ', '\n', '\r', '\t', '\u0000', '\u001B', '\u007F', '\u0085',
        'é', '\u202E', '\u2066', '✓', '\uD83D', '\uDE00'};

    private static String random(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(12_000);
        for (int i = 0; i < n; i++) {
            b.append(r.nextInt(3) == 0 ? ALPHABET[r.nextInt(ALPHABET.length)] : (char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    private static String through(String s, boolean safe, Random r) throws IOException {
        StringWriter out = new StringWriter();
        LfWriter w = new LfWriter(out, safe);
        int i = 0;
        while (i < s.length()) {
            int n = Math.min(s.length() - i, 1 + r.nextInt(r.nextBoolean() ? 3 : 10_000));
            switch (r.nextInt(3)) {
                case 0 -> {
                    w.write(s.charAt(i));
                    n = 1;
                }
                case 1 -> w.write(s.toCharArray(), i, n);
                default -> w.write(s, i, n);
            }
            i += n;
        }
        w.finish();
        return out.toString();
    }

    @Test
    void givesWhatTheWholeStringPathGives() throws IOException {
        Random r = new Random(17);
        for (int run = 0; run < 300; run++) {
            String s = random(r);
            assertEquals(s.replace("\r\n", "\n"), through(s, false, new Random(run)), "run " + run);
            assertEquals(Text.safe(s.replace("\r\n", "\n")), through(s, true, new Random(run)), "safe run " + run);
        }
    }

    @Test
    void aCrAtTheEndOrBeforeAnotherCrIsKept() throws IOException {
        assertEquals("a\r\nb\r", through("a\r\r\nb\r", false, new Random(1)));
        assertEquals("a\\u000D\nb\\u000D", through("a\r\r\nb\r", true, new Random(1)));
    }
}
