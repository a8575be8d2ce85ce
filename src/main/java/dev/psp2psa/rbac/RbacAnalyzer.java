package dev.psp2psa.rbac;

import dev.psp2psa.inventory.KubernetesNames;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds who may {@code use} which PodSecurityPolicy where, from the RBAC objects of an {@link Inventory}.
 * A pure function: no I/O, never throws on odd input; what it cannot use becomes a {@link Problem}.
 *
 * <p>Semantics (DESIGN §4.3, following the RBAC authorizer and the PSP admission plugin):
 * <ul>
 *   <li>A rule grants {@code use} of PSP {@code p} when its verbs hold {@code use} or {@code *}, its resources
 *       {@code podsecuritypolicies} or {@code *}, its apiGroups {@code policy}, {@code extensions} or {@code *},
 *       and its resourceNames are empty (every PSP of the input) or hold {@code p}. Matching is exact and
 *       case-sensitive, as in RBAC. A name that is not a PSP of the input is reported and grants nothing.</li>
 *   <li>A RoleBinding grants only in its own namespace and references a Role of that namespace or a
 *       ClusterRole; a ClusterRoleBinding grants everywhere and references a ClusterRole. A missing role is
 *       reported and grants nothing. Roles and RoleBindings without a namespace are in
 *       {@value Workload#DEFAULT_NAMESPACE}, as {@code kubectl apply} would put them.</li>
 *   <li>A ClusterRole with an {@code aggregationRule} has the rules of every other ClusterRole whose labels
 *       match any of its selectors, transitively and cycle-safe, besides its own. The aggregation controller
 *       writes copies of those rules into the aggregating role; a copy (an own rule equal to a rule held by a
 *       role without an aggregationRule that it aggregates) is attributed to the role that really holds it. An
 *       own rule that is no copy is kept but reported, since the controller would replace it.</li>
 *   <li>A ServiceAccount subject without a namespace means the RoleBinding's namespace (the RBAC authorizer's
 *       defaulting); in a ClusterRoleBinding it matches no one and is reported.</li>
 * </ul>
 */
public final class RbacAnalyzer {

    private static final String USE = "use";
    private static final String RESOURCE = "podsecuritypolicies";
    /** The API groups PSP admission authorizes {@code use} in ({@code isAuthorizedForPolicy}). */
    private static final List<String> API_GROUPS = List.of("policy", "extensions");

    private RbacAnalyzer() {
    }

    /** Analyzes the RBAC objects of the inventory against its PodSecurityPolicy names. */
    public static PspAccess analyze(Inventory inventory) {
        return new Run(inventory).run();
    }

    /** Whether the rule grants {@code use} on PodSecurityPolicies (any name), ignoring resourceNames. */
    static boolean grantsPspUse(PolicyRule rule) {
        if (rule == null) {
            return false;
        }
        RbacRule r = RbacRule.of(rule);
        return API_GROUPS.stream().anyMatch(group -> r.allowsSomeName(USE, group, RESOURCE, ""));
    }

    /** One rule as a role sees it: held by {@code holder} at {@code index} of its own rules. */
    private record RuleEntry(String holder, boolean holderAggregates, int index, PolicyRule rule) {
    }

    private static final class Run {
        private final Inventory inventory;
        private final SortedSet<String> psps = new TreeSet<>();
        private final Map<String, Sourced<ClusterRole>> clusterRoles = new TreeMap<>();
        private final Map<String, Sourced<Role>> roles = new HashMap<>(); // "ns/name"
        private final Map<String, List<RuleEntry>> effective = new HashMap<>();
        private final List<Grant> grants = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();
        private final SortedSet<String> namespaces = new TreeSet<>();
        private final List<RbacRules.Binding> bindings = new ArrayList<>();
        private final Map<List<Object>, List<RbacRules.HeldRule>> held = new HashMap<>(); // one list per role

        Run(Inventory inventory) {
            this.inventory = inventory;
        }

