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

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PSPs usable through the controllers that create workload pods. */
class ControllersTest {

    @Test
    void controllerThroughClusterRoleBindingIsUsableInEveryNamespace() {
        PspAccess access = analyze(psps("privileged"), pspClusterRole("use-privileged", "[privileged]"),
                clusterRoleBinding("b", "use-privileged", sa("kube-system", "replicaset-controller")));
        assertEquals(1, access.controllerGrants("app").size());
        assertEquals(1, access.controllerGrants("other").size());
        assertEquals(List.of(), access.serviceAccountGrants("app", "web"));
        assertEquals(Set.of("privileged"), access.usablePsps("app", "web", false));
    }

    @Test
    void controllerThroughRoleBindingInKubeSystemIsUsableOnlyThere() {
        PspAccess access = analyze(psps("privileged"), pspClusterRole("use-privileged", "[privileged]"),
                roleBinding("kube-system", "b", "ClusterRole", "use-privileged",
                        sa("kube-system", "daemon-set-controller")));
        assertEquals(1, access.controllerGrants("kube-system").size());
        assertEquals(List.of(), access.controllerGrants("app"));
        assertEquals(Set.of(), access.usablePsps("app", "web", false));
        assertEquals(Set.of("privileged"), access.usablePsps("kube-system", "anything", false));
    }

    @Test
    void controllerThroughRoleBindingInAnotherNamespaceIsUsableThere() {
        PspAccess access = analyze(psps("p"), pspClusterRole("use-p", "[p]"),
                roleBinding("app", "b", "ClusterRole", "use-p", sa("kube-system", "job-controller")));
        assertEquals(1, access.controllerGrants("app").size());
        assertEquals(List.of(), access.controllerGrants("kube-system"));
        // A controller is not a cross-namespace service account: it is reported as a controller only.
        assertEquals(List.of(), access.crossNamespaceGrants("app"));
    }

    @Test
    void everyPodCreatingControllerCounts() {
        for (String c : List.of("replicaset-controller", "daemon-set-controller", "statefulset-controller",
                "job-controller", "replication-controller")) {
            PspAccess access = analyze(psps("p"), pspClusterRole("use-p", "[p]"),
                    clusterRoleBinding("b", "use-p", sa("kube-system", c)));
            assertEquals(1, access.controllerGrants("app").size(), c);
        }
    }

    @Test
    void deploymentAndCronJobControllersAreNotPodCreators() {
        for (String c : List.of("deployment-controller", "cronjob-controller")) {
            PspAccess access = analyze(psps("p"), pspClusterRole("use-p", "[p]"),
                    clusterRoleBinding("b", "use-p", sa("kube-system", c)));
            assertEquals(List.of(), access.controllerGrants("app"), c);
            assertEquals(Set.of(), access.usablePsps("app", "web", false), c);
        }
    }

    @Test
    void controllerOfAnotherNamespaceIsNotAController() {
        PspAccess access = analyze(psps("p"), pspClusterRole("use-p", "[p]"),
                clusterRoleBinding("b", "use-p", sa("app", "replicaset-controller")));
        assertEquals(List.of(), access.controllerGrants("other"));
    }

    @Test
    void kubeSystemServiceAccountGroupCoversTheControllersEverywhereThroughClusterRoleBinding() {
        PspAccess access = analyze(psps("privileged"), pspClusterRole("use-privileged", "[privileged]"),
                clusterRoleBinding("b", "use-privileged", group("system:serviceaccounts:kube-system")));
        assertEquals(1, access.controllerGrants("app").size());
        assertEquals(List.of(), access.serviceAccountGrants("app", "web"));
        assertEquals(Set.of("privileged"), access.usablePsps("app", "web", false));
    }

    @Test
    void controllerAsServiceAccountUserName() {
        PspAccess access = analyze(psps("p"), pspClusterRole("use-p", "[p]"),
                clusterRoleBinding("b", "use-p", user("system:serviceaccount:kube-system:statefulset-controller")));
        assertEquals(1, access.controllerGrants("app").size());
    }

    @Test
    void controllerManagerUserCountsAsController() {
        PspAccess access = analyze(psps("p"), pspClusterRole("use-p", "[p]"),
                clusterRoleBinding("b", "use-p", user("system:kube-controller-manager")));
        assertEquals(1, access.controllerGrants("app").size());
        assertEquals(List.of(), access.userGrants());
    }
}
