package dev.psp2psa.rbac;

import static dev.psp2psa.rbac.Fixtures.analyze;
import static dev.psp2psa.rbac.Fixtures.clusterRole;
import static dev.psp2psa.rbac.Fixtures.clusterRoleBinding;
import static dev.psp2psa.rbac.Fixtures.psps;
import static dev.psp2psa.rbac.Fixtures.sa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which rules grant {@code use} of which PodSecurityPolicy. */
class RuleMatchingTest {

    /** The PSPs the ServiceAccount app/web may use when a CRB binds it to a ClusterRole with one rule. */
    private static Set<String> usable(String apiGroups, String resources, String verbs, String resourceNames) {
        PspAccess access = analyze(
                psps("privileged", "restricted"),
                clusterRole("r", apiGroups, resources, verbs, resourceNames),
                clusterRoleBinding("b", "r", sa("app", "web")));
        return access.usablePsps("app", "web", false);
    }

    @Test
    void verbUseGrants() {
        assertEquals(Set.of("privileged", "restricted"), usable("[policy]", "[podsecuritypolicies]", "[use]", "[]"));
    }

    @Test
    void verbStarGrants() {
        assertEquals(Set.of("privileged", "restricted"), usable("[policy]", "[podsecuritypolicies]", "['*']", "[]"));
    }

    @Test
    void verbGetDoesNotGrant() {
        assertEquals(Set.of(), usable("[policy]", "[podsecuritypolicies]", "[get, list, watch]", "[]"));
    }

    @Test
    void verbsAreCaseSensitive() {
        assertEquals(Set.of(), usable("[policy]", "[podsecuritypolicies]", "[Use]", "[]"));
    }

    @Test
    void resourcePodSecurityPoliciesGrants() {
        assertEquals(Set.of("privileged", "restricted"), usable("[policy]", "[podsecuritypolicies]", "[use]", "[]"));
    }

    @Test
    void resourceStarGrants() {
        assertEquals(Set.of("privileged", "restricted"), usable("[policy]", "['*']", "[use]", "[]"));
    }

    @Test
    void resourcePodsDoesNotGrant() {
        assertEquals(Set.of(), usable("[policy]", "[pods]", "[use]", "[]"));
    }

    @Test
    void apiGroupPolicyGrants() {
        assertEquals(Set.of("restricted"), usable("[policy]", "[podsecuritypolicies]", "[use]", "[restricted]"));
    }

    @Test
    void apiGroupExtensionsGrants() {
        assertEquals(Set.of("restricted"), usable("[extensions]", "[podsecuritypolicies]", "[use]", "[restricted]"));
    }

    @Test
    void apiGroupStarGrants() {
        assertEquals(Set.of("restricted"), usable("['*']", "[podsecuritypolicies]", "[use]", "[restricted]"));
    }

    @Test
    void apiGroupAppsDoesNotGrant() {
        assertEquals(Set.of(), usable("[apps]", "[podsecuritypolicies]", "[use]", "[restricted]"));
    }

    @Test
    void apiGroupCoreDoesNotGrant() {
        assertEquals(Set.of(), usable("['']", "[podsecuritypolicies]", "[use]", "[]"));
    }

    @Test
    void emptyResourceNamesExpandToEveryPsp() {
        assertEquals(Set.of("privileged", "restricted"), usable("[policy]", "[podsecuritypolicies]", "[use]", "[]"));
    }

    @Test
    void absentResourceNamesExpandToEveryPsp() {
        assertEquals(Set.of("privileged", "restricted"), usable("[policy]", "[podsecuritypolicies]", "[use]", "null"));
    }

    @Test
    void resourceNamesNamingThePspGrantOnlyIt() {
        assertEquals(Set.of("restricted"), usable("[policy]", "[podsecuritypolicies]", "[use]", "[restricted]"));
    }

    @Test
    void resourceNamesNamingAnotherPspDoNotGrantThisOne() {
        PspAccess access = analyze(
                psps("privileged", "restricted"),
                clusterRole("r", "[policy]", "[podsecuritypolicies]", "[use]", "[privileged]"),
                clusterRoleBinding("b", "r", sa("app", "web")));
        assertEquals(Set.of("privileged"), access.usablePsps("app", "web", false));
        assertTrue(access.grants().stream().noneMatch(g -> g.psp().equals("restricted")));
    }

    @Test
    void nonResourceUrlRuleGrantsNothing() {
        PspAccess access = analyze(
                psps("privileged"),
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: r
                rules:
                - nonResourceURLs: ['*']
                  verbs: ['*']""",
                clusterRoleBinding("b", "r", sa("app", "web")));
        assertEquals(List.of(), access.grants());
    }

    @Test
    void noPspsInInputMeansNoGrants() {
        PspAccess access = analyze(
                clusterRole("r", "['*']", "['*']", "['*']", "[]"),
                clusterRoleBinding("b", "r", sa("app", "web")));
        assertEquals(List.of(), access.grants());
        assertEquals(Set.of(), access.psps());
    }

    @Test
    void ruleHelperIgnoresResourceNames() {
        var rule = new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
                .withApiGroups("extensions").withResources("podsecuritypolicies").withVerbs("use")
                .withResourceNames("x").build();
        assertTrue(RbacAnalyzer.grantsPspUse(rule));
        assertEquals(false, RbacAnalyzer.grantsPspUse(new io.fabric8.kubernetes.api.model.rbac.PolicyRule()));
        assertEquals(false, RbacAnalyzer.grantsPspUse(null));
    }

    @Test
    void extensionsApiPspNamesCount() {
        var legacy = new io.fabric8.kubernetes.api.model.extensions.PodSecurityPolicy();
        legacy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("legacy").build());
        var inventory = Fixtures.inventory(
                Fixtures.pspClusterRole("r", "[legacy]"),
                clusterRoleBinding("b", "r", sa("app", "web")));
        var objects = new java.util.ArrayList<>(inventory.objects());
        objects.add(new dev.psp2psa.inventory.Sourced<>(legacy, dev.psp2psa.inventory.Source.of("legacy.yaml", 1)));
        PspAccess access = RbacAnalyzer.analyze(new dev.psp2psa.inventory.Inventory(objects, new java.util.TreeMap<>()));
        assertEquals(Set.of("legacy"), access.usablePsps("app", "web", false));
        assertEquals(List.of(), access.problems());
    }
}
