package dev.psp2psa.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Names as the API server validates them for the kinds psp2psa reads (issue 12). */
class KubernetesNamesTest {

    @Test
    void namespaceNamesAreDns1123Labels() {
        for (String ok : List.of("a", "kube-system", "team-1", "0", "x".repeat(63))) {
            assertTrue(KubernetesNames.isNamespaceName(ok), ok);
        }
        for (String bad : List.of("", "../..", "..", "Team", "team_a", "-a", "a-", "a.b", "x".repeat(64), "a b",
                "ns/x")) {
            assertFalse(KubernetesNames.isNamespaceName(bad), bad);
        }
        assertTrue(KubernetesNames.nameProblem("Namespace", "a.b").isPresent(), "a Namespace's own name too");
    }

    @Test
    void mostNamesAreDns1123Subdomains() {
        for (String kind : List.of("Pod", "Deployment", "PodSecurityPolicy", "ServiceAccount", "Job", "DaemonSet")) {
            for (String ok : List.of("web", "web.v2", "psp.flannel.unprivileged", "0-a", "a".repeat(253))) {
                assertTrue(KubernetesNames.nameProblem(kind, ok).isEmpty(), kind + " " + ok);
            }
            for (String bad : List.of("Web", "web_1", ".web", "web.", "a..b", "-a", "a".repeat(254), "psp:x",
                    "../x")) {
                assertTrue(KubernetesNames.nameProblem(kind, bad).isPresent(), kind + " " + bad);
            }
        }
    }

    @Test
    void cronJobNamesLeaveRoomForTheJobSuffix() {
        assertTrue(KubernetesNames.nameProblem("CronJob", "a".repeat(52)).isEmpty());
        assertEquals("at most 52 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit "
                + "(the Jobs a CronJob creates add 11 characters to its name)",
                KubernetesNames.nameProblem("CronJob", "a".repeat(53)).orElseThrow());
    }

    @Test
    void rbacNamesArePathSegments() {
        for (String kind : List.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")) {
            for (String ok : List.of("psp:restricted", "system:controller:job-controller", "Admin", "a b", "...")) {
                assertTrue(KubernetesNames.nameProblem(kind, ok).isEmpty(), kind + " " + ok);
            }
            for (String bad : List.of(".", "..", "a/b", "100%")) {
                assertEquals("it may not be '.' or '..' and may not contain '/' or '%'",
                        KubernetesNames.nameProblem(kind, bad).orElseThrow(), kind + " " + bad);
            }
        }
    }

    @Test
    void quotedNamesStayOnOneLine() {
        assertEquals("\"a\\u000Ab\\\"c\"", KubernetesNames.quote("a\nb\"c"));
        assertEquals(66, KubernetesNames.quote("x".repeat(100)).length());
    }
}