        PspAccess run() {
            for (Sourced<PodSecurityPolicy> p : inventory.ofType(PodSecurityPolicy.class)) {
                addPsp(p.name());
            }
            for (Sourced<io.fabric8.kubernetes.api.model.extensions.PodSecurityPolicy> p
                    : inventory.ofType(io.fabric8.kubernetes.api.model.extensions.PodSecurityPolicy.class)) {
                addPsp(p.name());
            }
            for (Sourced<ClusterRole> cr : inventory.ofType(ClusterRole.class)) {
                if (cr.name() != null) {
                    clusterRoles.putIfAbsent(cr.name(), cr); // input order: the first wins
                }
            }
            for (Sourced<Role> r : inventory.ofType(Role.class)) {
                if (r.name() != null) {
                    String ns = namespaceOf(r);
                    namespaces.add(ns);
                    roles.putIfAbsent(ns + "/" + r.name(), r);
                }
            }
            checkRoles();
            for (Sourced<RoleBinding> rb : inventory.ofType(RoleBinding.class)) {
                RoleBinding b = rb.object();
                String ns = namespaceOf(rb);
                namespaces.add(ns);
                bind(rb, Grant.ROLE_BINDING, ns, b.getRoleRef(), b.getSubjects());
            }
            for (Sourced<ClusterRoleBinding> crb : inventory.ofType(ClusterRoleBinding.class)) {
                ClusterRoleBinding b = crb.object();
                bind(crb, Grant.CLUSTER_ROLE_BINDING, null, b.getRoleRef(), b.getSubjects());
            }
            return new PspAccess(grants, problems, psps, namespaces, new RbacRules(bindings));
        }

        private void addPsp(String name) {
            if (name != null && !name.isEmpty()) {
                psps.add(name);
            }
        }

        private static String namespaceOf(Sourced<? extends HasMetadata> s) {
            String ns = s.namespace();
            return ns == null || ns.isEmpty() ? Workload.DEFAULT_NAMESPACE : ns;
        }

        /** Reports rules naming PSPs that are not in the input, and own rules an aggregation would replace. */
        private void checkRoles() {
            for (Sourced<Role> r : inventory.ofType(Role.class)) {
                if (r.name() == null || roles.get(namespaceOf(r) + "/" + r.name()) != r) {
                    continue;
                }
                String display = Grant.ROLE + " " + namespaceOf(r) + "/" + r.name();
                List<PolicyRule> rules = r.object().getRules() == null ? List.of() : r.object().getRules();
                for (int i = 0; i < rules.size(); i++) {
                    checkNames(r.source(), display, i, rules.get(i));
                }
            }
            for (Sourced<ClusterRole> cr : clusterRoles.values()) {
                String display = Grant.CLUSTER_ROLE + " " + cr.name();
                for (RuleEntry e : effectiveRules(cr.name())) {
                    if (!e.holder().equals(cr.name())) {
                        continue;
                    }
                    checkNames(cr.source(), display, e.index(), e.rule());
                    if (e.holderAggregates() && grantsPspUse(e.rule())) {
                        problems.add(new Problem(cr.source(), display + " has an aggregationRule, so the aggregation"
                                + " controller replaces its own rule " + e.index()
                                + ", which no aggregated ClusterRole holds; it is counted as written."));
                    }
                }
            }
        }

        private void checkNames(Source source, String role, int index, PolicyRule rule) {
            if (!grantsPspUse(rule) || rule.getResourceNames() == null) {
                return;
            }
            SortedSet<String> names = new TreeSet<>();
            rule.getResourceNames().stream().filter(n -> n != null).forEach(names::add);
            for (String name : names) {
                if (!psps.contains(name)) {
                    problems.add(new Problem(source, role + " rule " + index + " grants use of PodSecurityPolicy "
                            + name + ", which is not in the input."));
                }
            }
        }

        /** The PSPs of the input that the rule grants {@code use} of. */
        private SortedSet<String> granted(PolicyRule rule) {
            if (!grantsPspUse(rule)) {
                return new TreeSet<>();
            }
            List<String> names = rule.getResourceNames();
            if (names == null || names.isEmpty()) {
                return psps;
            }
            SortedSet<String> out = new TreeSet<>();
            for (String n : names) {
                if (n != null && psps.contains(n)) {
                    out.add(n);
                }
            }
            return out;
        }

        private static boolean aggregates(ClusterRole role) {
            return role.getAggregationRule() != null && role.getAggregationRule().getClusterRoleSelectors() != null
                    && !role.getAggregationRule().getClusterRoleSelectors().isEmpty();
        }

