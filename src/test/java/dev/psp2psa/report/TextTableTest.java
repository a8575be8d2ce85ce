package dev.psp2psa.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Wrapping: at spaces, and a word too long for its column after its slashes, never inside a name. */
class TextTableTest {

    @Test
    void textWrapsAtSpaces() {
        assertEquals(List.of("one two", "three"), TextTable.split("one two three", 8));
        // A word longer than the width and without slashes stays whole.
        assertEquals(List.of("a", "unbreakable-name", "b"), TextTable.split("a unbreakable-name b", 5));
    }

    @Test
    void aLongWordBreaksAfterItsSlashes() {
        assertEquals(List.of("generated:restricted/", "seLinux/witness x"),
                TextTable.split("generated:restricted/seLinux/witness x", 21));
        assertEquals(List.of("a/", "b/"), TextTable.pieces("a/b/"));
        assertEquals(21, TextTable.longestUnbreakable("generated:restricted/seLinux/witness x"));
    }

    @Test
    void theSourceColumnOfATableWrapsAtSlashes() {
        String t = new TextTable("SOURCE", "NAME").wrap(0, 16)
                .row("generated:restricted/allowPrivilegeEscalation/gap-witness", "pod").render();
        assertEquals("""
                SOURCE                     NAME
                generated:restricted/      pod
                allowPrivilegeEscalation/
                gap-witness
                """, t);
        assertTrue(t.lines().allMatch(l -> l.length() <= 31), t);
    }
}
