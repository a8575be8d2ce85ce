package dev.psp2psa.rbac;

import static dev.psp2psa.rbac.Fixtures.analyze;
import static dev.psp2psa.rbac.Fixtures.clusterRoleBinding;
import static dev.psp2psa.rbac.Fixtures.psps;
import static dev.psp2psa.rbac.Fixtures.sa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ClusterRoles with an aggregationRule. */
class AggregationTest {

    private static String aggregating(String name, String selectors, String rules) {
        return """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: %s
                aggregationRule:
                  clusterRoleSelectors:
                %s
                rules: %s""".formatted(name, selectors.indent(2).stripTrailing(), rules);
    }

    private static String labelled(String name, String labels, String resourceNames) {
        return """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: %s
                  labels: %s
                rules:
                - apiGroups: [policy]
                  resources: [podsecuritypolicies]
                  verbs: [use]
                  resourceNames: %s""".formatted(name, labels, resourceNames);
    }

    @Test
    void matchLabelsAggregatesAndRecordsTheHolder() {
        PspAccess access = analyze(
                psps("restricted"),
                aggregating("admin", "- matchLabels: {aggregate-to-admin: 'true'}", "[]"),
                labelled("psp-restricted", "{aggregate-to-admin: 'true'}", "[restricted]"),
                clusterRoleBinding("b", "admin", sa("app", "web")));
        List<Grant> grants = access.serviceAccountGrants("app", "web");
        assertEquals(1, grants.size());
        Grant g = grants.get(0);
        assertEquals("admin", g.roleName());
        assertEquals("psp-restricted", g.ruleHolder());
        assertEquals(0, g.ruleIndex());
        assertTrue(g.aggregated());
        assertEquals(List.of(), access.problems());
    }

    @Test
    void labelsThatDoNotMatchAreNotAggregated() {
        PspAccess access = analyze(
                psps("restricted"),
                aggregating("admin", "- matchLabels: {aggregate-to-admin: 'true'}", "[]"),
                labelled("psp-restricted", "{aggregate-to-admin: 'false'}", "[restricted]"),
                clusterRoleBinding("b", "admin", sa("app", "web")));
        assertEquals(List.of(), access.serviceAccountGrants("app", "web"));
    }

    @Test
    void matchExpressionsAggregate() {
        PspAccess access = analyze(
                psps("a", "b", "c", "d"),
                aggregating("agg", """
                        - matchExpressions:
                          - {key: tier, operator: In, values: [psp]}
                          - {key: legacy, operator: DoesNotExist}
                        - matchExpressions:
                          - {key: extra, operator: Exists}
                          - {key: env, operator: NotIn, values: [prod]}""", "[]"),
                labelled("role-a", "{tier: psp}", "[a]"),
                labelled("role-b", "{tier: psp, legacy: 'yes'}", "[b]"),
                labelled("role-c", "{extra: ''}", "[c]"),
                labelled("role-d", "{extra: '', env: prod}", "[d]"),
                clusterRoleBinding("bind", "agg", sa("app", "web")));
        assertEquals(Set.of("a", "c"), access.usablePsps("app", "web", false));
    }

