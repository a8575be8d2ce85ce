package dev.psp2psa.plan;

import java.util.List;

/**
 * A restriction that usable PSPs enforced and the recommended enforce level does not: the PSP rule, the PSP fields
 * (and annotations) it comes from as those PSPs set them, the PSPs that enforce it, whether every usable PSP enforces
 * it (otherwise only the service accounts limited to those PSPs were held to it), and what it restricted.
 */
public record NamespaceGap(String rule, List<String> fields, List<String> psps, boolean allUsablePsps,
        String detail) {

    public NamespaceGap {
        fields = List.copyOf(fields);
        psps = List.copyOf(psps);
    }
}
