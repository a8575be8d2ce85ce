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

    @Test
    void notesGoUnderTheirRowIndentedAndWrappedWithinTheWidth() {
        String t = new TextTable("RULE", "YES").notes(30).row("a", "y")
                .note("baseline: no opinion at all, whatever the value").note(" ").row("b", "n").render();
        assertEquals("""
                RULE  YES
                a     y
                  baseline: no opinion at all,
                    whatever the value
                b     n
                """, t);
        assertTrue(t.lines().allMatch(l -> l.length() <= 30), t);
        // A word longer than the line stays whole; one with slashes breaks after them.
        String w = new TextTable("A").notes(20).row("x").note("see spec.containers[0].securityContext.runAsUser")
                .note("source generated:restricted/seLinux/gap-witness").render();
        assertEquals("""
                A
                x
                  see
                    spec.containers[0].securityContext.runAsUser
                  source
                    generated:restricted/
                    seLinux/
                    gap-witness
                """, w);
    }

    @Test
    void aNoteNeedsARow() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> new TextTable("A").note("x"));
    }

    @Test
    void theFirstLineMayHaveAnotherWidth() {
        assertEquals(List.of("one two", "three", "four"), TextTable.split("one two three four", 7, 5));
        assertEquals("12 pods\ncompared.\n", TextTable.paragraph("12 pods compared.", 9));
    }
}
