package dev.psp2psa.policy;

import dev.psp2psa.pss.Level;
import java.util.List;
import java.util.TreeSet;

/**
 * What the PSPs of some namespaces enforced beyond their PSA enforce level, as validations over pods: one policy
 * per group of namespaces whose validations are the same. {@code name} is DNS-1123 safe and stable.
 *
 * <p>A policy of the <em>default class</em> ({@code unlisted}) holds in every namespace except {@code excluded}: the
 * namespaces the input does not name, those created after the migration, and the listed {@code namespaces} whose
 * validations are the default class's. Any other policy holds in exactly its {@code namespaces}.
 */
public record GapPolicy(String name, List<String> namespaces, Level enforce, List<PolicyValidation> validations,
        boolean unlisted, List<String> excluded) {

    public GapPolicy {
        namespaces = List.copyOf(namespaces);
        validations = List.copyOf(validations);
        excluded = List.copyOf(new TreeSet<>(excluded));
        if (!unlisted && !excluded.isEmpty()) {
            throw new IllegalArgumentException("only a policy of the default class excludes namespaces");
        }
    }

    /** A policy for exactly these namespaces. */
    public GapPolicy(String name, List<String> namespaces, Level enforce, List<PolicyValidation> validations) {
        this(name, namespaces, enforce, validations, false, List.of());
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

    /** Whether the policy holds in the namespace. */
    public boolean covers(String namespace) {
        return unlisted ? !excluded.contains(namespace) : namespaces.contains(namespace);
    }

    /** Where it holds, in words: its namespaces, or every namespace but the excluded ones. */
    public String scope() {
        if (!unlisted) {
            return String.join(", ", namespaces);
        }
        return excluded.isEmpty() ? "every namespace" : "every namespace except " + String.join(", ", excluded);
    }
}
