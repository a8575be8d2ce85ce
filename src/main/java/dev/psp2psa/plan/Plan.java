package dev.psp2psa.plan;

import dev.psp2psa.pss.Version;
import java.util.List;
import java.util.SortedMap;

/**
 * The whole migration plan: the PSPs judged, every namespace's plan, users, skipped kinds, RBAC problems and
 * warnings about what the input lacked (such as a kind a live cluster refused to list), one sentence each.
 * {@code defaults} are the levels for namespaces without labels (new ones): those of a namespace in which only
 * the cluster-wide grants apply.
 */
public record Plan(
        Version targetVersion,
        Recommendation defaults,
        List<PspSummary> psps,
        List<NamespacePlan> namespaces,
        List<UserAccess> users,
        SortedMap<String, Integer> skipped,
        List<String> problems,
        List<String> exemptNamespaces,
        boolean includeUsers,
        List<String> warnings) {

    public Plan {
        warnings = List.copyOf(warnings);
        psps = List.copyOf(psps);
        namespaces = List.copyOf(namespaces);
        users = List.copyOf(users);
        problems = List.copyOf(problems);
        exemptNamespaces = List.copyOf(exemptNamespaces);
    }
}
