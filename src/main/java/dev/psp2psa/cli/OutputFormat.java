package dev.psp2psa.cli;

/** How a command prints its result. */
public enum OutputFormat {
    TABLE,
    JSON
}
