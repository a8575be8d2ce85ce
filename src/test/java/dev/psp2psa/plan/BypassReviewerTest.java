package dev.psp2psa.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.pss.Version;
import dev.psp2psa.rbac.RbacAnalyzer;
import dev.psp2psa.rbac.RbacSubject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The bypass review on hand-made RBAC: what relabels (update/patch of Namespaces and their status and finalize
 * subresources), what creates in exempt namespaces, the exempt users, label admins, broad paths and system:masters.
 */
class BypassReviewerTest {

    private static final String HEADER = "apiVersion: rbac.authorization.k8s.io/v1\n";

    private static String clusterRole(String name, String rules) {
        return HEADER + "kind: ClusterRole\nmetadata: {name: " + name + "}\nrules:\n" + rules;
    }

    private static String crb(String name, String role, String subject) {
        return HEADER + "kind: ClusterRoleBinding\nmetadata: {name: " + name + "}\n"
                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: " + role + "}\n"
                + "subjects:\n- " + subject + "\n";
    }

    private static String rb(String ns, String name, String roleKind, String role, String subject) {
        return HEADER + "kind: RoleBinding\nmetadata: {name: " + name + ", namespace: " + ns + "}\n"
                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: " + roleKind + ", name: " + role + "}\n"
                + "subjects:\n- " + subject + "\n";
    }

    private static BypassReview review(PlanRequest request, String... docs) {
        String yaml = String.join("---\n", docs);
        Inventory inv = new InventoryReader().read(List.of("-"),
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        return BypassReviewer.review(RbacAnalyzer.analyze(inv).rules(), request);
    }

    private static PlanRequest request(Set<String> exemptNamespaces, List<String> admins, Set<String> usernames) {
        return new PlanRequest(Version.of(24), "test", Version.of(24), new TreeSet<>(exemptNamespaces), false,
                admins.stream().map(RbacSubject::parseRef).toList(), new TreeSet<>(usernames),
                new TreeSet<>(Set.of("gvisor")));
    }

    private static PlanRequest plain() {
        return request(Set.of(), List.of(), Set.of());
    }

    private static BypassSubject subject(BypassReview r, String kind, String name) {
        return r.subjects().stream().filter(s -> s.kind().equals(kind) && s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + r.subjects()));
    }

    private static boolean has(BypassReview r, String kind, String name) {
        return r.subjects().stream().anyMatch(s -> s.kind().equals(kind) && s.name().equals(name));
    }

    @Test
    void systemMastersMayAlwaysRelabelWithoutABinding() {
        BypassReview r = review(plain(), "kind: List\nitems: []\n");
        BypassSubject masters = subject(r, "group", "system:masters");
        assertEquals(1, masters.paths().size());
        BypassPath p = masters.paths().get(0);
        assertEquals(BypassPath.RELABEL, p.kind());
        assertNull(p.binding());
        assertEquals(List.of("*"), p.namespaces());
        assertEquals(List.of("system:masters"), p.broad());
        assertEquals(List.of(masters), r.unexpectedRelabellers());
    }

    @Test
    void updateOrPatchOfNamespacesOrTheirStatusRelabelsButGetAndCreateDoNot() {
        BypassReview r = review(plain(),
                clusterRole("patcher", "- {apiGroups: [''], resources: [namespaces], verbs: [patch]}\n"),
                clusterRole("status", "- {apiGroups: [''], resources: ['*/status'], verbs: [update]}\n"),
                clusterRole("reader", "- {apiGroups: [''], resources: [namespaces], verbs: [get, list, create]}\n"),
                clusterRole("finalizer", "- {apiGroups: [''], resources: [namespaces/finalize], verbs: [patch]}\n"),
                crb("a", "patcher", "{kind: User, name: alice}"),
                crb("b", "status", "{kind: User, name: bob}"),
                crb("c", "reader", "{kind: User, name: carol}"),
                crb("d", "finalizer", "{kind: User, name: dave}"));
        BypassPath alice = subject(r, "user", "alice").paths().get(0);
        assertEquals(List.of("patch"), alice.verbs());
        assertEquals(List.of("namespaces"), alice.resources());
        assertEquals("ClusterRoleBinding a", alice.binding());
        assertEquals("ClusterRole patcher rule 0", alice.role());
        assertEquals(List.of(), alice.broad());
        assertEquals(List.of("namespaces/status"), subject(r, "user", "bob").paths().get(0).resources());
        assertFalse(has(r, "user", "carol"), "get, list and create change no label of an existing namespace");
        assertFalse(has(r, "user", "dave"), "the finalize subresource serves update only, never patch");
    }

    @Test
    void wildcardsInVerbsResourcesAndApiGroupsRelabelAndAreMarkedBroad() {
        BypassReview r = review(plain(),
                clusterRole("verbs", "- {apiGroups: [''], resources: [namespaces], verbs: ['*']}\n"),
                clusterRole("groups", "- {apiGroups: ['*'], resources: [namespaces], verbs: [update]}\n"),
                clusterRole("resources", "- {apiGroups: [''], resources: ['*'], verbs: [update]}\n"),
                clusterRole("apps", "- {apiGroups: [apps], resources: ['*'], verbs: ['*']}\n"),
                crb("v", "verbs", "{kind: Group, name: v}"),
                crb("g", "groups", "{kind: Group, name: g}"),
                crb("r", "resources", "{kind: Group, name: r}"),
                crb("x", "apps", "{kind: Group, name: x}"));
        BypassPath v = subject(r, "group", "v").paths().get(0);
        assertEquals(List.of("verbs *"), v.broad());
        assertEquals(List.of("patch", "update"), v.verbs());
        assertEquals(List.of("namespaces"), v.resources(), "namespaces matches no subresource");
        assertEquals(List.of("apiGroups *"), subject(r, "group", "g").paths().get(0).broad());
        BypassPath res = subject(r, "group", "r").paths().get(0);
        assertEquals(List.of("resources *"), res.broad());
        assertEquals(List.of("namespaces", "namespaces/finalize", "namespaces/status"), res.resources(),
                "resources * matches the subresources too");
        assertFalse(has(r, "group", "x"), "Namespaces are in the core group, not apps");
    }

    @Test
    void aRoleBindingToAClusterRoleRelabelsItsOwnNamespaceOnly() {
        BypassReview r = review(plain(),
                clusterRole("cluster-admin", "- {apiGroups: ['*'], resources: ['*'], verbs: ['*']}\n"),
                rb("team-a", "owners", "ClusterRole", "cluster-admin",
                        "{kind: ServiceAccount, name: deployer, namespace: ci}"),
                rb("team-b", "owners", "ClusterRole", "cluster-admin",
                        "{kind: User, name: 'system:serviceaccount:ci:deployer'}"));
        BypassSubject sa = subject(r, "serviceAccount", "ci/deployer");
        assertEquals(List.of("RoleBinding team-a/owners", "RoleBinding team-b/owners"),
                sa.paths().stream().map(BypassPath::binding).toList(), "both spellings are one service account");
        assertEquals(List.of(List.of("team-a"), List.of("team-b")),
                sa.paths().stream().map(BypassPath::namespaces).toList());
        assertEquals(List.of("verbs *", "apiGroups *", "resources *", "cluster-admin"), sa.paths().get(0).broad());
    }

    @Test
    void labelAdminsAreMatchedByIdentityNotByGroupMembership() {
        String writer = clusterRole("w", "- {apiGroups: [''], resources: [namespaces], verbs: [update]}\n");
        BypassReview r = review(request(Set.of(), List.of("group:ops", "serviceaccount:ci:bot", "user:carol"), Set.of()),
                writer,
                crb("ops", "w", "{kind: Group, name: ops}"),
                crb("ops-user", "w", "{kind: User, name: ops}"),
                crb("bot", "w", "{kind: User, name: 'system:serviceaccount:ci:bot'}"),
                crb("masters", "w", "{kind: Group, name: 'system:masters'}"));
        assertTrue(subject(r, "group", "ops").labelAdmin());
        assertFalse(subject(r, "user", "ops").labelAdmin(), "group:ops is the group, not a user of that name");
        assertTrue(subject(r, "serviceAccount", "ci/bot").labelAdmin());
        assertFalse(has(r, "user", "carol"), "a label admin without a path is not listed");
        assertEquals(List.of("User ops", "Group system:masters"), r.unexpectedRelabellers().stream()
                .map(s -> (s.kind().equals("user") ? "User " : "Group ") + s.name()).toList());
        assertEquals(2, subject(r, "group", "system:masters").paths().size(), "its binding and its privilege");
        assertEquals(List.of("Group ops", "ServiceAccount ci/bot", "User carol"), r.labelAdmins());
    }

    @Test
    void creatingPodsOrPodControllersInAnExemptNamespaceIsABypass() {
        BypassReview r = review(request(Set.of("kube-system", "infra"), List.of(), Set.of()),
                clusterRole("deployer", "- {apiGroups: [apps], resources: [deployments, daemonsets], verbs: [create]}\n"
                        + "- {apiGroups: [batch], resources: [cronjobs], verbs: [create]}\n"),
                clusterRole("pods", "- {apiGroups: [''], resources: [pods], verbs: [create]}\n"),
                clusterRole("named", "- {apiGroups: [''], resources: [pods], verbs: [create], resourceNames: [x]}\n"),
                clusterRole("legacy", "- {apiGroups: [extensions], resources: [deployments], verbs: [create]}\n"),
                clusterRole("updater", "- {apiGroups: [''], resources: [pods], verbs: [update, patch]}\n"),
                crb("everywhere", "deployer", "{kind: ServiceAccount, name: argo, namespace: argocd}"),
                rb("kube-system", "here", "ClusterRole", "pods", "{kind: User, name: alice}"),
                rb("apps", "elsewhere", "ClusterRole", "pods", "{kind: User, name: bob}"),
                crb("named", "named", "{kind: User, name: carol}"),
                crb("legacy", "legacy", "{kind: User, name: dave}"),
                crb("updater", "updater", "{kind: User, name: erin}"));
        List<BypassPath> argo = subject(r, "serviceAccount", "argocd/argo").paths();
        assertEquals(2, argo.size(), "one path per rule");
        assertEquals(List.of("daemonsets.apps", "deployments.apps"), argo.get(0).resources());
        assertEquals(List.of("cronjobs.batch"), argo.get(1).resources());
        assertEquals(List.of("infra", "kube-system"), argo.get(0).namespaces());
        assertEquals(List.of("create"), argo.get(0).verbs());
        BypassPath alice = subject(r, "user", "alice").paths().get(0);
        assertEquals(BypassPath.EXEMPT_NAMESPACE, alice.kind());
        assertEquals(List.of("kube-system"), alice.namespaces());
        assertFalse(has(r, "user", "bob"), "apps is not exempt");
        assertFalse(has(r, "user", "carol"), "resourceNames never allow a create");
        assertFalse(has(r, "user", "dave"), "extensions/deployments is not served from Kubernetes 1.16");
        assertFalse(has(r, "user", "erin"), "updating a pod is not creating one");
        BypassSubject masters = subject(r, "group", "system:masters");
        assertEquals(List.of(BypassPath.RELABEL, BypassPath.EXEMPT_NAMESPACE),
                masters.paths().stream().map(BypassPath::kind).toList());
        assertEquals(List.of("infra", "kube-system"), masters.paths().get(1).namespaces());
    }

    @Test
    void exemptUsersAreBypassesAndControllersAreRefused() {
        BypassReview r = review(request(Set.of(), List.of(), Set.of("ci-bot",
                "system:serviceaccount:kube-system:replicaset-controller",
                "system:serviceaccount:kube-system:deployment-controller",
                "system:serviceaccount:other:replicaset-controller",
                "system:kube-controller-manager")), "kind: List\nitems: []\n");
        assertEquals(List.of("ci-bot", "system:serviceaccount:other:replicaset-controller"), r.exemptUsernames());
        assertEquals(List.of("system:kube-controller-manager",
                "system:serviceaccount:kube-system:deployment-controller",
                "system:serviceaccount:kube-system:replicaset-controller"),
                r.refusedUsernames().stream().map(BypassReview.RefusedExemption::username).toList());
        assertTrue(r.refusedUsernames().get(2).reason().contains("would exempt all of those pods"),
                r.refusedUsernames().get(2).reason());
        assertTrue(r.refusedUsernames().get(1).reason().contains("warnings and audit annotations"));
        BypassPath bot = subject(r, "user", "ci-bot").paths().get(0);
        assertEquals(BypassPath.EXEMPT_USERNAME, bot.kind());
        assertEquals(List.of("*"), bot.namespaces());
        assertEquals(BypassPath.EXEMPT_USERNAME,
                subject(r, "serviceAccount", "other/replicaset-controller").paths().get(0).kind());
        assertEquals(List.of("gvisor"), r.exemptRuntimeClasses());
    }

    @Test
    void everyPodCreatingControllerIsRefused() {
        for (String c : List.of("daemon-set-controller", "job-controller", "replicaset-controller",
                "replication-controller", "statefulset-controller", "cronjob-controller", "deployment-controller")) {
            assertTrue(BypassReviewer.refusal("system:serviceaccount:kube-system:" + c).isPresent(), c);
        }
        assertTrue(BypassReviewer.refusal("system:serviceaccount:kube-system:coredns").isEmpty());
        assertTrue(BypassReviewer.refusal("replicaset-controller").isEmpty(), "a user, not the service account");
    }

    @Test
    void subjectsAreUsersThenGroupsThenServiceAccounts() {
        String writer = clusterRole("w", "- {apiGroups: [''], resources: [namespaces], verbs: [update]}\n");
        BypassReview r = review(plain(), writer,
                crb("a", "w", "{kind: ServiceAccount, name: a, namespace: z}"),
                crb("b", "w", "{kind: Group, name: b}"),
                crb("c", "w", "{kind: User, name: c}"));
        assertEquals(List.of("user c", "group b", "group system:masters", "serviceAccount z/a"),
                r.subjects().stream().map(s -> s.kind() + " " + s.name()).toList());
    }
}
