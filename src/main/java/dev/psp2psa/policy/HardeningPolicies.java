package dev.psp2psa.policy;

import dev.psp2psa.inventory.Hardening;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.pss.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns the opt-in hardening rules into policies for the same emitters as the gaps: one policy per rule, named
 * {@code psp2psa-hardening-<rule>}, scoped to its namespaces ({@code *}: every labelled namespace of the plan).
 */
public final class HardeningPolicies {

    private HardeningPolicies() {
    }

    public static List<GapPolicy> build(Hardening hardening, Plan plan) {
        List<GapPolicy> out = new ArrayList<>();
        for (Hardening.Rule rule : hardening.rules()) {
            TreeSet<String> namespaces = new TreeSet<>();
            for (String ns : rule.namespaces()) {
                if (ns.equals("*")) {
                    plan.namespaces().stream().filter(n -> !n.exempt()).map(NamespacePlan::name)
                            .forEach(namespaces::add);
                } else {
                    namespaces.add(ns);
                }
            }
            if (namespaces.isEmpty()) {
                continue;
            }
            PolicyValidation v = new PolicyValidation(rule.kind().key(), List.of(), List.of(rule.kind().key()),
                    HardeningCel.predicate(rule));
            out.add(new GapPolicy("psp2psa-hardening-" + rule.kind().dnsName(), List.copyOf(namespaces),
                    Level.RESTRICTED, List.of(v)));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }
}
