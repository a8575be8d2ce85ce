package dev.psp2psa.rbac;

import static dev.psp2psa.rbac.Fixtures.analyze;
import static dev.psp2psa.rbac.Fixtures.clusterRole;
import static dev.psp2psa.rbac.Fixtures.clusterRoleBinding;
import static dev.psp2psa.rbac.Fixtures.group;
import static dev.psp2psa.rbac.Fixtures.roleBinding;
import static dev.psp2psa.rbac.Fixtures.sa;
import static dev.psp2psa.rbac.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RbacRules}: who may write Namespace objects and who may make one request, as the RBAC authorizer decides:
 * ClusterRoleBindings everywhere, RoleBindings in their own namespace only, and the request for Namespace {@code x}
 * carrying {@code x} as its namespace and its name ({@code RequestInfoFactory.NewRequestInfo}).
 */
class RbacRulesTest {

    private static final String NS_WRITER = clusterRole("ns-writer", "['']", "[namespaces]", "[update, patch]", "[]");

    private static List<String> reach(RbacRules rules, String verb, String subresource) {
        return rules.namespaceWrites(verb, subresource).stream()
                .map(w -> w.path().subject().display() + " " + w.namespaces()).toList();
    }

    @Test
    void aClusterRoleBindingReachesEveryNamespace() {
        RbacRules rules = analyze(NS_WRITER, clusterRoleBinding("b", "ns-writer", group("ops"))).rules();
        assertEquals(List.of("Group ops [*]"), reach(rules, "update", ""));
        assertEquals(List.of("Group ops [*]"), reach(rules, "patch", ""));
        assertEquals(List.of(), reach(rules, "update", "status"), "the rule names namespaces, not its status");
    }

    @Test
    void aClusterRoleBindingWithResourceNamesReachesThoseNamespaces() {
        RbacRules rules = analyze(clusterRole("some", "['']", "[namespaces]", "[update]", "[b, a]"),
                clusterRoleBinding("b", "some", user("alice"))).rules();
        assertEquals(List.of("User alice [a, b]"), reach(rules, "update", ""));
    }

    @Test
    void aRoleBindingReachesItsOwnNamespaceObject() {
        RbacRules rules = analyze(NS_WRITER, roleBinding("team-a", "rb", "ClusterRole", "ns-writer", user("bob")))
                .rules();
        assertEquals(List.of("User bob [team-a]"), reach(rules, "update", ""));
        assertEquals(1, rules.allowing("update", "", "namespaces", "", "team-a", "team-a").size());
        assertEquals(0, rules.allowing("update", "", "namespaces", "", "team-b", "team-b").size(),
                "the request for Namespace team-b lists the RoleBindings of team-b only");
    }

    @Test
    void aRoleBindingWhoseRuleNamesAnotherNamespaceReachesNothing() {
        RbacRules rules = analyze(clusterRole("other", "['']", "[namespaces]", "[update]", "[team-b]"),
                clusterRole("own", "['']", "[namespaces]", "[update]", "[team-a]"),
                roleBinding("team-a", "rb-other", "ClusterRole", "other", user("bob")),
                roleBinding("team-a", "rb-own", "ClusterRole", "own", user("carol"))).rules();
        assertEquals(List.of("User carol [team-a]"), reach(rules, "update", ""));
    }

    @Test
    void aNamespacedRoleMayGrantItsNamespaceObject() {
        String role = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: self, namespace: team-a}
                rules:
                - {apiGroups: ['*'], resources: ['*'], verbs: ['*']}""";
        RbacRules rules = analyze(role, roleBinding("team-a", "rb", "Role", "self", sa(null, "ci"))).rules();
        assertEquals(List.of("ServiceAccount team-a/ci [team-a]"), reach(rules, "patch", "status"));
        RulePath p = rules.namespaceWrites("patch", "status").get(0).path();
        assertEquals("Role team-a/self rule 0", p.roleDisplay());
        assertEquals(List.of("verbs *", "apiGroups *", "resources *"), p.broad());
    }

    @Test
    void aggregatedRulesAreFollowedToTheirHolder() {
        String aggregating = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: agg}
                aggregationRule:
                  clusterRoleSelectors:
                  - matchLabels: {to-agg: 'true'}
                rules: []""";
        String labelled = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: piece, labels: {to-agg: 'true'}}
                rules:
                - {apiGroups: [''], resources: [namespaces/finalize], verbs: [update]}""";
        RbacRules rules = analyze(aggregating, labelled, clusterRoleBinding("b", "agg", group("ops"))).rules();
        List<RbacRules.NamespaceWrite> writes = rules.namespaceWrites("update", "finalize");
        assertEquals(1, writes.size());
        assertEquals("ClusterRole agg via ClusterRole piece rule 0", writes.get(0).path().roleDisplay());
    }

    @Test
    void clusterAdminAndSystemMastersAreBroad() {
        RbacRules rules = analyze(clusterRole("cluster-admin", "['*']", "['*']", "['*']", "[]"),
                clusterRoleBinding("cluster-admin", "cluster-admin", group("system:masters"))).rules();
        RulePath p = rules.allowing("create", "", "pods", "", "kube-system", "").get(0);
        assertEquals(List.of("verbs *", "apiGroups *", "resources *", "cluster-admin", "system:masters"), p.broad());
    }

    @Test
    void aCreateInANamespaceTakesClusterRoleBindingsAndThatNamespacesRoleBindings() {
        String creator = clusterRole("creator", "[apps]", "[deployments]", "[create]", "[]");
        RbacRules rules = analyze(creator, clusterRoleBinding("everywhere", "creator", user("alice")),
                roleBinding("kube-system", "here", "ClusterRole", "creator", user("bob")),
                roleBinding("team-a", "elsewhere", "ClusterRole", "creator", user("carol"))).rules();
        List<String> who = rules.allowing("create", "apps", "deployments", "", "kube-system", "").stream()
                .map(p -> p.subject().name()).toList();
        assertEquals(List.of("alice", "bob"), who);
        assertTrue(rules.allowing("create", "", "namespaces", "", "", "").isEmpty());
        assertEquals(List.of("alice"), rules.allowing("create", "apps", "deployments", "", "", "").stream()
                .map(p -> p.subject().name()).toList(), "a cluster-scoped request takes no RoleBinding");
    }
}
