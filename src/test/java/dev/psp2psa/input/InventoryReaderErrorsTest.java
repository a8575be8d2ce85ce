package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad content: every case fails with the file, line, column and one sentence, and quotes no value. */
class InventoryReaderErrorsTest extends ReaderTestSupport {

    @Test
    void malformedYamlIsReportedAtTheParsersLocation() {
        write("bad.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                    labels: {}
                """);
        assertError(fails("bad.yaml"), "bad.yaml", 5, 11, "malformed YAML: mapping values are not allowed here.");
    }

    @Test
    void malformedYamlInALaterDocumentIsReportedAtTheLineInTheWholeFile() {
        write("bad.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata: {name: a}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: [b}
                """);
        assertError(fails("bad.yaml"), "bad.yaml", 7, 20,
                "malformed YAML: expected ',' or ']', but got }.");
    }

    @Test
    void malformedYamlInASecretDoesNotEchoTheSecret() {
        write("secret.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: s}
                stringData:
                  password: "super-secret-value\\q"
                """);
        InputException e = fails("secret.yaml");
        assertError(e, "secret.yaml", 5, 33, "malformed YAML: found unknown escape character q(113).");
        assertEquals(null, e.getCause());
    }

    @Test
    void malformedJsonIsReportedAtTheParsersLocation() {
        write("bad.json", """
                {
                  "apiVersion": "v1",
                  "kind": "Pod",
                  "metadata": {"name": "p",}
                }
                """);
        assertError(fails("bad.json"), "bad.json", 4, 28,
                "malformed JSON: unexpected character ('}' (code 125)): was expecting double-quote to start field name.");
    }

    @Test
    void malformedJsonInASecretDoesNotEchoTheToken() {
        write("secret.json", """
                {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
                 "data": {"password": super-secret-value}}
                """);
        InputException e = fails("secret.json");
        assertEquals("secret.json", e.file());
        assertEquals(2, e.line());
        assertTrue(e.column() > 0);
        assertEquals("malformed JSON: unrecognized token (expected a string, a number, an array, an object, true, "
                + "false or null).", e.getMessage());
        assertEquals(null, e.getCause());
    }

    @Test
    void truncatedJsonIsReportedAtTheEnd() {
        write("cut.json", "{\"apiVersion\": \"v1\",\n \"kind\": \"Pod\"");
        InputException e = fails("cut.json");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("malformed JSON: unexpected end-of-input"), e.getMessage());
        assertFalse(e.getMessage().contains("Source"), e.getMessage());
    }

    @Test
    void aDocumentThatIsAListIsNotAnObject() {
        write("list.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n- a\n- b\n");
        assertError(fails("list.yaml"), "list.yaml", 5, 1,
                "the document is a list, not a mapping (a Kubernetes object).");
    }

    @Test
    void aDocumentThatIsAScalarIsNotAnObject() {
        write("text.yaml", "just some words\n");
        assertError(fails("text.yaml"), "text.yaml", 1, 1,
                "the document is a string, not a mapping (a Kubernetes object).");
    }

    @Test
    void missingKind() {
        write("nokind.yaml", "---\napiVersion: v1\nmetadata: {name: a}\n");
        assertError(fails("nokind.yaml"), "nokind.yaml", 2, 1, "object has no kind.");
    }

    @Test
    void missingKindOfAListItemPointsAtTheItem() {
        write("list.yaml", """
                apiVersion: v1
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: a}
                - apiVersion: v1
                  metadata: {name: b}
                kind: List
                """);
        assertError(fails("list.yaml"), "list.yaml", 6, 3, "items[1] has no kind.");
    }

    @Test
    void kindThatIsNotAString() {
        write("kind.yaml", "apiVersion: v1\nkind: [Pod]\nmetadata: {name: a}\n");
        assertError(fails("kind.yaml"), "kind.yaml", 2, 1, "field kind of object must be a string, not a list.");
    }

    @Test
    void missingApiVersion() {
        write("noversion.yaml", "kind: Pod\nmetadata: {name: a}\n");
        assertError(fails("noversion.yaml"), "noversion.yaml", 1, 1, "Pod has no apiVersion.");
    }

    @Test
    void missingApiVersionOfASkippedKindIsAnErrorToo() {
        write("noversion.yaml", "kind: Secret\nmetadata: {name: a}\ndata: {password: c2VjcmV0}\n");
        assertError(fails("noversion.yaml"), "noversion.yaml", 1, 1, "Secret has no apiVersion.");
    }

    @Test
    void missingName() {
        write("noname.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: a\n");
        assertError(fails("noname.yaml"), "noname.yaml", 3, 1, "Pod has no metadata.name.");
    }

    @Test
    void missingMetadata() {
        write("nometa.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nrules: []\n");
        assertError(fails("nometa.yaml"), "nometa.yaml", 1, 1, "ClusterRole has no metadata.name.");
    }

    @Test
    void generateNameAloneIsNotAName() {
        write("gen.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: backup-\n");
        assertError(fails("gen.yaml"), "gen.yaml", 3, 1, "Job has no metadata.name (metadata.generateName is not "
                + "enough: psp2psa needs the name to refer to it).");
    }

    @Test
    void aStringWhereABooleanBelongsNamesTheFieldAndItsPlace() {
        write("pod.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata: {name: a}
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  namespace: a
                spec:
                  hostNetwork: "yes-please"
                """);
        InputException e = fails("pod.yaml");
        assertError(e, "pod.yaml", 11, 3, "field spec.hostNetwork of Pod \"a/web\" must be a boolean, not a string.");
        assertFalse(e.getMessage().contains("yes-please"));
        assertEquals(null, e.getCause());
    }

    @Test
    void aNumberWhereAListBelongs() {
        write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: 5\n");
        assertError(fails("pod.yaml"), "pod.yaml", 5, 3,
                "field spec.containers of Pod \"web\" must be a list, not an integer.");
    }

    @Test
    void aWrongTypeDeepInsideAListItemPointsAtTheField() {
        write("list.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: apps/v1
                  kind: Deployment
                  metadata: {name: web, namespace: a}
                  spec:
                    template:
                      spec:
                        containers:
                        - name: a
                          image: nginx
                        - name: b
                          securityContext:
                            privileged: sometimes
                """);
        assertError(fails("list.yaml"), "list.yaml", 15, 13, "field spec.template.spec.containers[1].securityContext"
                + ".privileged of Deployment \"a/web\" must be a boolean, not a string.");
    }

    @Test
    void aWrongTypeInJsonPointsAtTheField() {
        write("pod.json", """
                {
                  "apiVersion": "v1",
                  "kind": "Pod",
                  "metadata": {"name": "web"},
                  "spec": {
                    "securityContext": {"runAsUser": "root"}
                  }
                }
                """);
        assertError(fails("pod.json"), "pod.json", 6, 25,
                "field spec.securityContext.runAsUser of Pod \"web\" must be an integer, not a string.");
    }

    @Test
    void aMappingWhereAStringBelongs() {
        write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {first: a}\n");
        assertError(fails("pod.yaml"), "pod.yaml", 4, 3,
                "field metadata.name of Pod must be a string, not a mapping.");
    }

    @Test
    void wrongTypesInSkippedKindsAreNeverLookedAt() {
        write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: [super-secret-value]\n");
        assertEquals(1, read("secret.yaml").skipped().get("Secret"));
    }

    @Test
    void aListItemThatIsNotAMapping() {
        write("list.json", "{\"kind\": \"List\", \"apiVersion\": \"v1\",\n \"items\": [\n  \"super-secret-value\"]}");
        assertError(fails("list.json"), "list.json", 3, 3, "items[0] is a string, not a mapping (a Kubernetes object).");
    }

    @Test
    void itemsOfAListThatAreNotAList() {
        write("list.yaml", "apiVersion: v1\nkind: PodList\nitems: 5\n");
        assertError(fails("list.yaml"), "list.yaml", 3, 1, "items must be a list, not an integer.");
    }

    @Test
    void aKeyTwiceInAMapping() {
        write("dup.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n");
        assertError(fails("dup.yaml"), "dup.yaml", 5, 3, "the key \"name\" appears twice in the same mapping.");
    }

    @Test
    void theSameObjectTwiceDifferentlyNamesBothPlaces() {
        write("a.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: default}\n");
        write("b.yaml", "# again\napiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {a: b}}\n");
        assertError(fails("a.yaml", "b.yaml"), "b.yaml", 2, 0, "Pod \"default/web\" is defined twice, differently: "
                + "also at a.yaml:1; keep the copy the cluster holds and remove the other.");
    }

    @Test
    void differentDuplicatesInsideAJsonListAreFound() {
        write("list.json", """
                {"apiVersion": "v1", "items": [
                  {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "a", "namespace": "x"}},
                  {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "a", "namespace": "x"},
                   "automountServiceAccountToken": false}
                ], "kind": "List"}
                """);
        assertError(fails("list.json"), "list.json", 3, 0, "ServiceAccount \"x/a\" is defined twice, differently: "
                + "also at list.json:2; keep the copy the cluster holds and remove the other.");
    }

    @Test
    void sameNameInOtherNamespacesOrKindsIsNoDuplicate() {
        write("ok.yaml", """
                {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: a}}
                ---
                {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: b}}
                ---
                {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: a}}
                """);
        assertEquals(3, read("ok.yaml").objects().size());
    }

    @Test
    void anUndefinedAliasIsAnError() {
        write("alias.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: *nothing\n");
        assertError(fails("alias.yaml"), "alias.yaml", 4, 7,
                "the YAML alias *nothing refers to no anchor defined before it.");
    }

    @Test
    void aRecursiveAliasIsAnError() {
        write("alias.yaml", "apiVersion: v1\nkind: Pod\nmetadata: &m {name: a, self: *m}\n");
        assertError(fails("alias.yaml"), "alias.yaml", 3, 30,
                "the YAML alias *m refers to no anchor defined before it.");
    }

    @Test
    void aBadMergeKey() {
        write("merge.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  <<: 5\n  name: a\n");
        assertError(fails("merge.yaml"), "merge.yaml", 4, 3,
                "the YAML merge key << needs a mapping or a list of mappings.");
    }

    @Test
    void anErrorInAListItemWinsOverLaterItems() {
        write("list.yaml", """
                apiVersion: v1
                items:
                - {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {hostPID: 7}}
                - {apiVersion: v1, kind: Pod, metadata: {}}
                kind: List
                """);
        assertError(fails("list.yaml"), "list.yaml", 3, 59,
                "field spec.hostPID of Pod \"a\" must be a boolean, not an integer.");
    }
}
