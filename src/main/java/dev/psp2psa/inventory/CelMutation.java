package dev.psp2psa.inventory;

import java.util.List;

/**
 * One CEL mutation policy of a migration directory, in the form {@code convert} writes: a MutatingAdmissionPolicy with
 * its binding ({@code vap-mutations/}) or a Kyverno MutatingPolicy ({@code kyverno-mutations/}), whose mutations are
 * {@code JSONPatch} expressions applied in order to the created pods of the namespaces in {@code scope} for which
 * every match condition holds.
 *
 * @param engine          {@code vap} or {@code kyverno}
 * @param kind            {@code MutatingAdmissionPolicy} or {@code MutatingPolicy}
 * @param apiVersion      its {@code apiVersion}
 * @param name            its {@code metadata.name}
 * @param source          file and line
 * @param scope           the namespaces it selects (the binding's, or the policy's namespace selector)
 * @param matchConditions the CEL match conditions, each true for the pods it mutates
 * @param expressions     the {@code jsonPatch.expression} of each mutation, in order
 */
public record CelMutation(String engine, String kind, String apiVersion, String name, String source, PolicySet.Scope scope,
        List<String> matchConditions, List<String> expressions) {

    public CelMutation {
        matchConditions = List.copyOf(matchConditions);
        expressions = List.copyOf(expressions);
    }
}
