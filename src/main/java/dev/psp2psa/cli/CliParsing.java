package dev.psp2psa.cli;

import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;

/** Parses option values shared by several commands, turning bad values into usage errors. */
final class CliParsing {

    private CliParsing() {
    }

    static Level level(String text) {
        try {
            return Level.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static Version version(String text) {
        try {
            return Version.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
