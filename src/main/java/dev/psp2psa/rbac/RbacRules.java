package dev.psp2psa.rbac;

import dev.psp2psa.inventory.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every binding of the RBAC input with its resolved rules (aggregation resolved, missing roles left out and reported
 * by {@link RbacAnalyzer}), asked as the RBAC authorizer asks them. Immutable.
 *
 * <p>The RBAC authorizer ({@code RBACAuthorizer.Authorize}, {@code plugin/pkg/auth/authorizer/rbac/rbac.go}) visits
 * the rules of every ClusterRoleBinding, then, when the request has a namespace, those of the RoleBindings of that
 * namespace ({@code DefaultRuleResolver.VisitRulesFor}, {@code pkg/registry/rbac/validation/rule.go}), and allows
 * the request when one rule allows it ({@link RbacRule#allows}).
 */
public final class RbacRules {

    /** One rule of a binding's role: held by {@code holder} at {@code index} of its own rules. */
    public record HeldRule(String holder, int index, RbacRule rule) {
    }

    /** One binding, its resolved subjects and its role's rules ({@code namespace} null for a ClusterRoleBinding). */
    public record Binding(String kind, String namespace, String name, Source source, String roleKind, String roleName,
            List<RbacSubject> subjects, List<HeldRule> rules) {

        public Binding {
            subjects = List.copyOf(subjects);
            rules = List.copyOf(rules);
        }
    }

    /**
     * A path that lets its subject write Namespace objects: the verb it allows and the namespaces it reaches,
     * {@code *} for every namespace (present and future) or their names.
     */
    public record NamespaceWrite(RulePath path, String verb, String subresource, List<String> namespaces) {

        public NamespaceWrite {
            namespaces = List.copyOf(namespaces);
        }
    }

    private static final String NAMESPACES = "namespaces";

    private final List<Binding> bindings;

    RbacRules(List<Binding> bindings) {
        this.bindings = List.copyOf(bindings);
    }

    /** Every binding, in input order (RoleBindings, then ClusterRoleBindings). */
    public List<Binding> bindings() {
        return bindings;
    }

    /**
     * The paths that allow a request, sorted: its verb, API group ({@code ""} for the core group), resource,
     * subresource (or empty), namespace (empty for a cluster-scoped request) and object name (empty for a
     * {@code create}). Only ClusterRoleBindings, and RoleBindings of the request's namespace, take part.
     */
    public List<RulePath> allowing(String verb, String apiGroup, String resource, String subresource, String namespace,
            String name) {
        Objects.requireNonNull(namespace, "namespace");
        List<RulePath> out = new ArrayList<>();
        for (Binding b : bindings) {
            boolean applies = b.namespace() == null || (!namespace.isEmpty() && b.namespace().equals(namespace));
            if (!applies) {
                continue;
            }
            for (HeldRule r : b.rules()) {
                if (r.rule().allows(verb, apiGroup, resource, subresource, name)) {
                    b.subjects().forEach(s -> out.add(path(b, s, r)));
                }
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    /**
     * The paths that let their subject {@code verb} the Namespace object ({@code namespaces}, or its
     * {@code subresource}) of some namespace, with the namespaces they reach, sorted by path. The request for
     * Namespace {@code x} ({@code /api/v1/namespaces/x}) carries {@code x} as both its namespace and its name
     * ({@code RequestInfoFactory.NewRequestInfo}, {@code staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go}),
     * so a ClusterRoleBinding reaches every namespace its rule's resource names allow (all when it has none), and a
     * RoleBinding in {@code x} reaches Namespace {@code x} itself when its rule allows the name {@code x}.
     */
    public List<NamespaceWrite> namespaceWrites(String verb, String subresource) {
        List<NamespaceWrite> out = new ArrayList<>();
        for (Binding b : bindings) {
            for (HeldRule r : b.rules()) {
                List<String> reached = reached(b, r.rule(), verb, subresource);
                if (!reached.isEmpty()) {
                    b.subjects().forEach(s -> out.add(new NamespaceWrite(path(b, s, r), verb, subresource, reached)));
                }
            }
        }
        return out.stream().distinct().sorted(java.util.Comparator.comparing(NamespaceWrite::path)).toList();
    }

    private static List<String> reached(Binding b, RbacRule rule, String verb, String subresource) {
        if (b.namespace() != null) {
            return rule.allows(verb, "", NAMESPACES, subresource, b.namespace()) ? List.of(b.namespace()) : List.of();
        }
        if (rule.resourceNames().isEmpty()) {
            return rule.allows(verb, "", NAMESPACES, subresource, "") ? List.of(Grant.CLUSTER_WIDE) : List.of();
        }
        SortedSet<String> names = new TreeSet<>();
        for (String n : rule.resourceNames()) {
            if (rule.allows(verb, "", NAMESPACES, subresource, n)) {
                names.add(n);
            }
        }
        return List.copyOf(names);
    }

    private static RulePath path(Binding b, RbacSubject s, HeldRule r) {
        return new RulePath(s, b.kind(), b.namespace(), b.name(), b.source(), b.roleKind(), b.roleName(), r.holder(),
                r.index(), r.rule());
    }
}
