package dev.psp2psa.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RbacRule#allows} against the RBAC authorizer's {@code RuleAllows} and the matchers of
 * {@code pkg/apis/rbac/v1/evaluation_helpers.go}: {@code VerbMatches}, {@code APIGroupMatches},
 * {@code ResourceMatches} (exact, {@code *}, {@code *\/subresource}) and {@code ResourceNameMatches}.
 */
class RbacRuleTest {

    private static RbacRule rule(List<String> groups, List<String> resources, List<String> names, List<String> verbs) {
        return new RbacRule(groups, resources, names, verbs);
    }

    @Test
    void exactVerbGroupAndResourceMatch() {
        RbacRule r = rule(List.of(""), List.of("namespaces"), List.of(), List.of("update"));
        assertTrue(r.allows("update", "", "namespaces", "", "team-a"));
        assertFalse(r.allows("patch", "", "namespaces", "", "team-a"), "another verb");
        assertFalse(r.allows("update", "apps", "namespaces", "", "team-a"), "another group");
        assertFalse(r.allows("update", "", "pods", "", "team-a"), "another resource");
    }

    @Test
    void wildcardsMatchEveryVerbGroupAndResource() {
        RbacRule r = rule(List.of("*"), List.of("*"), List.of(), List.of("*"));
        assertTrue(r.allows("patch", "", "namespaces", "", "x"));
        assertTrue(r.allows("create", "batch", "jobs", "", ""));
        assertTrue(r.allows("update", "", "namespaces", "status", "x"), "* matches a subresource too");
        assertEquals(List.of("verbs *", "apiGroups *", "resources *"), r.wildcards());
    }

    @Test
    void aResourceDoesNotMatchItsSubresourcesNorTheReverse() {
        RbacRule main = rule(List.of(""), List.of("namespaces"), List.of(), List.of("update"));
        assertFalse(main.allows("update", "", "namespaces", "status", "x"));
        RbacRule status = rule(List.of(""), List.of("namespaces/status"), List.of(), List.of("update"));
        assertTrue(status.allows("update", "", "namespaces", "status", "x"));
        assertFalse(status.allows("update", "", "namespaces", "", "x"));
    }

    @Test
    void starSlashSubresourceMatchesThatSubresourceOfEveryResourceOnly() {
        RbacRule r = rule(List.of(""), List.of("*/status"), List.of(), List.of("patch"));
        assertTrue(r.allows("patch", "", "namespaces", "status", "x"));
        assertTrue(r.allows("patch", "", "pods", "status", "p"));
        assertFalse(r.allows("patch", "", "namespaces", "", "x"));
        assertFalse(r.allows("patch", "", "namespaces", "finalize", "x"));
        assertEquals(List.of(), r.wildcards(), "*/status is no resources wildcard");
    }

    @Test
    void resourceNamesRestrictNamedRequestsAndNeverAllowACreate() {
        RbacRule r = rule(List.of(""), List.of("pods", "namespaces"), List.of("a"), List.of("create", "update"));
        assertTrue(r.allows("update", "", "namespaces", "", "a"));
        assertFalse(r.allows("update", "", "namespaces", "", "b"));
        assertFalse(r.allows("create", "", "pods", "", ""), "a create has no name in its request");
    }

    @Test
    void matchingIsCaseSensitive() {
        RbacRule r = rule(List.of(""), List.of("Namespaces"), List.of(), List.of("Update"));
        assertFalse(r.allows("update", "", "namespaces", "", "x"));
    }
}
