package dev.psp2psa.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The combinators of {@link CelPredicate}: identities, exactness and reasons carried through. */
class CelPredicateTest {

    private static final CelEvaluator EVALUATOR = new CelEvaluator();

    @Test
    void combinators() {
        CelPredicate t = CelPredicate.exact("true", "PSP 't' always admits.");
        CelPredicate f = CelPredicate.approximation("false", "PSP 'f' never admits.", "a reason");
        assertEquals("true", CelPredicate.and(List.of()).expression());
        assertEquals("false", CelPredicate.or(List.of()).expression());
        CelPredicate and = CelPredicate.and(List.of(t, f));
        assertFalse(and.exact());
        assertEquals("a reason", and.reason());
        assertFalse(EVALUATOR.evaluate(and.expression(), Map.of()));
        assertTrue(EVALUATOR.evaluate(CelPredicate.or(List.of(t, f)).expression(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new CelPredicate("true", "m.", false, ""));
    }
}
