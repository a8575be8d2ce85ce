package dev.psp2psa.rbac;

import static dev.psp2psa.rbac.Fixtures.analyze;
import static dev.psp2psa.rbac.Fixtures.clusterRoleBinding;
import static dev.psp2psa.rbac.Fixtures.group;
import static dev.psp2psa.rbac.Fixtures.pspClusterRole;
import static dev.psp2psa.rbac.Fixtures.psps;
import static dev.psp2psa.rbac.Fixtures.roleBinding;
import static dev.psp2psa.rbac.Fixtures.sa;
import static dev.psp2psa.rbac.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who a subject is. */
class SubjectsTest {

    private static PspAccess crb(String subject) {
        return analyze(psps("p"), pspClusterRole("use-p", "[p]"), clusterRoleBinding("b", "use-p", subject));
    }

    @Test
    void serviceAccountSubjectIsThatServiceAccountOnly() {
        PspAccess access = crb(sa("app", "web"));
        assertEquals(Set.of("p"), access.usablePsps("app", "web", false));
        assertEquals(Set.of(), access.usablePsps("app", "default", false));
        assertEquals(Set.of(), access.usablePsps("other", "web", false));
        assertEquals(List.of(), access.userGrants());
        assertEquals("ServiceAccount app/web", access.grants().get(0).subject().display());
    }

    @Test
    void serviceAccountWithoutNamespaceInRoleBindingMeansTheBindingNamespace() {
        PspAccess access = analyze(psps("p"), pspClusterRole("use-p", "[p]"),
                roleBinding("app", "b", "ClusterRole", "use-p", sa(null, "web")));
        assertEquals(Set.of("p"), access.usablePsps("app", "web", false));
        assertEquals(RbacSubject.serviceAccount("app", "web"), access.grants().get(0).subject());
        assertEquals(List.of(), access.problems());
    }

    @Test
    void serviceAccountWithoutNamespaceInClusterRoleBindingMatchesNoOne() {
        PspAccess access = crb(sa(null, "web"));
        assertEquals(List.of(), access.grants());
        assertEquals("ClusterRoleBinding b names ServiceAccount web without a namespace; it matches no one.",
                access.problems().get(0).message());
    }

    @Test
    void serviceAccountUserNameIsThatServiceAccount() {
        PspAccess access = crb(user("system:serviceaccount:app:web"));
        assertEquals(Set.of("p"), access.usablePsps("app", "web", false));
        assertEquals(Set.of(), access.usablePsps("app", "other", false));
        assertEquals(List.of(), access.userGrants());
        assertEquals("User system:serviceaccount:app:web", access.grants().get(0).subject().display());
    }

    @Test
    void malformedServiceAccountUserNameIsAUser() {
        PspAccess access = crb(user("system:serviceaccount:app"));
        assertEquals(Set.of(), access.usablePsps("app", "web", false));
        assertEquals(1, access.userGrants().size());
    }

    @Test
    void groupOfAllServiceAccounts() {
        PspAccess access = crb(group("system:serviceaccounts"));
        assertEquals(Set.of("p"), access.usablePsps("app", "web", false));
        assertEquals(Set.of("p"), access.usablePsps("other", "default", false));
        assertEquals(List.of(), access.userGrants());
    }

    @Test
    void groupOfOneNamespacesServiceAccounts() {
        PspAccess access = crb(group("system:serviceaccounts:app"));
        assertEquals(Set.of("p"), access.usablePsps("app", "web", false));
        assertEquals(Set.of("p"), access.usablePsps("app", "default", false));
        assertEquals(Set.of(), access.usablePsps("other", "web", false));
        assertEquals(List.of(), access.userGrants());
    }

    @Test
    void groupOfAllAuthenticatedCoversServiceAccountsAndUsers() {
        PspAccess access = crb(group("system:authenticated"));
        assertEquals(Set.of("p"), access.usablePsps("app", "web", false));
        assertEquals(1, access.userGrants().size());
        assertEquals("Group system:authenticated", access.userGrants().get(0).subject().display());
    }

    @Test
    void humanUserIsKeptApartAndCountedOnlyWithIncludeUsers() {
        PspAccess access = crb(user("alice@example.com"));
        assertEquals(List.of(), access.serviceAccountGrants("app", "web"));
        assertEquals(List.of(), access.controllerGrants("app"));
        assertEquals(Set.of(), access.usablePsps("app", "web", false));
        assertEquals(Set.of("p"), access.usablePsps("app", "web", true));
        assertEquals("User alice@example.com", access.userGrants().get(0).subject().display());
        assertEquals(1, access.userGrants("app").size());
    }

    @Test
    void systemMastersIsAUserGroup() {
        PspAccess access = crb(group("system:masters"));
        assertEquals(Set.of(), access.usablePsps("app", "web", false));
        assertEquals(Set.of("p"), access.usablePsps("app", "web", true));
        assertEquals(1, access.userGrants().size());
    }

    @Test
    void oidcGroupIsAUserGroup() {
        PspAccess access = crb(group("oidc:platform-team"));
        assertEquals(Set.of(), access.usablePsps("app", "web", false));
        assertEquals(1, access.userGrants().size());
    }

    @Test
    void userGrantThroughRoleBindingAppliesOnlyInItsNamespace() {
        PspAccess access = analyze(psps("p"), pspClusterRole("use-p", "[p]"),
                roleBinding("app", "b", "ClusterRole", "use-p", user("bob")));
        assertEquals(1, access.userGrants("app").size());
        assertEquals(List.of(), access.userGrants("other"));
        assertEquals(Set.of("p"), access.usablePsps("app", "web", true));
        assertEquals(Set.of(), access.usablePsps("other", "web", true));
    }

    @Test
    void unknownSubjectKindIsAProblem() {
        PspAccess access = crb("- kind: Robot\n  name: r2d2");
        assertEquals(List.of(), access.grants());
        assertTrue(access.problems().get(0).message().contains("kind Robot"));
    }

    @Test
    void subjectDisplayAndHelpers() {
        assertEquals("ServiceAccount monitoring/node-exporter",
                RbacSubject.serviceAccount("monitoring", "node-exporter").display());
        assertEquals("Group system:authenticated", RbacSubject.group("system:authenticated").display());
        assertTrue(RbacSubject.group("system:serviceaccounts:kube-system").coversServiceAccount("kube-system", "x"));
        assertEquals(false, RbacSubject.group("system:serviceaccounts:kube-system").coversUsers());
        assertTrue(RbacSubject.group("system:authenticated").coversUsers());
        assertEquals(false, RbacSubject.user("system:serviceaccount:a:b").coversUsers());
    }
}
