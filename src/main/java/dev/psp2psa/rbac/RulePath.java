package dev.psp2psa.rbac;

import dev.psp2psa.inventory.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One path by which a subject holds one rule: subject → binding → role → rule, aggregation resolved. The general form
 * of a {@link Grant}, for any request rather than the {@code use} of a PodSecurityPolicy.
 *
 * @param subject          the binding's subject (see {@link RbacSubject} for the one defaulting applied)
 * @param bindingKind      {@code RoleBinding} or {@code ClusterRoleBinding}
 * @param bindingNamespace the RoleBinding's namespace; {@code null} for a ClusterRoleBinding
 * @param bindingName      the binding's name
 * @param bindingSource    where the binding was read
 * @param roleKind         {@code Role} or {@code ClusterRole}, as referenced by the binding
 * @param roleName         the referenced role
 * @param ruleHolder       the role whose own rules hold the rule ({@code roleName}, or the ClusterRole it aggregates)
 * @param ruleIndex        the 0-based index of the rule in {@code ruleHolder}'s own rules
 * @param rule             the rule
 */
public record RulePath(
        RbacSubject subject,
        String bindingKind,
        String bindingNamespace,
        String bindingName,
        Source bindingSource,
        String roleKind,
        String roleName,
        String ruleHolder,
        int ruleIndex,
        RbacRule rule) implements Comparable<RulePath> {

    /** The ClusterRole the API server bootstraps with every permission. */
    public static final String CLUSTER_ADMIN = "cluster-admin";

    /** Sorted by subject, scope ({@code *} first), binding (kind, name), role, rule holder and index, then source. */
    public static final Comparator<RulePath> ORDER = Comparator.comparing(RulePath::subject)
            .thenComparing(RulePath::scope)
            .thenComparing(RulePath::bindingKind)
            .thenComparing(RulePath::bindingName)
            .thenComparing(RulePath::roleKind)
            .thenComparing(RulePath::roleName)
            .thenComparing(RulePath::ruleHolder)
            .thenComparingInt(RulePath::ruleIndex)
            .thenComparing(RulePath::bindingSource);

    public RulePath {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(bindingKind, "bindingKind");
        Objects.requireNonNull(bindingName, "bindingName");
        Objects.requireNonNull(bindingSource, "bindingSource");
        Objects.requireNonNull(roleKind, "roleKind");
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(ruleHolder, "ruleHolder");
        Objects.requireNonNull(rule, "rule");
    }

    /** The namespace the binding grants in: the RoleBinding's namespace, or {@code *} for a ClusterRoleBinding. */
    public String scope() {
        return bindingNamespace == null ? Grant.CLUSTER_WIDE : bindingNamespace;
    }

    /** {@code RoleBinding monitoring/ops} or {@code ClusterRoleBinding ops}. */
    public String bindingDisplay() {
        return Grant.bindingDisplay(bindingKind, bindingNamespace, bindingName);
    }

    /** {@code ClusterRole admin rule 0}, or {@code ClusterRole admin via ClusterRole edit-ns rule 1} when aggregated. */
    public String roleDisplay() {
        return Grant.roleDisplay(roleKind, bindingNamespace, roleName, ruleHolder, ruleIndex);
    }

    /**
     * Why the path is broad, in order: the rule's wildcards ({@code verbs *}, {@code apiGroups *},
     * {@code resources *}), a binding of the {@code cluster-admin} ClusterRole, a {@code system:masters} subject.
     */
    public List<String> broad() {
        List<String> out = new ArrayList<>(rule.wildcards());
        if (Grant.CLUSTER_ROLE.equals(roleKind) && CLUSTER_ADMIN.equals(roleName)) {
            out.add(CLUSTER_ADMIN);
        }
        if (subject.isSystemMasters()) {
            out.add(RbacSubject.SYSTEM_MASTERS);
        }
        return out;
    }

    @Override
    public int compareTo(RulePath other) {
        return ORDER.compare(this, other);
    }
}
