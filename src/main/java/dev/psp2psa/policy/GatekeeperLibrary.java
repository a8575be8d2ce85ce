package dev.psp2psa.policy;

import dev.psp2psa.psp.LibraryKind;
import dev.psp2psa.psp.LibraryParameters;
import dev.psp2psa.psp.PspRule;
import dev.psp2psa.psp.PspRuleRegistry;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code --gatekeeper-templates library} can enforce: only Constraints of the gatekeeper-library kinds ({@code K8sPSP...}, whose
 * templates the cluster installs from the library), one per policy and library kind, scoped to the policy's
 * namespaces, with parameters built from the PSPs that the policy's validations of those rules stand for.
 *
 * <p>The library templates check one field group each and know neither service accounts nor a disjunction across
 * PSPs, so a constraint can only approximate: its parameters are the <em>union</em> of what those PSPs allowed
 * (allowed values merged, required drops intersected, a rule strategy kept only when every PSP uses the same one).
 * That is exact only when every PSP gives the same values and the rules were plain validations; otherwise it is
 * looser than PSP. A rule that some of those PSPs do not restrict, or that no library kind checks, gets no
 * constraint and is listed as not covered.
 */
public final class GatekeeperLibrary {

    /** One library constraint: its policy, kind, the PSP rules it stands for, parameters, and how it approximates. */
    public record LibraryConstraint(String policy, String kind, List<String> rules, List<String> psps,
            Map<String, Object> parameters, boolean exact, String how) {

        /** The constraint's name: the policy's name and the kind, lowercase (DNS-1123). */
        public String name() {
            return policy + "-" + kind.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A rule of a policy that library mode does not cover, and why. */
    public record Uncovered(String policy, String rule, String why) {
    }

    /** What library mode writes for a set of policies. */
    public record Coverage(List<LibraryConstraint> constraints, List<Uncovered> uncovered) {
    }

    /** A library template: its kind and the rules that name it, in id order. */
    private record Template(LibraryKind kind, List<PspRule> rules) {

        List<String> ids() {
            return rules.stream().map(PspRule::id).toList();
        }

        /** The rules' parameters for the PSPs, merged in rule order; empty when some rule cannot be expressed. */
        Optional<Map<String, Object>> parameters(List<PodSecurityPolicy> psps) {
            Map<String, Object> merged = new LinkedHashMap<>();
            for (PspRule rule : rules) {
                Optional<LibraryParameters> p = rule.libraryParameters(psps);
                if (p.isEmpty()) {
                    return Optional.empty();
                }
                merged.putAll(p.get().values());
            }
            return kind.parametersByRule() && merged.isEmpty() ? Optional.empty()
                    : Optional.of(Collections.unmodifiableMap(merged));
        }

        /** How the parameters widen what the PSPs allowed (with %s for their names); empty when they do not. */
        Optional<String> looser(List<PodSecurityPolicy> psps) {
            return rules.stream().map(r -> r.libraryParameters(psps)).flatMap(Optional::stream)
                    .map(LibraryParameters::looser).filter(l -> !l.isEmpty()).findFirst();
        }
    }

    /** The PSP rules of one policy's validations: the PSPs each stands for, and those checked in a disjunction. */
    private record PolicyRules(SortedMap<String, SortedSet<String>> pspsByRule, SortedSet<String> disjunctive) {

        static PolicyRules of(GapPolicy p) {
            SortedMap<String, SortedSet<String>> pspsByRule = new TreeMap<>();
            SortedSet<String> disjunctive = new TreeSet<>();
            for (PolicyValidation v : p.validations()) {
                for (String r : v.rules()) {
                    pspsByRule.computeIfAbsent(r, k -> new TreeSet<>()).addAll(v.psps());
                    if (!v.rule().equals(r)) {
                        disjunctive.add(r);
                    }
                }
            }
            return new PolicyRules(pspsByRule, disjunctive);
        }
    }

    private static final GatekeeperLibrary STANDARD = new GatekeeperLibrary(PspRuleRegistry.standard());

    private final List<Template> templates;

    /**
     * The library templates that the rules name, sorted by kind.
     *
     * @throws IllegalArgumentException when rules name one kind with different parameter styles
     */
    public GatekeeperLibrary(PspRuleRegistry rules) {
        Map<String, LibraryKind> kinds = new TreeMap<>();
        Map<String, List<PspRule>> byKind = new TreeMap<>();
        for (PspRule rule : rules.all()) {
            rule.libraryKind().ifPresent(k -> {
                if (!kinds.computeIfAbsent(k.name(), n -> k).equals(k)) {
                    throw new IllegalArgumentException("rules name library kind '" + k.name() + "' differently.");
                }
                byKind.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(rule);
            });
        }
        List<Template> all = new ArrayList<>();
        byKind.forEach((name, members) -> all.add(new Template(kinds.get(name), List.copyOf(members))));
        this.templates = List.copyOf(all);
    }

    /** The library templates of the standard rule registry. */
    public static GatekeeperLibrary standard() {
        return STANDARD;
    }

    /** The library kinds psp2psa writes constraints for, sorted. */
    public List<String> kinds() {
        return templates.stream().map(t -> t.kind().name()).toList();
    }

    /** The constraints and the rules not covered, per policy in order, kinds sorted. */
    public Coverage coverage(List<GapPolicy> policies, Map<String, PodSecurityPolicy> psps) {
        List<LibraryConstraint> constraints = new ArrayList<>();
        List<Uncovered> uncovered = new ArrayList<>();
        for (GapPolicy p : policies) {
            PolicyRules rules = PolicyRules.of(p);
            for (Template t : templates) {
                constraint(p, t, rules, psps, uncovered).ifPresent(constraints::add);
            }
            for (String r : rules.pspsByRule().keySet()) {
                if (templates.stream().noneMatch(t -> t.ids().contains(r))) {
                    uncovered.add(new Uncovered(p.name(), r, "no gatekeeper-library kind checks it."));
                }
            }
        }
        return new Coverage(List.copyOf(constraints), List.copyOf(uncovered));
    }

    /**
     * The constraint of one template for the policy's rules that it checks, or none (no such rule, or the PSPs
     * cannot be expressed: the rules left out are added to {@code uncovered}).
     */
    private static Optional<LibraryConstraint> constraint(GapPolicy p, Template t, PolicyRules policyRules,
            Map<String, PodSecurityPolicy> psps, List<Uncovered> uncovered) {
        List<String> gapRules = t.ids().stream().filter(policyRules.pspsByRule()::containsKey).toList();
        if (gapRules.isEmpty()) {
            return Optional.empty();
        }
        SortedSet<String> names = new TreeSet<>();
        gapRules.forEach(r -> names.addAll(policyRules.pspsByRule().get(r)));
        String kind = t.kind().name();
        List<PodSecurityPolicy> from = names.stream().map(psps::get).filter(Objects::nonNull).toList();
        Optional<Map<String, Object>> params = from.size() == names.size() ? t.parameters(from)
                .map(m -> t.kind().parametersByRule() ? only(gapRules, m) : m) : Optional.empty();
        if (params.isEmpty()) {
            gapRules.forEach(r -> uncovered.add(new Uncovered(p.name(), r, "some of the PSPs " + String.join(", ",
                    names) + " do not restrict it the way " + kind + " can express, and a constraint would reject "
                    + "pods they admitted.")));
            return Optional.empty();
        }
        List<String> rules = gapRules.stream().filter(r -> !t.kind().parametersByRule()
                || params.get().containsKey(r)).toList();
        gapRules.stream().filter(r -> !rules.contains(r)).forEach(r -> uncovered.add(new Uncovered(p.name(), r,
                "the PSPs " + String.join(", ", names) + " use different strategies for it, which " + kind
                        + " cannot combine.")));
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        boolean same = from.stream().map(x -> t.parameters(List.of(x))).distinct().count() == 1;
        Optional<String> looser = t.looser(from);
        boolean exact = same && looser.isEmpty() && rules.stream().noneMatch(policyRules.disjunctive()::contains);
        return Optional.of(new LibraryConstraint(p.name(), kind, rules, List.copyOf(names), params.get(), exact,
                how(String.join(", ", names), looser, exact, same)));
    }

    /** Parameters named after the rules: only the rules with a gap are kept. */
    private static Map<String, Object> only(List<String> rules, Map<String, Object> params) {
        Map<String, Object> kept = new LinkedHashMap<>(params);
        kept.keySet().retainAll(rules);
        return Collections.unmodifiableMap(kept);
    }

    /** How a constraint for the PSPs approximates them. */
    private static String how(String names, Optional<String> looser, boolean exact, boolean same) {
        if (looser.isPresent()) {
            return looser.get().formatted(names);
        }
        if (exact) {
            return "Every PSP it stands for (" + names + ") gives the same values.";
        }
        return same ? "Every PSP it stands for (" + names + ") gives the same values, but the rules were part of the "
                + "disjunction across PSPs and service accounts, which a library kind checks on its own: looser."
                : "The union of what the PSPs " + names + " allowed, for every service account: looser than PSP, "
                        + "which needed one PSP to allow the whole pod.";
    }
}
