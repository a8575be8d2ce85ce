package dev.psp2psa.rbac;

import static dev.psp2psa.rbac.Fixtures.analyze;
import static dev.psp2psa.rbac.Fixtures.clusterRoleBinding;
import static dev.psp2psa.rbac.Fixtures.pspClusterRole;
import static dev.psp2psa.rbac.Fixtures.psps;
import static dev.psp2psa.rbac.Fixtures.role;
import static dev.psp2psa.rbac.Fixtures.roleBinding;
import static dev.psp2psa.rbac.Fixtures.sa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What cannot be used as written is reported, never thrown. */
class ProblemsTest {

    @Test
    void danglingClusterRoleRefIsAProblem() {
        PspAccess access = analyze(psps("p"), clusterRoleBinding("b", "missing", sa("app", "web")));
        assertEquals(List.of(), access.grants());
        assertEquals(List.of(new Problem(Source.of(Fixtures.FILE, 7),
                "ClusterRoleBinding b references ClusterRole missing, which is not in the input; it grants nothing.")),
                access.problems());
    }

    @Test
    void danglingRoleRefIsAProblem() {
        PspAccess access = analyze(psps("p"),
                roleBinding("app", "b", "Role", "missing", sa("app", "web")));
        assertEquals(List.of(), access.grants());
        assertEquals("RoleBinding app/b references Role app/missing, which is not in the input; it grants nothing.",
                access.problems().get(0).message());
    }

    @Test
    void clusterRoleBindingToRoleIsAProblem() {
        PspAccess access = analyze(psps("p"), role("app", "r", "[p]"), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: b
                roleRef: {kind: Role, name: r}
                subjects:
                - {kind: ServiceAccount, namespace: app, name: web}""");
        assertEquals(List.of(), access.grants());
        assertEquals("ClusterRoleBinding b references a role of kind Role, which a ClusterRoleBinding cannot"
                + " reference; it grants nothing.", access.problems().get(0).message());
    }

    @Test
    void unknownPspNameIsAProblemAndGrantsNothingForIt() {
        PspAccess access = analyze(psps("restricted"),
                pspClusterRole("use", "[restricted, gone]"),
                clusterRoleBinding("b", "use", sa("app", "web")));
        assertEquals(Set.of("restricted"), access.usablePsps("app", "web", false));
        assertEquals(List.of(new Problem(Source.of(Fixtures.FILE, 7),
                "ClusterRole use rule 0 grants use of PodSecurityPolicy gone, which is not in the input.")),
                access.problems());
    }

    @Test
    void unknownPspNameInRoleIsAProblemEvenWhenUnbound() {
        PspAccess access = analyze(psps("restricted"), role("app", "r", "[gone]"));
        assertEquals("Role app/r rule 0 grants use of PodSecurityPolicy gone, which is not in the input.",
                access.problems().get(0).message());
    }

    @Test
    void unknownNameInRuleThatDoesNotGrantUseIsNotAProblem() {
        PspAccess access = analyze(psps("restricted"),
                Fixtures.clusterRole("r", "[policy]", "[podsecuritypolicies]", "[get]", "[gone]"));
        assertEquals(List.of(), access.problems());
    }

    @Test
    void emptyObjectsNeverThrow() {
        List<Sourced<HasMetadata>> objects = List.of(
                new Sourced<>(new ClusterRole(), Source.of("x", 1)),
                new Sourced<>(new Role(), Source.of("x", 2)),
                new Sourced<>(new RoleBinding(), Source.of("x", 3)),
                new Sourced<>(new ClusterRoleBinding(), Source.of("x", 4)));
        PspAccess access = RbacAnalyzer.analyze(new Inventory(objects, new TreeMap<>()));
        assertEquals(List.of(), access.grants());
        assertEquals(2, access.problems().size());
        assertTrue(access.problems().stream().allMatch(p -> p.message().endsWith(".")));
    }

    @Test
    void bindingWithoutRoleRefNameIsAProblem() {
        PspAccess access = analyze(psps("p"), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: b
                roleRef: {kind: ClusterRole}
                subjects:
                - {kind: ServiceAccount, namespace: app, name: web}""");
        assertEquals("ClusterRoleBinding b has no roleRef name and grants nothing.",
                access.problems().get(0).message());
    }

    @Test
    void nullEntriesInListsAreTolerated() {
        PspAccess access = analyze(psps("p"), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: r
                rules:
                - null
                - apiGroups: [policy, null]
                  resources: [podsecuritypolicies]
                  verbs: [null, use]
                  resourceNames: [null, p]""", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: b
                roleRef: {kind: ClusterRole, name: r}
                subjects:
                - null
                - {kind: ServiceAccount, namespace: app, name: web}""");
        assertEquals(Set.of("p"), access.usablePsps("app", "web", false));
        assertEquals(1, access.grants().get(0).ruleIndex());
    }
}
