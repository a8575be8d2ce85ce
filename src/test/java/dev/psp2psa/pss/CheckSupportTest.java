package dev.psp2psa.pss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckSupportTest {

    @Test
    void joinQuote() {
        assertEquals("", CheckSupport.joinQuote(List.of()));
        assertEquals("\"a\"", CheckSupport.joinQuote(List.of("a")));
        assertEquals("\"a\", \"b\"", CheckSupport.joinQuote(List.of("a", "b")));
    }

    @Test
    void pluralize() {
        assertEquals("container", CheckSupport.pluralize("container", "containers", 1));
        assertEquals("containers", CheckSupport.pluralize("container", "containers", 0));
        assertEquals("containers", CheckSupport.pluralize("container", "containers", 2));
    }

    @Test
    void goQuoteEscapesLikeGo() {
        assertEquals("\"unconfined\"", CheckSupport.goQuote("unconfined"));
        assertEquals("\"a\\\"b\\\\c\\n\\t\\x01\"", CheckSupport.goQuote("a\"b\\c\n\t\u0001"));
        assertEquals("\"é\"", CheckSupport.goQuote("é"));
        assertEquals("\"\\u200b\"", CheckSupport.goQuote("\u200b"));
    }

    @Test
    void goOrderIsByteOrder() {
        assertEquals(List.of("B", "a", "\uffff", "\ud83d\ude00"),
                CheckSupport.sorted(List.of("\ud83d\ude00", "a", "\uffff", "B")));
    }
}