    @Test
    void aggregationIsTransitive() {
        PspAccess access = analyze(
                psps("restricted", "baseline"),
                aggregating("admin", "- matchLabels: {to-admin: 'true'}", "[]"),
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: edit
                  labels: {to-admin: 'true'}
                aggregationRule:
                  clusterRoleSelectors:
                  - matchLabels: {to-edit: 'true'}
                rules: []""",
                labelled("psp-baseline", "{to-edit: 'true'}", "[baseline]"),
                labelled("psp-restricted", "{to-admin: 'true'}", "[restricted]"),
                clusterRoleBinding("b", "admin", sa("app", "web")));
        List<Grant> grants = access.serviceAccountGrants("app", "web");
        assertEquals(List.of("baseline", "restricted"), grants.stream().map(Grant::psp).toList());
        assertEquals("psp-baseline", grants.get(0).ruleHolder());
        assertEquals("admin", grants.get(0).roleName());
    }

    @Test
    void aggregationCycleTerminatesAndUnitesBothRoles() {
        PspAccess access = analyze(
                psps("a", "b"),
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: role-a
                  labels: {name: a}
                aggregationRule:
                  clusterRoleSelectors:
                  - matchLabels: {name: b}
                rules:
                - apiGroups: [policy]
                  resources: [podsecuritypolicies]
                  verbs: [use]
                  resourceNames: [a]""",
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: role-b
                  labels: {name: b}
                aggregationRule:
                  clusterRoleSelectors:
                  - matchLabels: {name: a}
                rules:
                - apiGroups: [policy]
                  resources: [podsecuritypolicies]
                  verbs: [use]
                  resourceNames: [b]""",
                clusterRoleBinding("bind", "role-a", sa("app", "web")));
        assertEquals(Set.of("a", "b"), access.usablePsps("app", "web", false));
        // Own rules of aggregating roles that no aggregated role holds are counted, and reported.
        assertEquals(2, access.problems().size());
    }

    @Test
    void aggregatedRoleDoesNotAggregateItself() {
        PspAccess access = analyze(
                psps("a"),
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: self
                  labels: {agg: 'yes'}
                aggregationRule:
                  clusterRoleSelectors:
                  - matchLabels: {agg: 'yes'}
                rules: []""",
                clusterRoleBinding("bind", "self", sa("app", "web")));
        assertEquals(List.of(), access.grants());
    }

    @Test
    void copiesWrittenByTheAggregationControllerAreAttributedToTheRealHolder() {
        // A live export: the aggregating role already holds a copy of the aggregated rule.
        PspAccess access = analyze(
                psps("restricted"),
                aggregating("admin", "- matchLabels: {to-admin: 'true'}", """

                        - apiGroups: [policy]
                          resources: [podsecuritypolicies]
                          verbs: [use]
                          resourceNames: [restricted]"""),
                labelled("psp-restricted", "{to-admin: 'true'}", "[restricted]"),
                clusterRoleBinding("b", "admin", sa("app", "web")));
        List<Grant> grants = access.grants();
        assertEquals(1, grants.size());
        assertEquals("psp-restricted", grants.get(0).ruleHolder());
        assertEquals(List.of(), access.problems());
    }

    @Test
    void ownRuleOfAggregatingRoleIsCountedAndReported() {
        PspAccess access = analyze(
                psps("privileged"),
                aggregating("admin", "- matchLabels: {to-admin: 'true'}", """

                        - apiGroups: [policy]
                          resources: [podsecuritypolicies]
                          verbs: [use]
                          resourceNames: [privileged]"""),
                clusterRoleBinding("b", "admin", sa("app", "web")));
        assertEquals(Set.of("privileged"), access.usablePsps("app", "web", false));
        assertEquals(1, access.problems().size());
        assertEquals("ClusterRole admin has an aggregationRule, so the aggregation controller replaces its own rule 0,"
                + " which no aggregated ClusterRole holds; it is counted as written.",
                access.problems().get(0).message());
    }

    @Test
    void selectorSemantics() {
        Map<String, String> labels = Map.of("a", "1", "b", "2");
        assertTrue(LabelSelectors.matches(new LabelSelector(), labels), "empty selector matches everything");
        assertEquals(false, LabelSelectors.matches(null, labels), "null selector matches nothing");
        assertTrue(LabelSelectors.matches(sel("x", "NotIn", "1"), labels), "NotIn matches an absent key");
        assertEquals(false, LabelSelectors.matches(sel("a", "NotIn", "1"), labels));
        assertTrue(LabelSelectors.matches(sel("a", "In", "0", "1"), labels));
        assertEquals(false, LabelSelectors.matches(sel("x", "In", "1"), labels));
        assertTrue(LabelSelectors.matches(sel("b", "Exists"), labels));
        assertEquals(false, LabelSelectors.matches(sel("b", "DoesNotExist"), labels));
        assertEquals(false, LabelSelectors.matches(sel("a", "Bogus", "1"), labels), "unknown operator");
        assertEquals(false, LabelSelectors.matches(
                new LabelSelectorBuilder().withMatchLabels(Map.of("a", "1", "c", "3")).build(), labels));
    }

    private static LabelSelector sel(String key, String operator, String... values) {
        return new LabelSelectorBuilder().addNewMatchExpression()
                .withKey(key).withOperator(operator).withValues(values).endMatchExpression().build();
    }
}
