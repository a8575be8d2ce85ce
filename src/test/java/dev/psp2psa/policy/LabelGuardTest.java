package dev.psp2psa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.cel.AdmissionEvaluator;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.rbac.RbacSubject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The label guard's CEL, executed with dev.cel over namespace CREATE and UPDATE requests of several users: the label
 * admins (a user, a group, a service account) may do anything; everyone else may create and change namespaces as long
 * as no {@code pod-security.kubernetes.io/*} label is set on creation, or added, changed or removed on update.
 */
class LabelGuardTest {

    private static final AdmissionEvaluator CEL = new AdmissionEvaluator();
    private static final LabelGuard GUARD = LabelGuard.of(List.of(RbacSubject.user("alice@example.com"),
            RbacSubject.group("platform-admins"), RbacSubject.serviceAccount("argocd", "argocd-application-controller")));

    static final String ENFORCE = "pod-security.kubernetes.io/enforce";
    static final String VERSION = "pod-security.kubernetes.io/enforce-version";

    /** A request of a user (null: none, as in an audit) with groups. */
    static Map<String, Object> request(String operation, String user, String... groups) {
        Map<String, Object> userInfo = new LinkedHashMap<>();
        if (user != null) {
            userInfo.put("username", user);
        }
        if (groups.length > 0) {
            userInfo.put("groups", List.of(groups));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        if (operation != null) {
            r.put("operation", operation);
        }
        r.put("userInfo", userInfo);
        return r;
    }

    /** A Namespace with these labels (null: no labels field). */
    static Map<String, Object> namespace(Map<String, Object> labels) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", "team-a");
        if (labels != null) {
            metadata.put("labels", labels);
        }
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("apiVersion", "v1");
        ns.put("kind", "Namespace");
        ns.put("metadata", metadata);
        return ns;
    }

    static final Map<String, Object> NONE = null;
    static final Map<String, Object> PLAIN = Map.of("kubernetes.io/metadata.name", "team-a", "team", "a");
    static final Map<String, Object> BASELINE = Map.of("kubernetes.io/metadata.name", "team-a", ENFORCE, "baseline",
            VERSION, "v1.24");
    static final Map<String, Object> BASELINE_OTHER_TEAM = Map.of("kubernetes.io/metadata.name", "team-a", ENFORCE,
            "baseline", VERSION, "v1.24", "team", "b");
    static final Map<String, Object> PRIVILEGED = Map.of("kubernetes.io/metadata.name", "team-a", ENFORCE,
            "privileged", VERSION, "v1.24");
    static final Map<String, Object> BASELINE_LATEST = Map.of("kubernetes.io/metadata.name", "team-a", ENFORCE,
            "baseline", VERSION, "latest");
    static final Map<String, Object> ENFORCE_ONLY = Map.of("kubernetes.io/metadata.name", "team-a", ENFORCE,
            "baseline");
    static final Map<String, Object> UNKNOWN_PSA_KEY = Map.of("pod-security.kubernetes.io/anything", "x");

    /** The requests, by whom: operation, old labels, new labels, then whether each identity is allowed. */
    record Change(String what, String operation, Map<String, Object> old, Map<String, Object> now, boolean others) {
    }

    static Stream<Change> changes() {
        return Stream.of(
                new Change("create without labels", "CREATE", null, NONE, true),
                new Change("create with other labels", "CREATE", null, PLAIN, true),
                new Change("create with a PSA label", "CREATE", null, BASELINE, false),
                new Change("create with an unknown pod-security.kubernetes.io/ key", "CREATE", null, UNKNOWN_PSA_KEY,
                        false),
                new Change("update of other labels only", "UPDATE", BASELINE, BASELINE_OTHER_TEAM, true),
                new Change("update without any label", "UPDATE", namespace(NONE), NONE, true),
                new Change("update that changes the enforce level", "UPDATE", BASELINE, PRIVILEGED, false),
                new Change("update that changes a version pin", "UPDATE", BASELINE, BASELINE_LATEST, false),
                new Change("update that adds PSA labels", "UPDATE", PLAIN, BASELINE, false),
                new Change("update that removes one PSA label", "UPDATE", BASELINE, ENFORCE_ONLY, false),
                new Change("update that removes every label", "UPDATE", BASELINE, NONE, false),
                new Change("update that keeps the PSA labels of a namespace without other labels", "UPDATE",
                        ENFORCE_ONLY, ENFORCE_ONLY, true));
    }

    static Stream<Arguments> cases() {
        return changes().flatMap(c -> Stream.of(
                Arguments.of(c, "user admin", request(c.operation(), "alice@example.com", "system:authenticated"),
                        true),
                Arguments.of(c, "group admin", request(c.operation(), "carol", "platform-admins",
                        "system:authenticated"), true),
                Arguments.of(c, "service account admin", request(c.operation(),
                        "system:serviceaccount:argocd:argocd-application-controller", "system:serviceaccounts",
                        "system:serviceaccounts:argocd", "system:authenticated"), true),
                Arguments.of(c, "another user", request(c.operation(), "bob", "developers", "system:authenticated"),
                        c.others()),
                Arguments.of(c, "system:masters, not an admin", request(c.operation(), "kubernetes-admin",
                        "system:masters", "system:authenticated"), c.others()),
                Arguments.of(c, "another service account of the admins' namespace", request(c.operation(),
                        "system:serviceaccount:argocd:argocd-server", "system:serviceaccounts:argocd"), c.others()),
                Arguments.of(c, "a user without groups", request(c.operation(), "dave"), c.others())));
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("cases")
    void onlyTheAdminsChangePodSecurityLabels(Change c, String who, Map<String, Object> request, boolean allowed) {
        Map<String, Object> object = namespace(c.now());
        Map<String, Object> old = c.old() == null ? null
                : c.old().containsKey("metadata") ? c.old() : namespace((Map<String, Object>) c.old());
        assertEquals(allowed, CEL.evaluate(GUARD.expression(), object, old, request), c.what() + " by " + who);
    }

    @Test
    void deleteAndAuditWithoutARequestAreNotDenied() {
        Map<String, Object> labelled = namespace(BASELINE);
        assertTrue(CEL.evaluate(GUARD.expression(), null, labelled, request("DELETE", "bob")));
        assertTrue(CEL.evaluate(GUARD.expression(), labelled, null, request(null, null)),
                "an audit has no operation and no user: nothing to deny");
    }

    @Test
    void theMessageNamesTheAdmins() {
        String message = CEL.message(PodCel.lit(GUARD.message()), namespace(BASELINE), null, request("CREATE", "bob"));
        assertEquals("psp2psa: only the label admins (Group platform-admins, ServiceAccount "
                + "argocd/argocd-application-controller, User alice@example.com) may create a Namespace with "
                + "pod-security.kubernetes.io/* labels or add, change or remove such a label.", message);
        assertEquals("group:platform-admins,serviceaccount:argocd:argocd-application-controller,"
                + "user:alice@example.com", GUARD.refs());
    }

    @Test
    void onlyUsersOrOnlyGroupsAndQuotesInNames() {
        LabelGuard users = LabelGuard.of(List.of(RbacSubject.user("o'brien")));
        Map<String, Object> ns = namespace(BASELINE);
        assertTrue(CEL.evaluate(users.expression(), ns, null, request("CREATE", "o'brien")));
        assertEquals(false, CEL.evaluate(users.expression(), ns, null, request("CREATE", "obrien", "o'brien")),
                "a group of the user's name is not the user");
        LabelGuard groups = LabelGuard.of(List.of(RbacSubject.group("ops")));
        assertTrue(CEL.evaluate(groups.expression(), ns, null, request("CREATE", "x", "ops")));
        assertEquals(false, CEL.evaluate(groups.expression(), ns, null, request("CREATE", "ops")),
                "a user of the group's name is not in the group");
        assertThrows(IllegalArgumentException.class, () -> LabelGuard.of(List.of()));
    }
}
