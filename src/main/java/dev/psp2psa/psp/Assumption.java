package dev.psp2psa.psp;

import dev.psp2psa.pss.Version;
import java.util.List;

/**
 * Something PSA checks that no PSP field restricts (or that PSP restricts differently), which psp2psa does not let
 * lower a PSP's level: it is listed, and checked against workloads instead.
 */
public record Assumption(String id, List<String> checks, Version since, String text) {

    public Assumption {
        checks = List.copyOf(checks);
    }
}
