package dev.psp2psa.plan;

import java.util.List;

/**
 * One way a subject may get around Pod Security Admission.
 *
 * @param kind       {@code relabel} (may update or patch Namespace objects, so change their PSA labels),
 *                   {@code exempt-namespace} (may create pods or pod controllers in a namespace PSA exempts) or
 *                   {@code exempt-username} (PSA exempts every request of this user)
 * @param verbs      the verbs the rule allows ({@code update}, {@code patch}, {@code create}); empty for an exempt
 *                   username
 * @param resources  the resources it allows them on ({@code namespaces}, {@code namespaces/status}, {@code pods},
 *                   {@code deployments.apps}, ...); empty for an exempt username
 * @param namespaces the namespaces it reaches, {@code *} for every namespace
 * @param binding    {@code ClusterRoleBinding ops}, {@code RoleBinding team-a/admins}; null without RBAC
 * @param role       the role and rule, {@code ClusterRole ns-admin rule 0} (with the aggregated ClusterRole holding
 *                   it); null without RBAC
 * @param rule       the rule as written, or a sentence for a path without RBAC
 * @param broad      why the path is broad: {@code verbs *}, {@code apiGroups *}, {@code resources *},
 *                   {@code cluster-admin}, {@code system:masters}; empty for a narrow grant
 */
public record BypassPath(String kind, List<String> verbs, List<String> resources, List<String> namespaces,
        String binding, String role, String rule, List<String> broad) {

    public static final String RELABEL = "relabel";
    public static final String EXEMPT_NAMESPACE = "exempt-namespace";
    public static final String EXEMPT_USERNAME = "exempt-username";

    public BypassPath {
        verbs = List.copyOf(verbs);
        resources = List.copyOf(resources);
        namespaces = List.copyOf(namespaces);
        broad = List.copyOf(broad);
    }
}
