package dev.psp2psa.check;

import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import java.util.Optional;

/**
 * What {@code psp2psa check} evaluates: every pod and pod template at one level and version, or, without a
 * level, the tightest level each one passes at that version.
 */
public record CheckRequest(Optional<Level> level, Version version) {
}