        /** The effective rules of a ClusterRole of the input, aggregation resolved. */
        private List<RuleEntry> effectiveRules(String name) {
            List<RuleEntry> cached = effective.get(name);
            if (cached != null) {
                return cached;
            }
            List<RuleEntry> collected = new ArrayList<>();
            collect(clusterRoles.get(name), new HashSet<>(), collected);
            // Equal rules: keep those held by roles without an aggregationRule (the aggregation controller's
            // copies in aggregating roles are dropped); when every holder aggregates, keep them all.
            Map<List<List<String>>, List<RuleEntry>> byRule = new LinkedHashMap<>();
            for (RuleEntry e : collected) {
                byRule.computeIfAbsent(key(e.rule()), k -> new ArrayList<>()).add(e);
            }
            List<RuleEntry> out = new ArrayList<>();
            for (RuleEntry e : collected) {
                boolean realHolderExists = byRule.get(key(e.rule())).stream().anyMatch(x -> !x.holderAggregates());
                if (!e.holderAggregates() || !realHolderExists) {
                    out.add(e);
                }
            }
            List<RuleEntry> result = List.copyOf(out);
            effective.put(name, result);
            return result;
        }

        private void collect(Sourced<ClusterRole> sourced, Set<String> visited, List<RuleEntry> out) {
            if (sourced == null || !visited.add(sourced.name())) {
                return;
            }
            ClusterRole role = sourced.object();
            boolean aggregates = aggregates(role);
            List<PolicyRule> rules = role.getRules() == null ? List.of() : role.getRules();
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i) != null) {
                    out.add(new RuleEntry(sourced.name(), aggregates, i, rules.get(i)));
                }
            }
            if (!aggregates) {
                return;
            }
            // As the aggregation controller: other ClusterRoles, by name, matching any selector.
            for (Sourced<ClusterRole> other : clusterRoles.values()) {
                if (visited.contains(other.name())) {
                    continue;
                }
                Map<String, String> labels = other.object().getMetadata() == null
                        ? null : other.object().getMetadata().getLabels();
                boolean selected = role.getAggregationRule().getClusterRoleSelectors().stream()
                        .anyMatch(sel -> LabelSelectors.matches(sel, labels));
                if (selected) {
                    collect(other, visited, out);
                }
            }
        }

        private static List<List<String>> key(PolicyRule r) {
            return List.of(orEmpty(r.getApiGroups()), orEmpty(r.getResources()), orEmpty(r.getResourceNames()),
                    orEmpty(r.getVerbs()), orEmpty(r.getNonResourceURLs()));
        }

        private static List<String> orEmpty(List<String> values) {
            return values == null ? List.of() : values.stream().map(String::valueOf).toList();
        }

        private void bind(Sourced<? extends HasMetadata> binding, String bindingKind, String ns, RoleRef ref,
                List<Subject> subjects) {
            String bindingDisplay = ns == null ? bindingKind + " " + binding.name()
                    : bindingKind + " " + ns + "/" + binding.name();
            if (binding.name() == null) {
                problems.add(new Problem(binding.source(), bindingKind + " without a name grants nothing."));
                return;
            }
            List<RbacSubject> resolved = new ArrayList<>();
            for (Subject s : subjects == null ? List.<Subject>of() : subjects) {
                resolveSubject(binding.source(), bindingDisplay, ns, s).ifPresent(resolved::add);
            }
            Optional<List<RuleEntry>> rules = resolveRole(binding.source(), bindingDisplay, bindingKind, ns, ref);
            if (rules.isEmpty()) {
                return;
            }
            List<RbacRules.HeldRule> heldRules = held.computeIfAbsent(List.of(ref.getKind(), ns == null
                    || !Grant.ROLE.equals(ref.getKind()) ? "" : ns, ref.getName()), k -> rules.get().stream()
                    .map(e -> new RbacRules.HeldRule(e.holder(), e.index(), RbacRule.of(e.rule()))).toList());
            bindings.add(new RbacRules.Binding(bindingKind, ns, binding.name(), binding.source(), ref.getKind(),
                    ref.getName(), resolved, heldRules));
            for (RuleEntry e : rules.get()) {
                for (String psp : granted(e.rule())) {
                    for (RbacSubject subject : resolved) {
                        grants.add(new Grant(psp, subject, bindingKind, ns, binding.name(), binding.source(),
                                ref.getKind(), ref.getName(), e.holder(), e.index()));
                    }
                }
            }
        }

        private Optional<List<RuleEntry>> resolveRole(Source source, String bindingDisplay, String bindingKind,
                String ns, RoleRef ref) {
            if (ref == null || ref.getName() == null || ref.getName().isEmpty()) {
                problems.add(new Problem(source, bindingDisplay + " has no roleRef name and grants nothing."));
                return Optional.empty();
            }
            String kind = ref.getKind();
            if (Grant.CLUSTER_ROLE.equals(kind)) {
                if (!clusterRoles.containsKey(ref.getName())) {
                    problems.add(new Problem(source, bindingDisplay + " references ClusterRole " + ref.getName()
                            + ", which is not in the input; it grants nothing."));
                    return Optional.empty();
                }
                return Optional.of(effectiveRules(ref.getName()));
            }
            if (Grant.ROLE.equals(kind) && ns != null) {
                Sourced<Role> role = roles.get(ns + "/" + ref.getName());
                if (role == null) {
                    problems.add(new Problem(source, bindingDisplay + " references Role " + ns + "/" + ref.getName()
                            + ", which is not in the input; it grants nothing."));
                    return Optional.empty();
                }
                List<PolicyRule> own = role.object().getRules() == null ? List.of() : role.object().getRules();
                List<RuleEntry> out = new ArrayList<>();
                for (int i = 0; i < own.size(); i++) {
                    if (own.get(i) != null) {
                        out.add(new RuleEntry(ref.getName(), false, i, own.get(i)));
                    }
                }
                return Optional.of(out);
            }
            problems.add(new Problem(source, bindingDisplay + " references a role of kind " + kind
                    + ", which a " + bindingKind + " cannot reference; it grants nothing."));
            return Optional.empty();
        }

        private Optional<RbacSubject> resolveSubject(Source source, String bindingDisplay, String ns, Subject s) {
            if (s == null || s.getName() == null || s.getName().isEmpty()) {
                problems.add(new Problem(source, bindingDisplay + " has a subject without a name; it matches no one."));
                return Optional.empty();
            }
            String kind = s.getKind();
            if (RbacSubject.SERVICE_ACCOUNT.equals(kind)) {
                String saNs = s.getNamespace() == null || s.getNamespace().isEmpty() ? ns : s.getNamespace();
                if (saNs == null) {
                    problems.add(new Problem(source, bindingDisplay + " names ServiceAccount " + s.getName()
                            + " without a namespace; it matches no one."));
                    return Optional.empty();
                }
                if (!KubernetesNames.isNamespaceName(saNs)) {
                    // The API server stores such a subject, but no namespace can have that name.
                    problems.add(new Problem(source, bindingDisplay + " names ServiceAccount " + s.getName()
                            + " in namespace " + KubernetesNames.quote(saNs) + ", which cannot exist (a namespace "
                            + "name is " + KubernetesNames.namespaceProblem(saNs).orElseThrow() + "); it matches no "
                            + "one."));
                    return Optional.empty();
                }
                namespaces.add(saNs);
                return Optional.of(RbacSubject.serviceAccount(saNs, s.getName()));
            }
            if (RbacSubject.USER.equals(kind) || RbacSubject.GROUP.equals(kind)) {
                RbacSubject subject = new RbacSubject(kind, null, s.getName());
                // Only namespaces that can exist: a user or group may be named anything.
                subject.serviceAccountIdentity().map(RbacSubject::namespace).filter(KubernetesNames::isNamespaceName)
                        .ifPresent(namespaces::add);
                subject.serviceAccountGroupNamespace().filter(KubernetesNames::isNamespaceName)
                        .ifPresent(namespaces::add);
                return Optional.of(subject);
            }
            problems.add(new Problem(source, bindingDisplay + " has a subject of kind " + kind + " named "
                    + s.getName() + ", which is not ServiceAccount, User or Group; it matches no one."));
            return Optional.empty();
        }
    }
}
