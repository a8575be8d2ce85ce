package dev.psp2psa.rbac;

import dev.psp2psa.inventory.Source;
import java.util.Comparator;
import java.util.Objects;

/**
 * One path by which a subject may {@code use} one PodSecurityPolicy: subject → binding → role → rule.
 *
 * @param psp              the PodSecurityPolicy name (always one that exists in the input)
 * @param subject          the binding's subject (see {@link RbacSubject} for the one defaulting applied)
 * @param bindingKind      {@code RoleBinding} or {@code ClusterRoleBinding}
 * @param bindingNamespace the RoleBinding's namespace; {@code null} for a ClusterRoleBinding
 * @param bindingName      the binding's name
 * @param bindingSource    where the binding was read
 * @param roleKind         {@code Role} or {@code ClusterRole}, as referenced by the binding
 * @param roleName         the referenced role (a Role lives in {@code bindingNamespace})
 * @param ruleHolder       the role whose {@code rules} hold the granting rule: {@code roleName} itself, or the
 *                         ClusterRole it aggregates the rule from
 * @param ruleIndex        the 0-based index of the rule in {@code ruleHolder}'s own {@code rules}
 */
public record Grant(
        String psp,
        RbacSubject subject,
        String bindingKind,
        String bindingNamespace,
        String bindingName,
        Source bindingSource,
        String roleKind,
        String roleName,
        String ruleHolder,
        int ruleIndex) implements Comparable<Grant> {

    public static final String ROLE_BINDING = "RoleBinding";
    public static final String CLUSTER_ROLE_BINDING = "ClusterRoleBinding";
    public static final String ROLE = "Role";
    public static final String CLUSTER_ROLE = "ClusterRole";
    /** The {@link #scope()} of a grant through a ClusterRoleBinding. */
    public static final String CLUSTER_WIDE = "*";

    /**
     * Sorted by PSP, scope ({@code *} first), subject, binding (kind, namespace, name), role (kind, name),
     * rule holder, rule index, and finally binding source.
     */
    public static final Comparator<Grant> ORDER = Comparator.comparing(Grant::psp)
            .thenComparing(Grant::scope)
            .thenComparing(Grant::subject)
            .thenComparing(Grant::bindingKind)
            .thenComparing(g -> g.bindingNamespace() == null ? "" : g.bindingNamespace())
            .thenComparing(Grant::bindingName)
            .thenComparing(Grant::roleKind)
            .thenComparing(Grant::roleName)
            .thenComparing(Grant::ruleHolder)
            .thenComparingInt(Grant::ruleIndex)
            .thenComparing(Grant::bindingSource);

    public Grant {
        Objects.requireNonNull(psp, "psp");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(bindingKind, "bindingKind");
        Objects.requireNonNull(bindingName, "bindingName");
        Objects.requireNonNull(bindingSource, "bindingSource");
        Objects.requireNonNull(roleKind, "roleKind");
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(ruleHolder, "ruleHolder");
    }

    /** The namespace the grant applies in: the RoleBinding's namespace, or {@code *} for a ClusterRoleBinding. */
    public String scope() {
        return bindingNamespace == null ? CLUSTER_WIDE : bindingNamespace;
    }

    /** Whether the grant applies to requests in {@code namespace}. */
    public boolean appliesIn(String namespace) {
        return bindingNamespace == null || bindingNamespace.equals(namespace);
    }

    /** Whether the granting rule came into {@code roleName} through ClusterRole aggregation. */
    public boolean aggregated() {
        return !ruleHolder.equals(roleName);
    }

    /** {@code RoleBinding monitoring/use-psp} or {@code ClusterRoleBinding use-psp}. */
    public String bindingDisplay() {
        return bindingDisplay(bindingKind, bindingNamespace, bindingName);
    }

    static String bindingDisplay(String bindingKind, String bindingNamespace, String bindingName) {
        return bindingNamespace == null
                ? bindingKind + " " + bindingName
                : bindingKind + " " + bindingNamespace + "/" + bindingName;
    }

    /**
     * {@code ClusterRole psp-user rule 0}, {@code Role monitoring/psp rule 1}, or for an aggregated rule
     * {@code ClusterRole admin via ClusterRole psp-user rule 0}.
     */
    public String roleDisplay() {
        return roleDisplay(roleKind, bindingNamespace, roleName, ruleHolder, ruleIndex);
    }

    static String roleDisplay(String roleKind, String bindingNamespace, String roleName, String ruleHolder,
            int ruleIndex) {
        String role = ROLE.equals(roleKind) && bindingNamespace != null
                ? roleKind + " " + bindingNamespace + "/" + roleName
                : roleKind + " " + roleName;
        return !ruleHolder.equals(roleName)
                ? role + " via " + CLUSTER_ROLE + " " + ruleHolder + " rule " + ruleIndex
                : role + " rule " + ruleIndex;
    }

    /**
     * The whole path, e.g.
     * {@code ServiceAccount monitoring/node-exporter → RoleBinding monitoring/use-psp → ClusterRole psp-user rule 0}.
     */
    public String display() {
        return subject.display() + " → " + bindingDisplay() + " → " + roleDisplay();
    }

    @Override
    public int compareTo(Grant other) {
        return ORDER.compare(this, other);
    }
}
