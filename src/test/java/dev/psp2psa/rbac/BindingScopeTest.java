package dev.psp2psa.rbac;

import static dev.psp2psa.rbac.Fixtures.analyze;
import static dev.psp2psa.rbac.Fixtures.clusterRoleBinding;
import static dev.psp2psa.rbac.Fixtures.pspClusterRole;
import static dev.psp2psa.rbac.Fixtures.psps;
import static dev.psp2psa.rbac.Fixtures.role;
import static dev.psp2psa.rbac.Fixtures.roleBinding;
import static dev.psp2psa.rbac.Fixtures.sa;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RoleBindings grant in their namespace, ClusterRoleBindings everywhere. */
class BindingScopeTest {

    @Test
    void roleBindingGrantsOnlyInItsNamespace() {
        PspAccess access = analyze(
                psps("privileged"),
                pspClusterRole("use-privileged", "[privileged]"),
                roleBinding("app", "b", "ClusterRole", "use-privileged", group("system:serviceaccounts")));
        assertEquals(Set.of("privileged"), access.usablePsps("app", "web", false));
        assertEquals(Set.of(), access.usablePsps("other", "web", false));
        assertEquals("app", access.grants().get(0).scope());
    }

    @Test
    void roleBindingToServiceAccountOfAnotherNamespaceDoesNotLetItsPodsUseThePsp() {
        // The RoleBinding in "app" lets tools/ci use the PSP in "app", not in "tools".
        PspAccess access = analyze(
                psps("privileged"),
                pspClusterRole("use-privileged", "[privileged]"),
                roleBinding("app", "b", "ClusterRole", "use-privileged", sa("tools", "ci")));
        assertEquals(Set.of(), access.usablePsps("tools", "ci", false));
        assertEquals(List.of(), access.serviceAccountGrants("app", "ci"));
        // ...but tools/ci may create pods in "app" itself: counted only on request.
        assertEquals(1, access.crossNamespaceGrants("app").size());
        assertEquals(List.of(), access.crossNamespaceGrants("tools"));
        assertEquals(Set.of(), access.usablePsps("app", "web", false));
        assertEquals(Set.of("privileged"), access.usablePsps("app", "web", true));
    }

    @Test
    void clusterRoleBindingGrantsEverywhere() {
        PspAccess access = analyze(
                psps("restricted"),
                pspClusterRole("use-restricted", "[restricted]"),
                clusterRoleBinding("b", "use-restricted", group("system:serviceaccounts")));
        assertEquals(Set.of("restricted"), access.usablePsps("app", "web", false));
        assertEquals(Set.of("restricted"), access.usablePsps("other", "default", false));
        assertEquals("*", access.grants().get(0).scope());
    }

    @Test
    void roleBindingToClusterRole() {
        PspAccess access = analyze(
                psps("restricted"),
                pspClusterRole("use-restricted", "[restricted]"),
                roleBinding("app", "b", "ClusterRole", "use-restricted", sa("app", "web")));
        Grant g = access.serviceAccountGrants("app", "web").get(0);
        assertEquals("ClusterRole", g.roleKind());
        assertEquals("use-restricted", g.roleName());
        assertEquals("RoleBinding", g.bindingKind());
        assertEquals("app", g.bindingNamespace());
    }

    @Test
    void roleBindingToRoleInItsNamespace() {
        PspAccess access = analyze(
                psps("restricted"),
                role("app", "use-restricted", "[restricted]"),
                roleBinding("app", "b", "Role", "use-restricted", sa("app", "web")));
        Grant g = access.serviceAccountGrants("app", "web").get(0);
        assertEquals("Role", g.roleKind());
        assertEquals("use-restricted", g.ruleHolder());
        assertEquals(List.of(), access.problems());
    }

    @Test
    void roleBindingDoesNotSeeRoleOfAnotherNamespace() {
        PspAccess access = analyze(
                psps("restricted"),
                role("other", "use-restricted", "[restricted]"),
                roleBinding("app", "b", "Role", "use-restricted", sa("app", "web")));
        assertEquals(List.of(), access.grants());
        assertEquals(1, access.problems().size());
    }

    @Test
    void namespacesNamedByRolesRoleBindingsAndServiceAccountSubjects() {
        PspAccess access = analyze(
                psps("restricted"),
                role("roles-ns", "r", "[restricted]"),
                roleBinding("rb-ns", "b", "ClusterRole", "c", sa("sa-ns", "web"), sa(null, "implicit")),
                pspClusterRole("c", "[]"),
                clusterRoleBinding("crb", "c", group("system:serviceaccounts:group-ns"),
                        user("system:serviceaccount:user-ns:bot"), user("alice")));
        assertEquals(Set.of("group-ns", "rb-ns", "roles-ns", "sa-ns", "user-ns"), access.namespacesNamed());
    }

    private static String group(String name) {
        return Fixtures.group(name);
    }

    private static String user(String name) {
        return Fixtures.user(name);
    }
}
