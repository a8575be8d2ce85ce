package dev.psp2psa.policy;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.plan.AccountClass;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.psp.RuleGap;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
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
 * Turns the gaps of a plan into exact policies (DESIGN §4.4): a pod was admitted when any PSP usable for its
 * service account admitted it, so per namespace the policy is the disjunction, per class of service accounts, of
 * the usable PSPs' rules that the PSA enforce level does not already enforce. Rules that every usable PSP enforces
 * alike become plain validations of their own; the rest stays one disjunction, branching on the service account
 * where the classes differ. Exempt namespaces get no policy; the default class's policy holds in every namespace
 * without a plan of its own. Pure: no I/O.
 */
public final class GapPolicies {

    private final PspAnalyzer analyzer;

    /** Gap policies from the analyzer's gaps and its rules' CEL predicates. */
    public GapPolicies(PspAnalyzer analyzer) {
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    }

    public static GapPolicies standard() {
        return new GapPolicies(PspAnalyzer.standard());
    }

    /** The name of the policy of the default class: every namespace without a plan of its own. */
    public static final String DEFAULT_CLASS = "psp2psa-default-class";

    /** The longest policy name: Kyverno policy names and the DNS labels derived from them have at most 63. */
    static final int MAX_NAME = 63;

    /**
     * The policies of the plan, one per group of namespaces with the same validations, sorted by name. The group of
     * the default class ({@link Plan#defaultClass}) holds in every namespace except the exempt ones and the listed
     * ones with other validations, so namespaces the input does not name, and those created later, keep the
     * restrictions of the cluster-wide grants.
     */
    public List<GapPolicy> build(Plan plan, Map<String, PodSecurityPolicy> psps) {
        Map<List<PolicyValidation>, SortedSet<String>> groups = new LinkedHashMap<>();
        Map<List<PolicyValidation>, Level> levels = new LinkedHashMap<>();
        Map<List<PolicyValidation>, SortedSet<String>> usable = new LinkedHashMap<>();
        Map<String, SortedMap<String, CelPredicate>> gapRules = new java.util.HashMap<>();
        List<PolicyValidation> defaults = plan.defaultClass().exempt() ? List.of()
                : validations(plan.defaultClass(), psps, plan.targetVersion(), gapRules);
        SortedSet<String> excluded = new TreeSet<>(plan.exemptNamespaces());
        for (NamespacePlan ns : plan.namespaces()) {
            if (ns.exempt()) {
                excluded.add(ns.name());
                continue;
            }
            List<PolicyValidation> validations = validations(ns, psps, plan.targetVersion(), gapRules);
            if (!validations.equals(defaults)) {
                excluded.add(ns.name());
            }
            if (validations.isEmpty()) {
                continue;
            }
            groups.computeIfAbsent(validations, k -> new TreeSet<>()).add(ns.name());
            levels.put(validations, ns.recommended().enforce());
            ns.psps().forEach(p -> usable.computeIfAbsent(validations, k -> new TreeSet<>()).add(p.name()));
        }
        List<GapPolicy> out = new ArrayList<>();
        if (!defaults.isEmpty()) {
            out.add(new GapPolicy(DEFAULT_CLASS, List.copyOf(groups.getOrDefault(defaults, new TreeSet<>())),
                    plan.defaultClass().recommended().enforce(), defaults, true, List.copyOf(excluded)));
            groups.remove(defaults);
        }
        Map<String, Integer> taken = new java.util.HashMap<>();
        Map<List<PolicyValidation>, String> names = new LinkedHashMap<>();
        groups.forEach((validations, namespaces) -> {
            String name = namespaces.size() == 1 ? "psp2psa-ns-" + namespaces.first()
                    : "psp2psa-psps-" + String.join("-", usable.getOrDefault(validations, new TreeSet<>()));
            names.put(validations, name);
            taken.merge(name, 1, Integer::sum);
        });
        groups.forEach((validations, namespaces) -> {
            String name = names.get(validations);
            String unique = taken.get(name) > 1 ? name + "-" + hash(String.join(",", namespaces)) : name;
            out.add(new GapPolicy(fit(unique), List.copyOf(namespaces), levels.get(validations), validations));
        });
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /**
     * The name as a DNS label: lowercase, runs of other characters as one {@code -}; when longer than
     * {@link #MAX_NAME}, its first 54 characters, {@code -} and 8 hex digits of the SHA-256 of the whole name.
     */
    public static String fit(String name) {
        String safe = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
        if (safe.length() <= MAX_NAME) {
            return safe;
        }
        return safe.substring(0, MAX_NAME - 9).replaceAll("-+$", "") + "-" + hash(name);
    }

    /** The first 8 hex digits of the text's SHA-256: the suffix that keeps a shortened name unique. */
    static String hash(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one class of service accounts may do: every PSP's gap rules with their predicates, or all/nothing. */
    private record ClassRules(AccountClass accounts, boolean unconstrained, SortedMap<String, SortedMap<String,
            CelPredicate>> byPsp) {

        boolean denied() {
            return !unconstrained && byPsp.isEmpty();
        }
    }

    /**
     * The namespace's validations. {@code gapRules} holds each PSP's gap rules at each level as they are worked out
     * ({@link #gapRules}), for the namespaces after it: a cluster has thousands of namespaces and a few hundred PSPs.
     */
    private List<PolicyValidation> validations(NamespacePlan ns, Map<String, PodSecurityPolicy> psps, Version target,
            Map<String, SortedMap<String, CelPredicate>> gapRules) {
        List<ClassRules> classes = classRules(ns, psps, target, gapRules);
        List<ClassRules> constrained = classes.stream().filter(c -> !c.unconstrained()).toList();
        if (constrained.isEmpty()) {
            return List.of();
        }
        SortedMap<String, CelPredicate> plain = plainRules(constrained);
        List<PolicyValidation> out = new ArrayList<>(plainValidations(plain, guard(classes, constrained), constrained));
        residual(classes, constrained, plain).ifPresent(out::add);
        return out;
    }

    /** Per class of service accounts: each usable PSP's gap rules at the namespace's enforce level, with predicates. */
    private List<ClassRules> classRules(NamespacePlan ns, Map<String, PodSecurityPolicy> psps, Version target,
            Map<String, SortedMap<String, CelPredicate>> gapRules) {
        Level level = ns.recommended().enforce();
        List<ClassRules> classes = new ArrayList<>();
        for (AccountClass c : ns.accountClasses()) {
            SortedMap<String, SortedMap<String, CelPredicate>> byPsp = new TreeMap<>();
            boolean unconstrained = false;
            for (String name : c.psps()) {
                SortedMap<String, CelPredicate> rules = gapRules.computeIfAbsent(name + "\n" + level,
                        k -> gapRules(psps.get(name), level, target));
                if (rules.isEmpty()) {
                    unconstrained = true;
                }
                byPsp.put(name, rules);
            }
            classes.add(new ClassRules(c, unconstrained, unconstrained ? new TreeMap<>() : byPsp));
        }
        return classes;
    }

    /**
     * The PSP's gap rules at the level ({@link PspAnalyzer#gaps}) with their predicates, by rule id: a function of the
     * PSP, the level and the version alone, unmodifiable because {@link #build} shares it between namespaces.
     */
    private SortedMap<String, CelPredicate> gapRules(PodSecurityPolicy psp, Level level, Version target) {
        SortedMap<String, CelPredicate> rules = new TreeMap<>();
        for (RuleGap gap : analyzer.gaps(psp, level, target)) {
            analyzer.rules().byId(gap.rule()).flatMap(r -> r.predicate(psp)).ifPresent(p -> rules.put(gap.rule(), p));
        }
        return java.util.Collections.unmodifiableSortedMap(rules);
    }

    /** Rules every usable PSP of every constrained class enforces with the same predicate: plain validations. */
    private static SortedMap<String, CelPredicate> plainRules(List<ClassRules> constrained) {
        SortedMap<String, CelPredicate> plain = new TreeMap<>();
        if (constrained.stream().anyMatch(ClassRules::denied)) {
            return plain;
        }
        Map<String, CelPredicate> first = constrained.get(0).byPsp().values().iterator().next();
        for (Map.Entry<String, CelPredicate> r : first.entrySet()) {
            boolean everywhere = constrained.stream().allMatch(c -> c.byPsp().values().stream()
                    .allMatch(rules -> rules.containsKey(r.getKey())
                            && rules.get(r.getKey()).expression().equals(r.getValue().expression())));
            if (everywhere) {
                plain.put(r.getKey(), r.getValue());
            }
        }
        return plain;
    }

    /** One validation per plain rule, for the PSPs of the constrained classes, guarded when some class is not. */
    private static List<PolicyValidation> plainValidations(SortedMap<String, CelPredicate> plain, String guard,
            List<ClassRules> constrained) {
        List<PolicyValidation> out = new ArrayList<>();
        for (Map.Entry<String, CelPredicate> r : plain.entrySet()) {
            SortedSet<String> from = new TreeSet<>();
            constrained.forEach(c -> from.addAll(c.byPsp().keySet()));
            CelPredicate p = r.getValue();
            out.add(new PolicyValidation(r.getKey(), List.copyOf(from), List.of(r.getKey()),
                    guard == null ? p : p.when(guard)));
        }
        return out;
    }

    /** The rest: per class, the disjunction of its PSPs' remaining rules, as one validation; none when nothing remains. */
    private static Optional<PolicyValidation> residual(List<ClassRules> classes, List<ClassRules> constrained,
            SortedMap<String, CelPredicate> plain) {
        Map<AccountClass, CelPredicate> residuals = new LinkedHashMap<>();
        SortedSet<String> residualPsps = new TreeSet<>();
        SortedSet<String> residualRules = new TreeSet<>();
        for (ClassRules c : constrained) {
            if (c.denied()) {
                residuals.put(c.accounts(), CelPredicate.exact("false", "No PSP was usable by " + who(c.accounts())
                        + ": PSP admission rejected their pods."));
                continue;
            }
            List<CelPredicate> disjuncts = new ArrayList<>();
            boolean anyRemaining = false;
            for (SortedMap<String, CelPredicate> rules : c.byPsp().values()) {
                List<CelPredicate> remaining = new ArrayList<>();
                rules.forEach((rule, p) -> {
                    if (!plain.containsKey(rule)) {
                        remaining.add(p);
                        residualRules.add(rule);
                    }
                });
                anyRemaining |= !remaining.isEmpty();
                disjuncts.add(CelPredicate.and(remaining));
            }
            if (!anyRemaining) {
                continue;
            }
            residualPsps.addAll(c.byPsp().keySet());
            String names = String.join(", ", c.byPsp().keySet());
            residuals.put(c.accounts(), CelPredicate.or("Pods of " + who(c.accounts()) + " must be admitted by one of "
                    + "the PSPs " + names + " (the rules PSA does not enforce).", disjuncts));
        }
        if (residuals.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PolicyValidation(PolicyValidation.ANY_PSP, List.copyOf(residualPsps),
                List.copyOf(residualRules), branch(classes, residuals)));
    }

    /** Who a class is, for messages. */
    private static String who(AccountClass c) {
        return c.others() ? "the other service accounts" : "service account(s) " + String.join(", ", c.serviceAccounts());
    }

    /** A CEL condition that selects the pods of the class. */
    private static String selects(AccountClass c, List<ClassRules> all) {
        if (!c.others()) {
            return PodCel.serviceAccountIn(c.serviceAccounts());
        }
        SortedSet<String> named = new TreeSet<>();
        all.forEach(x -> named.addAll(x.accounts().serviceAccounts()));
        return named.isEmpty() ? "true" : "!(" + PodCel.serviceAccountIn(named) + ")";
    }

    /** The guard of the plain validations: null when every class is constrained (no guard needed). */
    private static String guard(List<ClassRules> all, List<ClassRules> constrained) {
        if (constrained.size() == all.size()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (ClassRules c : constrained) {
            parts.add(selects(c.accounts(), all));
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(") || (", parts) + ")";
    }

    /**
     * One predicate over all classes: when every class that has a residual shares it and no other class exists,
     * the residual itself; otherwise {@code (class_1 && residual_1) || ... || unconstrained classes}.
     */
    private static CelPredicate branch(List<ClassRules> all, Map<AccountClass, CelPredicate> residuals) {
        List<CelPredicate> distinct = residuals.values().stream().distinct().toList();
        if (residuals.size() == all.size() && distinct.size() == 1) {
            return distinct.get(0);
        }
        List<CelPredicate> branches = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (ClassRules c : all) {
            CelPredicate r = residuals.get(c.accounts());
            String sel = selects(c.accounts(), all);
            if (r == null) {
                branches.add(CelPredicate.exact(sel, ""));
            } else {
                branches.add(Objects.equals(sel, "true") ? r : r.when(sel));
                messages.add(r.message());
            }
        }
        return CelPredicate.or(String.join(" ", messages), branches);
    }
}
