package dev.psp2psa.plan;

import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;

/** The recommended PSA labels of a namespace: enforce, audit and warn levels, all pinned to one version. */
public record Recommendation(Level enforce, Level audit, Level warn, Version version) {

    /** Enforce at the level, audit and warn one level stricter (restricted stays restricted). */
    public static Recommendation of(Level enforce, Version version) {
        Level next = enforce == Level.RESTRICTED ? Level.RESTRICTED : Level.values()[enforce.ordinal() + 1];
        return new Recommendation(enforce, next, next, version);
    }
}
