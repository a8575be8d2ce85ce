package dev.psp2psa.verify;

import java.util.List;

/**
 * PSP admission of one pod with the PSPs usable for its service account in its namespace: the PSP that admitted it
 * (null when none did), whether PSP had to mutate it ({@code fieldsToAdd}: the defaults it relied on, as
 * {@code path=value} in the object), and when denied, why each usable PSP rejected it ({@code psp: rule: error}).
 */
public record OldDecision(boolean allowed, String psp, List<String> usable, List<String> fieldsToAdd,
        List<String> denials) {

    public OldDecision {
        usable = List.copyOf(usable);
        fieldsToAdd = List.copyOf(fieldsToAdd);
        denials = List.copyOf(denials);
    }

    public boolean mutated() {
        return !fieldsToAdd.isEmpty();
    }
}
