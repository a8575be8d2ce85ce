package dev.psp2psa.pss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionAndLevelTest {

    @Test
    void parsesVersions() {
        assertEquals(Version.of(0), Version.parse("v1.0"));
        assertEquals(Version.of(25), Version.parse(" v1.25 "));
        assertEquals(Version.NEWEST, Version.parse("latest"));
        assertEquals(Version.NEWEST, Version.parse("LATEST"));
        assertEquals("v1.37", Version.NEWEST.toString());
    }

    @Test
    void versionsNewerThanKnownAreTheNewest() {
        assertEquals(Version.NEWEST, Version.parse("v1.38"));
        assertEquals(Version.NEWEST, Version.parse("v1.400"));
        assertEquals(Version.NEWEST, Version.of(99), "a version caps itself when it is made");
        assertEquals(Version.NEWEST.minor(), new Version(38).minor());
        assertEquals(3, Version.of(3).minor());
    }

    @Test
    void rejectsMalformedVersions() {
        for (String bad : new String[] {"1.25", "v2.0", "v1.", "v1.01", "v1.x", "", "v1.25.3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Version.parse(bad));
            assertTrue(e.getMessage().endsWith("expected latest or v1.N, such as v1.37."), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Version.parse(null));
    }

    @Test
    void ordersVersionsNumerically() {
        assertTrue(Version.parse("v1.10").atLeast(Version.parse("v1.9")));
        assertTrue(Version.of(9).compareTo(Version.of(10)) < 0);
    }

    @Test
    void levelsParseAndOrder() {
        assertEquals(Level.BASELINE, Level.parse("Baseline"));
        assertEquals("restricted", Level.RESTRICTED.id());
        assertTrue(Level.RESTRICTED.tighterThan(Level.BASELINE));
        assertTrue(Level.BASELINE.tighterThan(Level.PRIVILEGED));
        assertThrows(IllegalArgumentException.class, () -> Level.parse("none"));
    }
}
