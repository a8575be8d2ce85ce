package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.pss.CheckRegistry;
import dev.psp2psa.report.ChecksRenderer;
import dev.psp2psa.report.TextTable;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code COLUMNS} sets the width the terminal tables fit; without a usable value they fit 100 columns. */
class TerminalWidthTest {

    @Test
    void columnsIsHonouredAndNonsenseIgnored() {
        assertEquals(TextTable.WIDTH, TerminalWidth.of(Map.of()));
        assertEquals(TextTable.WIDTH, TerminalWidth.of(Map.of("COLUMNS", "")));
        assertEquals(TextTable.WIDTH, TerminalWidth.of(Map.of("COLUMNS", "wide")));
        assertEquals(TextTable.WIDTH, TerminalWidth.of(Map.of("COLUMNS", "-5")));
        assertEquals(180, TerminalWidth.of(Map.of("COLUMNS", "180")));
        assertEquals(132, TerminalWidth.of(Map.of("COLUMNS", " 132 ")));
        assertEquals(TerminalWidth.MIN, TerminalWidth.of(Map.of("COLUMNS", "20")));
    }

    @Test
    void theWrappedColumnFollowsTheWidth() {
        CheckRegistry registry = CheckRegistry.standard();
        String narrow = ChecksRenderer.table(registry, 100);
        String wide = ChecksRenderer.table(registry, 240);
        assertEquals(narrow, ChecksRenderer.table(registry));
        assertTrue(wide.lines().count() < narrow.lines().count(), wide);
        assertTrue(wide.lines().mapToInt(String::length).max().orElse(0)
                > narrow.lines().mapToInt(String::length).max().orElse(0));
        // Rows are wrapped, never cut: every word of the wide table is in the narrow one.
        assertEquals(java.util.Set.copyOf(java.util.List.of(wide.split("\\s+"))),
                java.util.Set.copyOf(java.util.List.of(narrow.split("\\s+"))));
    }
}
