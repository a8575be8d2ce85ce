package dev.psp2psa.pss;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Pod Security Standards version, {@code v1.N}. psp2psa knows v1.0 to {@link #NEWEST}; {@code latest}
 * and any newer version are evaluated as the newest known one, as PSA does for versions past its own, so a version
 * caps itself when it is made: {@code Version.of(99)} is {@link #NEWEST}.
 */
public record Version(int minor) implements Comparable<Version> {

    private static final int NEWEST_MINOR = 37;
    /** The name of the newest version whose checks psp2psa knows, as a constant for annotations. */
    public static final String NEWEST_NAME = "v1." + NEWEST_MINOR;
    /** The newest version whose checks psp2psa knows. */
    public static final Version NEWEST = new Version(NEWEST_MINOR);
    public static final Version OLDEST = new Version(0);

    private static final Pattern FORM = Pattern.compile("v1\\.(0|[1-9][0-9]{0,3})");

    public Version {
        if (minor < 0) {
            throw new IllegalArgumentException("version minor must not be negative");
        }
        minor = Math.min(minor, NEWEST_MINOR);
    }

    public static Version of(int minor) {
        return new Version(minor);
    }

    /** Parses {@code latest} or {@code v1.N}; any version newer than {@link #NEWEST} is NEWEST. */
    public static Version parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("latest")) {
            return NEWEST;
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "invalid version '" + text + "': expected latest or v1.N, such as " + NEWEST + ".");
        }
        return new Version(Integer.parseInt(m.group(1)));
    }

    public boolean atLeast(Version other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(Version other) {
        return Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return "v1." + minor;
    }
}
