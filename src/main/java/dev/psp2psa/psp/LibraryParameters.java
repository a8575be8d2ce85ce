package dev.psp2psa.psp;

import java.util.Map;
import java.util.Objects;

/**
 * What one PSP rule gives a constraint of its {@link LibraryKind} that stands for several PSPs: the parameters, in
 * the template's order, that admit what any of the PSPs admitted for the rule; and, when they admit more than the
 * PSPs even taken one by one, how, as a sentence with {@code %s} for the PSP names (empty when lossless).
 */
public record LibraryParameters(Map<String, Object> values, String looser) {

    public LibraryParameters {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        looser = Objects.requireNonNull(looser, "looser");
    }

    /** Lossless parameters. */
    static LibraryParameters of(Map<String, Object> values) {
        return new LibraryParameters(values, "");
    }

    /** Whether the parameters hold the PSPs' values without widening them. */
    public boolean lossless() {
        return looser.isEmpty();
    }
}
