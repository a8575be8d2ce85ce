package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.inventory.Inventory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryReaderFormatsTest extends ReaderTestSupport {

    static final String SECRET_VALUE = "c3VwZXItc2VjcmV0LXZhbHVl";

    private static Path resources() throws Exception {
        return Path.of(InventoryReaderFormatsTest.class.getResource("/input/kubectl-list.yaml").toURI()).getParent();
    }

    @Test
    void multiDocumentYamlGivesEachObjectTheLineOfItsDocumentInTheWholeFile() {
        write("multi.yaml", """
                # PSPs and their RBAC
                apiVersion: policy/v1beta1
                kind: PodSecurityPolicy
                metadata:
                  name: restricted
                ---
                ---
                # an empty document above, a comment here
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: psp:restricted
                rules:
                - apiGroups: [policy]
                  resources: [podsecuritypolicies]
                  verbs: [use]
                  resourceNames: [restricted]
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: team-a
                ...
                """);
        Inventory inventory = read("multi.yaml");
        assertEquals(List.of(
                "PodSecurityPolicy restricted @ multi.yaml:2 (PodSecurityPolicy)",
                "ClusterRole psp:restricted @ multi.yaml:9 (ClusterRole)",
                "Namespace team-a @ multi.yaml:19 (Namespace)"), objects(inventory));
        ClusterRole role = inventory.ofType(ClusterRole.class).get(0).object();
        assertEquals(List.of("restricted"), role.getRules().get(0).getResourceNames());
        assertEquals(Map.of(), inventory.skipped());
    }

    @Test
    void kubectlYamlListGivesEachItemItsOwnLineAndSkipsTheSecret() throws Exception {
        Inventory inventory = new InventoryReader(options().withWorkingDirectory(resources()))
                .read(List.of("kubectl-list.yaml"), null);
        assertEquals(List.of(
                "PodSecurityPolicy restricted @ kubectl-list.yaml:3 (PodSecurityPolicy)",
                "Deployment team-a/web @ kubectl-list.yaml:26 (Deployment)"), objects(inventory));
        assertEquals(Map.of("Secret", 1), inventory.skipped());
        assertFalse(inventory.toString().contains(SECRET_VALUE));
        assertFalse(inventory.toString().contains("db-password"));
    }

    @Test
    void kubectlJsonListGivesEachItemItsOwnLineAndColumnOfItsBrace() throws Exception {
        Inventory inventory = new InventoryReader(options().withWorkingDirectory(resources()))
                .read(List.of("kubectl-list.json"), null);
        assertEquals(List.of(
                "ServiceAccount ci/builder @ kubectl-list.json:4 (ServiceAccount)",
                "RoleBinding ci/builder-psp @ kubectl-list.json:12 (RoleBinding)"), objects(inventory));
        RoleBinding binding = inventory.ofType(RoleBinding.class).get(0).object();
        assertEquals("psp:privileged", binding.getRoleRef().getName());
        assertEquals(Map.of("Secret", 1), inventory.skipped());
        assertFalse(inventory.toString().contains(SECRET_VALUE));
    }

    @Test
    void typedListKindsAndNestedListsAreUnpacked() {
        write("lists.yaml", """
                apiVersion: v1
                kind: PodList
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: a, namespace: x}
                - apiVersion: v1
                  kind: List
                  items:
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: b, namespace: x}
                """);
        assertEquals(List.of(
                "Pod x/a @ lists.yaml:4 (Pod)",
                "Pod x/b @ lists.yaml:10 (Pod)"), objects(read("lists.yaml")));
    }

    @Test
    void anEmptyListIsNotAnEmptyFile() {
        write("none.yaml", "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n");
        Inventory inventory = read("none.yaml");
        assertEquals(List.of(), inventory.objects());
        assertEquals(Map.of(), inventory.skipped());
    }

    @Test
    void itemsOfAnObjectThatIsNotAListAreNotObjects() {
        write("custom.json", """
                {"apiVersion": "example.com/v1", "items": [{"kind": "Pod", "apiVersion": "v1"}, 5],
                 "kind": "Inventory", "metadata": {"name": "x"}}
                """);
        Inventory inventory = read("custom.json");
        assertEquals(List.of(), inventory.objects());
        assertEquals(Map.of("Inventory", 1), inventory.skipped());
    }

    @Test
    void crlfLineEndsAndAByteOrderMarkAreRead() throws IOException {
        String text = "\uFEFFapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n---\r\n"
                + "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: b\r\nspec:\r\n  hostNetwork: true\r\n";
        writeBytes("crlf.yaml", text.getBytes(StandardCharsets.UTF_8));
        Inventory inventory = read("crlf.yaml");
        assertEquals(List.of("Pod a @ crlf.yaml:1 (Pod)", "Pod b @ crlf.yaml:6 (Pod)"), objects(inventory));
        assertEquals("a", inventory.ofType(Pod.class).get(0).object().getMetadata().getName());
        assertTrue(inventory.ofType(Pod.class).get(1).object().getSpec().getHostNetwork());
    }

    @Test
    void crlfAndAByteOrderMarkInJsonKeepColumnsOfTheFirstLine() {
        String text = "\uFEFF{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"a\"},\r\n"
                + " \"spec\": {\"hostNetwork\": \"yes-please\"}}\r\n";
        writeBytes("crlf.json", text.getBytes(StandardCharsets.UTF_8));
        assertError(fails("crlf.json"), "crlf.json", 2, 11,
                "field spec.hostNetwork of Pod \"a\" must be a boolean, not a string.");
    }

    @Test
    void stdinIsReadOnceAsDash() {
        Inventory inventory = readStdin("""
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: default
                  namespace: team-a
                """, "-", "-");
        assertEquals(List.of("ServiceAccount team-a/default @ -:1 (ServiceAccount)"), objects(inventory));
    }

    @Test
    void stdinWithConcatenatedJsonObjectsIsSniffedAsJson() {
        Inventory inventory = readStdin("""
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "b"}}
                """, "-");
        assertEquals(List.of("Pod a @ -:1 (Pod)", "Pod b @ -:2 (Pod)"), objects(inventory));
    }

    @Test
    void bothPodSecurityPolicyApiGroupsAreReadIntoThePolicyClass() {
        write("psps.yaml", """
                apiVersion: policy/v1beta1
                kind: PodSecurityPolicy
                metadata: {name: new}
                spec: {privileged: false}
                ---
                apiVersion: extensions/v1beta1
                kind: PodSecurityPolicy
                metadata: {name: old}
                spec: {privileged: true, hostPID: true}
                """);
        Inventory inventory = read("psps.yaml");
        List<PodSecurityPolicy> psps = inventory.ofType(PodSecurityPolicy.class).stream()
                .map(s -> s.object()).toList();
        assertEquals(2, psps.size());
        assertEquals(List.of("policy/v1beta1", "policy/v1beta1"), psps.stream().map(p -> p.getApiVersion()).toList());
        assertTrue(psps.get(1).getSpec().getPrivileged());
        assertTrue(psps.get(1).getSpec().getHostPID());
    }

    @Test
    void everyReadKindIsReadIntoItsClassFromEveryAcceptedApiVersion() {
        write("kinds.yaml", """
                {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: a},
                 aggregationRule: {clusterRoleSelectors: [{matchLabels: {x: y}}]}}
                ---
                {apiVersion: rbac.authorization.k8s.io/v1beta1, kind: Role, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: rbac.authorization.k8s.io/v1beta1, kind: ClusterRoleBinding, metadata: {name: a}}
                ---
                {apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: v1, kind: ServiceAccount, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: v1, kind: Namespace, metadata: {name: n}}
                ---
                {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: v1, kind: PodTemplate, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: v1, kind: ReplicationController, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: extensions/v1beta1, kind: Deployment, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: apps/v1beta2, kind: ReplicaSet, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: apps/v1beta1, kind: StatefulSet, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: extensions/v1beta1, kind: DaemonSet, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: batch/v1, kind: Job, metadata: {name: a, namespace: n}}
                ---
                {apiVersion: batch/v1beta1, kind: CronJob, metadata: {name: a, namespace: n}}
                """);
        Inventory inventory = read("kinds.yaml");
        assertEquals(List.of(
                "ClusterRole a @ kinds.yaml:1 (ClusterRole)",
                "Role n/a @ kinds.yaml:4 (Role)",
                "ClusterRoleBinding a @ kinds.yaml:6 (ClusterRoleBinding)",
                "RoleBinding n/a @ kinds.yaml:8 (RoleBinding)",
                "ServiceAccount n/a @ kinds.yaml:10 (ServiceAccount)",
                "Namespace n @ kinds.yaml:12 (Namespace)",
                "Pod n/a @ kinds.yaml:14 (Pod)",
                "PodTemplate n/a @ kinds.yaml:16 (PodTemplate)",
                "ReplicationController n/a @ kinds.yaml:18 (ReplicationController)",
                "Deployment n/a @ kinds.yaml:20 (Deployment)",
                "ReplicaSet n/a @ kinds.yaml:22 (ReplicaSet)",
                "StatefulSet n/a @ kinds.yaml:24 (StatefulSet)",
                "DaemonSet n/a @ kinds.yaml:26 (DaemonSet)",
                "Job n/a @ kinds.yaml:28 (Job)",
                "CronJob n/a @ kinds.yaml:30 (CronJob)"), objects(inventory));
        assertEquals(List.of("rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1",
                        "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1", "v1", "v1", "v1", "v1", "v1",
                        "apps/v1", "apps/v1", "apps/v1", "apps/v1", "batch/v1", "batch/v1"),
                inventory.objects().stream().map(s -> s.object().getApiVersion()).toList());
        assertInstanceOf(Deployment.class, inventory.objects().get(9).object());
        assertInstanceOf(DaemonSet.class, inventory.objects().get(12).object());
        assertInstanceOf(CronJob.class, inventory.objects().get(14).object());
        assertEquals("y", inventory.ofType(ClusterRole.class).get(0).object().getAggregationRule()
                .getClusterRoleSelectors().get(0).getMatchLabels().get("x"));
    }

    @Test
    void otherKindsAndUnacceptedApiVersionsAreSkippedAndCountedByKind() {
        write("mixed.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: s1}
                data: {password: c3VwZXItc2VjcmV0LXZhbHVl}
                ---
                apiVersion: v1
                kind: Secret
                metadata: [not, even, a, mapping]
                data: 5
                stringData: {token: super-secret-value}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c}
                ---
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                ---
                apiVersion: example.com/v1
                kind: Deployment
                metadata: {name: not-apps}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                """);
        Inventory inventory = read("mixed.yaml");
        assertEquals(List.of("Pod p @ mixed.yaml:24 (Pod)"), objects(inventory));
        assertEquals(Map.of("ConfigMap", 1, "CustomResourceDefinition", 1, "Deployment (example.com/v1)", 1,
                "Secret", 2), inventory.skipped());
        assertEquals(5, inventory.skippedTotal());
        assertFalse(inventory.toString().contains("super-secret-value"));
        assertFalse(inventory.toString().contains(SECRET_VALUE));
    }

    @Test
    void unknownFieldsInReadKindsAreIgnored() {
        write("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, futureField: {x: 1}}
                spec:
                  someNewField: [1, 2]
                  hostPID: true
                """);
        assertTrue(read("pod.yaml").ofType(Pod.class).get(0).object().getSpec().getHostPID());
    }

    @Test
    void yamlAnchorsAliasesAndMergeKeysAreResolved() {
        write("anchors.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - &base
                    name: a
                    image: nginx
                    securityContext: &sc {privileged: true, runAsUser: 1000}
                  - <<: *base
                    name: b
                    securityContext:
                      <<: *sc
                      privileged: false
                """);
        Pod pod = read("anchors.yaml").ofType(Pod.class).get(0).object();
        var containers = pod.getSpec().getContainers();
        assertEquals(List.of("a", "b"), containers.stream().map(c -> c.getName()).toList());
        assertEquals("nginx", containers.get(1).getImage());
        assertTrue(containers.get(0).getSecurityContext().getPrivileged());
        assertFalse(containers.get(1).getSecurityContext().getPrivileged());
        assertEquals(1000L, containers.get(1).getSecurityContext().getRunAsUser());
    }

    @Test
    void yamlBooleansAndCommentsAreRead() {
        write("pod.yaml", """
                apiVersion: v1 # core
                kind: Pod
                metadata:
                  name: p  # the name
                spec:
                  hostNetwork: yes
                  hostIPC: "true"
                """);
        Pod pod = read("pod.yaml").ofType(Pod.class).get(0).object();
        assertTrue(pod.getSpec().getHostNetwork());
        assertTrue(pod.getSpec().getHostIPC());
    }

    @Test
    void aYamlDocumentLargerThanSnakeYamlsDefaultLimitIsRead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("apiVersion: v1\nkind: List\nitems:\n".getBytes(StandardCharsets.UTF_8));
        int pods = 10_000;
        for (int i = 0; i < pods; i++) {
            out.writeBytes(("- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: pod-" + i
                    + "\n    namespace: ns\n    annotations: {note: " + "x".repeat(350) + "}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        writeBytes("big.yaml", out.toByteArray());
        assertTrue(Files.size(dir.resolve("big.yaml")) > 3 * 1024 * 1024);
        Inventory inventory = read("big.yaml");
        assertEquals(pods, inventory.objects().size());
        assertEquals("big.yaml:" + (4 + 6 * (pods - 1)), inventory.objects().get(pods - 1).source().toString());
    }
}
