package dev.psp2psa.plan;

import dev.psp2psa.pss.Version;
import java.util.List;
import java.util.SortedMap;

/**
 * The whole migration plan: the PSPs judged, every namespace's plan, users, skipped kinds, RBAC problems and
 * warnings about what the input lacked (such as a kind a live cluster refused to list), one sentence each.
 * {@code defaultClass} is the plan of every namespace the input does not name (and of those created after the
 * migration): a namespace in which only the cluster-wide grants apply. Its levels are the admission configuration's
 * defaults and its gaps are kept by the policies that select every namespace without a plan of its own.
 * {@code clusterVersion} is the Kubernetes version the migration is planned for, {@code clusterVersionSource} says
 * where it came from. {@code bypass} is who can get around PSA after the switch ({@link BypassReviewer}).
 */
public record Plan(
        Version clusterVersion,
        String clusterVersionSource,
        Version targetVersion,
        NamespacePlan defaultClass,
        List<PspSummary> psps,
        List<NamespacePlan> namespaces,
        List<UserAccess> users,
        SortedMap<String, Integer> skipped,
        List<String> problems,
        List<String> exemptNamespaces,
        boolean includeUsers,
        List<String> warnings,
        BypassReview bypass) {

    public Plan {
        warnings = List.copyOf(warnings);
        psps = List.copyOf(psps);
        namespaces = List.copyOf(namespaces);
        users = List.copyOf(users);
        problems = List.copyOf(problems);
        exemptNamespaces = List.copyOf(exemptNamespaces);
    }

    /** The levels of namespaces without labels: the default class's (the admission configuration's defaults). */
    public Recommendation defaults() {
        return defaultClass.recommended();
    }

    /**
     * What the input says that cannot be right, one sentence each, in namespace order: PSPs that no RBAC of the input
     * lets anyone use, and namespaces with pods or workloads where no PSP admitting pods is usable, although running
     * pods prove that some PSP admitted them. Empty for a consistent input.
     */
    public List<String> inputDoubts() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (!psps.isEmpty() && users.isEmpty() && namespaces.stream().allMatch(n -> n.psps().isEmpty())) {
            out.add("No RBAC in the input lets any service account or user use the " + psps.size()
                    + " PodSecurityPolicy object(s): pass the ClusterRoles, Roles and bindings that grant `use` on "
                    + "them, or every namespace is planned as one where PSP rejected every pod.");
        }
        for (NamespacePlan n : namespaces) {
            if (n.policyLevel().isEmpty() && !n.workloads().isEmpty()) {
                out.add("Namespace " + n.name() + " has " + n.workloads().size() + " pod(s) or workload(s) but no "
                        + "PSP of the input admits pods there: if they run, some PSP admitted them, so the input "
                        + "lacks PSPs or RBAC, and the plan treats " + n.name()
                        + " as a namespace where PSP rejected every pod.");
            }
        }
        return java.util.List.copyOf(out);
    }
}
