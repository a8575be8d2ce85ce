package dev.psp2psa.policy;

import dev.psp2psa.pss.Level;
import java.util.List;
import java.util.TreeSet;

/**
 * What the PSPs of some namespaces enforced beyond their PSA enforce level, as validations over pods: one policy
 * per group of namespaces whose validations are the same. {@code name} is DNS-1123 safe and stable.
 */
public record GapPolicy(String name, List<String> namespaces, Level enforce, List<PolicyValidation> validations) {

    public GapPolicy {
        namespaces = List.copyOf(namespaces);
        validations = List.copyOf(validations);
    }

    /** Every PSP the validations stand for, sorted. */
    public List<String> psps() {
        TreeSet<String> all = new TreeSet<>();
        validations.forEach(v -> all.addAll(v.psps()));
        return List.copyOf(all);
    }

    /** Every PSP rule the validations check, sorted. */
    public List<String> rules() {
        TreeSet<String> all = new TreeSet<>();
        validations.forEach(v -> all.addAll(v.rules()));
        return List.copyOf(all);
    }
}
