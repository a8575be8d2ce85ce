package dev.psp2psa.rbac;

import static dev.psp2psa.rbac.Fixtures.analyze;
import static dev.psp2psa.rbac.Fixtures.clusterRoleBinding;
import static dev.psp2psa.rbac.Fixtures.group;
import static dev.psp2psa.rbac.Fixtures.pspClusterRole;
import static dev.psp2psa.rbac.Fixtures.psps;
import static dev.psp2psa.rbac.Fixtures.role;
import static dev.psp2psa.rbac.Fixtures.roleBinding;
import static dev.psp2psa.rbac.Fixtures.sa;
import static dev.psp2psa.rbac.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every grant keeps its path; every list is sorted; the result does not depend on input order. */
class PathsAndOrderTest {

    private static final String[] CLUSTER = {
        psps("restricted", "privileged", "baseline"),
        pspClusterRole("use-restricted", "[restricted]"),
        pspClusterRole("use-all", "[]"),
        role("monitoring", "use-baseline", "[baseline]"),
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: admin
        aggregationRule:
          clusterRoleSelectors:
          - matchLabels: {to-admin: 'true'}
        rules: []""",
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: psp-privileged
          labels: {to-admin: 'true'}
        rules:
        - apiGroups: [apps]
          resources: [deployments]
          verbs: [get]
        - apiGroups: [extensions]
          resources: [podsecuritypolicies]
          verbs: [use]
          resourceNames: [privileged]""",
        clusterRoleBinding("all-sa-restricted", "use-restricted", group("system:serviceaccounts")),
        roleBinding("monitoring", "node-exporter-baseline", "Role", "use-baseline", sa(null, "node-exporter")),
        roleBinding("monitoring", "ops-admin", "ClusterRole", "admin", user("alice"), sa("monitoring", "node-exporter")),
        clusterRoleBinding("controllers", "use-all", sa("kube-system", "replicaset-controller")),
    };

    @Test
    void grantPathsAreComplete() {
        PspAccess access = analyze(CLUSTER);
        Grant g = access.serviceAccountGrants("monitoring", "node-exporter").stream()
                .filter(x -> x.psp().equals("privileged")).findFirst().orElseThrow();
        assertEquals(RbacSubject.serviceAccount("monitoring", "node-exporter"), g.subject());
        assertEquals("RoleBinding", g.bindingKind());
        assertEquals("monitoring", g.bindingNamespace());
        assertEquals("ops-admin", g.bindingName());
        assertEquals("ClusterRole", g.roleKind());
        assertEquals("admin", g.roleName());
        assertEquals("psp-privileged", g.ruleHolder());
        assertEquals(1, g.ruleIndex());
        assertEquals("monitoring", g.scope());
        assertEquals("ServiceAccount monitoring/node-exporter → RoleBinding monitoring/ops-admin"
                + " → ClusterRole admin via ClusterRole psp-privileged rule 1", g.display());
        Source bindingSource = g.bindingSource();
        assertEquals(Fixtures.FILE, bindingSource.file());
    }

    @Test
    void displayOfDirectGrants() {
        PspAccess access = analyze(CLUSTER);
        List<String> displays = access.serviceAccountGrants("monitoring", "node-exporter").stream()
                .map(Grant::display).toList();
        assertEquals(List.of(
                "ServiceAccount monitoring/node-exporter → RoleBinding monitoring/node-exporter-baseline"
                        + " → Role monitoring/use-baseline rule 0",
                "ServiceAccount monitoring/node-exporter → RoleBinding monitoring/ops-admin"
                        + " → ClusterRole admin via ClusterRole psp-privileged rule 1",
                "Group system:serviceaccounts → ClusterRoleBinding all-sa-restricted → ClusterRole use-restricted rule 0"),
                displays);
    }

    @Test
    void allGrantsAreSortedByPspThenScopeThenSubjectThenBinding() {
        PspAccess access = analyze(CLUSTER);
        List<String> rows = access.grants().stream()
                .map(g -> g.psp() + " " + g.scope() + " " + g.subject().display() + " " + g.bindingDisplay())
                .toList();
        assertEquals(List.of(
                "baseline * ServiceAccount kube-system/replicaset-controller ClusterRoleBinding controllers",
                "baseline monitoring ServiceAccount monitoring/node-exporter RoleBinding monitoring/node-exporter-baseline",
                "privileged * ServiceAccount kube-system/replicaset-controller ClusterRoleBinding controllers",
                "privileged monitoring ServiceAccount monitoring/node-exporter RoleBinding monitoring/ops-admin",
                "privileged monitoring User alice RoleBinding monitoring/ops-admin",
                "restricted * Group system:serviceaccounts ClusterRoleBinding all-sa-restricted",
                "restricted * ServiceAccount kube-system/replicaset-controller ClusterRoleBinding controllers"),
                rows);
        List<Grant> sorted = new ArrayList<>(access.grants());
        Collections.sort(sorted);
        assertEquals(sorted, access.grants());
    }

    @Test
    void viewsAnswerPerNamespace() {
        PspAccess access = analyze(CLUSTER);
        assertEquals(List.of("baseline", "privileged", "restricted"),
                List.copyOf(access.usablePsps("monitoring", "node-exporter", false)));
        assertEquals(List.of("alice"), access.userGrants("monitoring").stream().map(g -> g.subject().name()).toList());
        assertEquals(List.of(), access.userGrants("default"));
        // The controllers are service accounts too: system:serviceaccounts covers them.
        assertEquals(List.of("all-sa-restricted", "controllers", "controllers", "controllers"),
                access.controllerGrants("default").stream().map(Grant::bindingName).sorted().toList());
        assertEquals(List.of("baseline", "privileged", "restricted"),
                List.copyOf(access.usablePsps("default", "default", false)));
    }

    @Test
    void resultDoesNotDependOnInputOrder() {
        Inventory inventory = Fixtures.inventory(CLUSTER);
        List<Sourced<HasMetadata>> reversed = new ArrayList<>(inventory.objects());
        Collections.reverse(reversed);
        PspAccess a = RbacAnalyzer.analyze(inventory);
        PspAccess b = RbacAnalyzer.analyze(new Inventory(reversed, new TreeMap<>()));
        assertEquals(a.grants(), b.grants());
        assertEquals(a.problems(), b.problems());
        assertEquals(a.namespacesNamed(), b.namespacesNamed());
    }

    @Test
    void repeatedRunsAreIdentical() {
        String first = render(analyze(CLUSTER));
        for (int i = 0; i < 5; i++) {
            assertEquals(first, render(analyze(CLUSTER)));
        }
    }

    @Test
    void duplicateSubjectsYieldOneGrant() {
        PspAccess access = analyze(psps("p"), pspClusterRole("use-p", "[p]"),
                clusterRoleBinding("b", "use-p", sa("app", "web"), sa("app", "web")));
        assertEquals(1, access.grants().size());
    }

    private static String render(PspAccess access) {
        StringBuilder out = new StringBuilder();
        access.grants().forEach(g -> out.append(g.display()).append(' ').append(g.bindingSource()).append('\n'));
        access.problems().forEach(p -> out.append(p).append('\n'));
        return out.toString();
    }
}
