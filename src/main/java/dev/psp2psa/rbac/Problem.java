package dev.psp2psa.rbac;

import dev.psp2psa.inventory.Source;
import java.util.Comparator;
import java.util.Objects;

/**
 * Something in the RBAC input that psp2psa could not use as written: a binding whose role is missing, a rule
 * that names a PodSecurityPolicy that is not in the input, a subject that matches no one. Never fatal: the
 * object grants what can be determined (usually nothing) and the problem is reported.
 *
 * @param source where the offending object was read
 * @param message one sentence ending with a period
 */
public record Problem(Source source, String message) implements Comparable<Problem> {

    /** Sorted by source (file, then line), then message. */
    public static final Comparator<Problem> ORDER =
            Comparator.comparing(Problem::source).thenComparing(Problem::message);

    public Problem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public int compareTo(Problem other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return source + ": " + message;
    }
}
