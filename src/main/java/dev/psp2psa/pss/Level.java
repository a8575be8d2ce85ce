package dev.psp2psa.pss;

import java.util.Locale;

/** The Pod Security Standards levels, from loosest to tightest. */
public enum Level {
    PRIVILEGED,
    BASELINE,
    RESTRICTED;

    /** The lowercase name used by PSA labels and psp2psa's outputs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean tighterThan(Level other) {
        return compareTo(other) > 0;
    }

    /** Parses {@code privileged}, {@code baseline} or {@code restricted} (case-insensitive). */
    public static Level parse(String text) {
        for (Level level : values()) {
            if (level.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return level;
            }
        }
        throw new IllegalArgumentException(
                "unknown level '" + text + "': expected privileged, baseline or restricted.");
    }

    @Override
    public String toString() {
        return id();
    }
}
