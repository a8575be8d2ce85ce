package dev.psp2psa.policy;

import dev.psp2psa.cel.CelPredicate;
import java.util.List;

/**
 * One validation of a gap policy: a PSP rule that every usable PSP enforces alike ({@code rule} is its id), or the
 * exact disjunction of the usable PSPs' remaining rules ({@code rule} is {@link #ANY_PSP}), as a CEL predicate over
 * the pod with its message. {@code psps} are the PSPs it stands for; {@code rules} the PSP rules it checks.
 */
public record PolicyValidation(String rule, List<String> psps, List<String> rules, CelPredicate predicate) {

    /** The id of the validation that holds the disjunction of several PSPs. */
    public static final String ANY_PSP = "any-usable-psp";

    public PolicyValidation {
        psps = List.copyOf(psps);
        rules = List.copyOf(rules);
    }
}
