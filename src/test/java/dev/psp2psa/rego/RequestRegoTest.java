package dev.psp2psa.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.policy.LabelGuard;
import dev.psp2psa.rbac.RbacSubject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rego translated from CEL over the whole admission request (the label guard): {@code oldObject} and {@code request}
 * are read from {@code input.review} where the CEL reads them, and a comprehension over a map of labels visits its
 * keys, as CEL does, not its values.
 */
class RequestRegoTest {

    @Test
    void aComprehensionOverLabelsVisitsKeysAndOverAListItsItems() {
        RegoTranslator t = new RegoTranslator();
        t.predicate("keys", "has(object.metadata.labels) && object.metadata.labels.exists(k, k.startsWith('a/'))");
        t.predicate("items", "object.spec.containers.exists(c, c.name.startsWith('a'))");
        t.predicate("annotations", "!has(object.metadata.annotations) || object.metadata.annotations.all(k, k != 'x')");
        String rego = t.rules();
        assertTrue(rego.contains("count([1 | _ = obj.metadata.labels[k_1]; startswith(k_1, \"a/\")]) > 0"), rego);
        assertTrue(rego.contains("count([1 | c_2 := obj.spec.containers[_]; startswith(c_2.name, \"a\")]) > 0"), rego);
        assertTrue(rego.contains("count([1 | _ = obj.metadata.annotations[k_3]; k_3 == \"x\"]) == 0"), rego);
    }

    @Test
    void thePodScopeKnowsNoRequest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegoModule.module("p",
                List.of(new RegoModule.Check("request.operation == 'CREATE'", "m"))));
        assertEquals("unknown CEL variable 'request'.", e.getMessage());
    }

    @Test
    void theGuardReadsTheRequestFromTheReviewAndNamesEveryAdmin() {
        LabelGuard guard = LabelGuard.of(List.of(RbacSubject.user("alice"), RbacSubject.group("ops"),
                RbacSubject.serviceAccount("argocd", "argocd-server")));
        String rego = RegoModule.requestModule("guard", List.of(new RegoModule.Check(guard.expression(),
                guard.message())));
        String violation = rego.substring(rego.indexOf("violation"), rego.indexOf("}\n") + 1);
        assertEquals("violation[{\"msg\": msg}] {\n    obj := input.review.object\n    not psp2psa_valid_1(obj)\n"
                + "    msg := " + RegoTranslator.string(guard.message()) + "\n}", violation,
                "only the object is bound, so a CREATE (no oldObject) is judged");
        assertTrue(rego.contains("psp2psa_in(input.review.userInfo.username, [\"alice\", "
                + "\"system:serviceaccount:argocd:argocd-server\"])"), rego);
        assertTrue(rego.contains("g_1 := input.review.userInfo.groups[_]; g_1 == \"ops\""), rego);
        assertTrue(rego.contains("input.review.operation != \"CREATE\""), rego);
        assertTrue(rego.contains("_ = input.review.oldObject.metadata.labels[k_"), rego);
        assertTrue(rego.contains("not input.review.operation != null"), "no operation (audit): allowed\n" + rego);
        assertFalse(rego.contains("labels[_]"), "labels are never iterated by value\n" + rego);
    }
}
