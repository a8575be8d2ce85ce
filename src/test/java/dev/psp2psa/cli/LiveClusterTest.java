package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psp2psa.format.Yaml;
import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Sourced;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live cluster input against fabric8's mock API server over real HTTP on 127.0.0.1. */
class LiveClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The mock server logs every request through java.util.logging; held here so the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    @TempDir
    Path dir;

    /** The objects of samples/multi-tenant, created in the cluster. */
    private static void populate(MockCluster cluster) {
        Inventory sample = new InventoryReader().read(List.of("samples/multi-tenant"), InputStream.nullInputStream());
        try (KubernetesClient client = cluster.client()) {
            for (Sourced<HasMetadata> s : sample.objects()) {
                client.resource(s.object()).create();
            }
        }
    }

    /**
     * The JSON output with every object's source replaced by one marker and every array sorted: objects from a
     * cluster are ordered by their source ({@code cluster:<context>/<Kind>/<namespace>/<name>}), objects from files
     * by file and line, so the same objects may be listed in another order.
     */
    private static String withoutSources(String out) throws Exception {
        String text = out.replaceAll("samples/multi-tenant/[a-z-]+\\.yaml:\\d+", "SOURCE")
                .replaceAll("cluster:mock/[^\"\\s]+?(?=: |\")", "SOURCE");
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sorted(JSON.readTree(text)));
    }

    private static JsonNode sorted(JsonNode node) throws Exception {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), sorted(field.getValue()));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            List<String> elements = new ArrayList<>();
            for (JsonNode element : array) {
                elements.add(JSON.writeValueAsString(sorted(element)));
            }
            elements.sort(null);
            ArrayNode copy = JSON.createArrayNode();
            for (String element : elements) {
                copy.add(JSON.readTree(element));
            }
            return copy;
        }
        return node;
    }

    @Test
    void aPopulatedClusterGivesTheSameAnalysisAsItsFiles() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            populate(cluster);
            CliRun files = CliRun.run("analyze", "-f", "samples/multi-tenant", "--format", "json");
            CliRun live = CliRun.run("analyze", "--kubeconfig", cluster.kubeconfig(dir).toString(),
                    "--format", "json");
            assertEquals(0, live.exitCode(), live.err());
            assertEquals("", live.problems());
            assertTrue(live.out().contains("\"source\" : \"cluster:mock/PodSecurityPolicy/")
                    || live.out().contains("\"source\": \"cluster:mock/PodSecurityPolicy/"), live.out());
            assertEquals(withoutSources(files.out()), withoutSources(live.out()));
            assertTrue(cluster.requests.stream().filter(r -> !r.equals("/version")).allMatch(r -> r.contains(
                    "limit=500")), cluster.requests.toString());
            assertFalse(cluster.requests.stream().anyMatch(r -> r.contains("secrets")));
        }
    }

    /**
     * The bypass review of a cluster read through the API: the RBAC the server lists (aggregated ClusterRole, a
     * RoleBinding to a wildcard ClusterRole, a service account's ClusterRoleBinding) gives the same paths as the
     * files, and --fail-on bypass fails while alice, outside the label admins, may relabel Namespace tenant-a.
     */
    @Test
    void theBypassReviewOfALiveClusterIsTheReviewOfItsFiles() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            populate(cluster);
            String[] options = {"--format", "json", "--exempt-namespace", "kube-system", "--label-admins",
                "group:platform-operators", "--fail-on", "bypass"};
            List<String> liveArgs = new ArrayList<>(List.of("analyze", "--kubeconfig",
                    cluster.kubeconfig(dir).toString()));
            liveArgs.addAll(List.of(options));
            CliRun live = CliRun.run(liveArgs.toArray(String[]::new));
            assertEquals(1, live.exitCode(), live.err());
            List<String> fileArgs = new ArrayList<>(List.of("analyze", "-f", "samples/multi-tenant"));
            fileArgs.addAll(List.of(options));
            JsonNode fromFiles = JSON.readTree(CliRun.run(fileArgs.toArray(String[]::new)).out()).get("bypass");
            JsonNode bypass = JSON.readTree(live.out()).get("bypass");
            assertEquals(fromFiles, bypass);
            JsonNode alice = bypass.get("subjects").get(0);
            assertEquals("alice@example.com", alice.get("name").asText());
            assertEquals("RoleBinding tenant-a/tenant-owner", alice.get("paths").get(0).get("binding").asText());
            assertEquals("[\"tenant-a\"]", alice.get("paths").get(0).get("namespaces").toString());
            JsonNode operators = bypass.get("subjects").get(1);
            assertTrue(operators.get("labelAdmin").asBoolean());
            assertEquals("ClusterRole namespace-admin via ClusterRole namespace-labeller rule 0",
                    operators.get("paths").get(0).get("role").asText());
            assertEquals("[{\"kind\":\"user\",\"name\":\"alice@example.com\"},"
                    + "{\"kind\":\"group\",\"name\":\"system:masters\"}]",
                    bypass.get("unexpectedRelabellers").toString());
            JsonNode operator = bypass.get("subjects").get(3);
            assertEquals("monitoring/prometheus-operator", operator.get("name").asText());
            assertEquals("exempt-namespace", operator.get("paths").get(0).get("kind").asText());
        }
    }

    /**
     * Without --cluster-version the plan is for the live cluster's own version ({@code GET /version}; a managed
     * cluster's minor may read {@code 29+}), said on stderr and in the report; a server that does not say plans for
     * v1.24.
     */
    @Test
    void theLiveClustersVersionIsTheDefaultClusterVersion() throws Exception {
        try (MockCluster cluster = new MockCluster().version("1", "29+", "v1.29.3-eks-adc7111")) {
            populate(cluster);
            CliRun live = CliRun.run("analyze", "--kubeconfig", cluster.kubeconfig(dir).toString(), "--format",
                    "json");
            assertEquals(0, live.exitCode(), live.err());
            assertTrue(live.err().contains("note: planned for Kubernetes v1.29 (the live cluster's version)"),
                    live.err());
            JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(live.out());
            assertEquals("v1.29", root.get("clusterVersion").asText());
            assertEquals("v1.29", root.get("targetVersion").asText());
            CliRun files = CliRun.run("analyze", "-f", "samples/multi-tenant", "--format", "json",
                    "--cluster-version", "v1.29");
            assertEquals(withoutSources(files.out()).replace("\"clusterVersionSource\" : \"--cluster-version\"",
                    "\"clusterVersionSource\" : \"the live cluster's version\""), withoutSources(live.out()));
            CliRun given = CliRun.run("analyze", "--kubeconfig", cluster.kubeconfig(dir).toString(), "--format",
                    "json", "--cluster-version", "v1.24");
            assertEquals("v1.24", new com.fasterxml.jackson.databind.ObjectMapper().readTree(given.out())
                    .get("clusterVersion").asText(), "the option wins");
        }
    }

    @Test
    void listsArePagedAndSavedInventoriesRepeatTheRunOffline() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            populate(cluster);
            try (KubernetesClient client = cluster.client()) {
                client.resource(new NamespaceBuilder().withNewMetadata().withName("big").endMetadata().build())
                        .create();
                for (int i = 0; i < 1200; i++) {
                    client.resource(pod("big", String.format("p%04d", i), null)).create();
                }
                client.resource(pod("big", "with-env", "hunter2")).create();
            }
            Path saved = dir.resolve("inventory.yaml");
            CliRun live = CliRun.run("analyze", "--kubeconfig", cluster.kubeconfig(dir).toString(),
                    "--format", "json", "--save-inventory", saved.toString());
            assertEquals(0, live.exitCode(), live.err());
            assertTrue(cluster.requests.stream().anyMatch(r -> r.startsWith("/api/v1/pods")
                    && r.contains("continue=1000")), cluster.requests.toString());

            Inventory read = new InventoryReader().read(List.of(saved.toString()), InputStream.nullInputStream());
            long bigPods = read.ofType(Pod.class).stream().filter(p -> "big".equals(p.namespace())).count();
            assertEquals(1201, bigPods);

            String text = Files.readString(saved);
            assertFalse(text.contains("hunter2"), "env values never leave the cluster");
            assertFalse(text.contains("env:"), "nor anything psp2psa does not read");
            assertFalse(text.contains("managedFields"));
            JsonNode list = Yaml.mapper().readTree(text);
            assertEquals("List", list.get("kind").asText());
            assertEquals("v1", list.get("apiVersion").asText());

            CliRun offline = CliRun.run("analyze", "-f", saved.toString(), "--format", "json");
            assertEquals(0, offline.exitCode(), offline.err());
            assertEquals(live.out().replaceAll("cluster:mock/[^\"\\s]+?(?=: |\")", "SOURCE"),
                    offline.out().replaceAll(java.util.regex.Pattern.quote(saved.toString()) + ":\\d+", "SOURCE"));
        }
    }

    private static Pod pod(String namespace, String name, String secretValue) {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec()
                .build();
        if (secretValue != null) {
            pod.getSpec().getContainers().get(0).setEnv(List.of(
                    new EnvVarBuilder().withName("PASSWORD").withValue(secretValue).build(),
                    new EnvVarBuilder().withName("FROM").withNewValueFrom().withNewSecretKeyRef("key", "s", false)
                            .endValueFrom().build()));
        }
        return pod;
    }

    @Test
    void aForbiddenOptionalKindDegradesWithAWarning() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            populate(cluster);
            cluster.fail("/api/v1/pods", 403);
            CliRun live = CliRun.run("analyze", "--kubeconfig", cluster.kubeconfig(dir).toString());
            assertEquals(0, live.exitCode(), live.err());
            assertTrue(live.err().startsWith("warning: the cluster refused to list pods (403 Forbidden; psp2psa needs "
                    + "get and list on pods in all namespaces): the analysis ran without Pod objects"), live.err());
            assertEquals(1, live.problems().lines().count(), live.err());
            assertTrue(live.out().contains("The input was incomplete: 1 warning(s)"), live.out());

            // Every report says so too.
            CliRun json = CliRun.run("analyze", "--kubeconfig", cluster.kubeconfig(dir).toString(), "--format",
                    "json");
            JsonNode warnings = Yaml.mapper().readTree(json.out()).get("warnings");
            assertEquals(1, warnings.size(), json.out());
            assertTrue(warnings.get(0).asText().startsWith("the cluster refused to list pods (403 Forbidden"));
            CliRun markdown = CliRun.run("analyze", "--kubeconfig", cluster.kubeconfig(dir).toString(), "--format",
                    "markdown");
            assertTrue(markdown.out().contains("**The input was incomplete.**"), markdown.out());
            assertTrue(markdown.out().contains("- the cluster refused to list pods (403 Forbidden"), markdown.out());
            CliRun html = CliRun.run("analyze", "--kubeconfig", cluster.kubeconfig(dir).toString(), "--format",
                    "html");
            assertTrue(html.out().contains("<li>the cluster refused to list pods (403 Forbidden"), html.out());
        }
    }

    @Test
    void aForbiddenRequiredKindIsBadInputNamingTheRbacNeeded() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            cluster.fail("/apis/rbac.authorization.k8s.io/v1/rolebindings", 403);
            Path out = dir.resolve("inv.yaml");
            CliRun live = CliRun.run("analyze", "--kubeconfig", cluster.kubeconfig(dir).toString(),
                    "--save-inventory", out.toString());
            assertEquals(3, live.exitCode(), live.err());
            assertEquals(1, live.err().lines().count(), live.err());
            assertTrue(live.err().startsWith("error: cluster:mock: the API server at " + cluster.url()), live.err());
            assertTrue(live.err().contains("refused to list rolebindings.rbac.authorization.k8s.io (403 Forbidden): "
                    + "psp2psa needs get and list on rolebindings.rbac.authorization.k8s.io"), live.err());
            assertEquals("", live.out());
            assertFalse(Files.exists(out), "nothing half-written");
        }
    }

    @Test
    void anAbsentPspApiIsBadInputUnlessTheFilesGivePsps() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            populate(cluster);
            cluster.fail("/apis/policy/v1beta1/podsecuritypolicies", 404);
            String kubeconfig = cluster.kubeconfig(dir).toString();
            CliRun live = CliRun.run("analyze", "--kubeconfig", kubeconfig);
            assertEquals(3, live.exitCode(), live.err());
            assertEquals(1, live.err().lines().count(), live.err());
            assertTrue(live.err().contains("does not serve PodSecurityPolicies (policy/v1beta1; removed in Kubernetes "
                    + "1.25): export the PSPs from a backup or from git and pass them with -f"), live.err());

            cluster.requests.clear();
            CliRun combined = CliRun.run("analyze", "--kubeconfig", kubeconfig, "-f", "samples/multi-tenant/psps.yaml",
                    "--format", "json");
            assertEquals(0, combined.exitCode(), combined.err());
            assertFalse(cluster.requests.stream().anyMatch(r -> r.contains("podsecuritypolicies")));
            CliRun files = CliRun.run("analyze", "-f", "samples/multi-tenant", "--format", "json");
            assertEquals(withoutSources(files.out()), withoutSources(combined.out()));
        }
    }

    @Test
    void rejectedCredentialsAreBadInput() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            cluster.fail("/apis/policy/v1beta1/podsecuritypolicies", 401);
            CliRun live = CliRun.run("convert", "--kubeconfig", cluster.kubeconfig(dir).toString(),
                    "-o", dir.resolve("out").toString());
            assertEquals(3, live.exitCode(), live.err());
            assertEquals("error: cluster:mock: the API server at " + cluster.url() + "/ did not accept the "
                    + "credentials of this context (401 Unauthorized): log in again or check the kubeconfig's user.\n",
                    live.err());
            assertFalse(Files.exists(dir.resolve("out")), "nothing half-written");
        }
    }

    @Test
    void anUnreachableServerIsBadInputNamingItsUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Path kubeconfig = MockCluster.writeKubeconfig(dir, url);
        CliRun live = CliRun.run("check", "--kubeconfig", kubeconfig.toString(), "--context", "mock");
        assertEquals(3, live.exitCode(), live.err());
        assertEquals(1, live.err().lines().count(), live.err());
        assertTrue(live.err().startsWith("error: cluster:mock: cannot reach the API server at " + url), live.err());
        assertEquals("", live.out());
    }

    @Test
    void kubeconfigAndContextErrorsAreBadInput() throws Exception {
        Path kubeconfig = MockCluster.writeKubeconfig(dir, "http://127.0.0.1:1");
        CliRun context = CliRun.run("analyze", "--kubeconfig", kubeconfig.toString(), "--context", "nope");
        assertEquals(3, context.exitCode(), context.err());
        assertEquals("error: " + kubeconfig + ": has no context \"nope\".\n", context.err());

        CliRun missing = CliRun.run("analyze", "--kubeconfig", dir.resolve("absent").toString());
        assertEquals(3, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("no such kubeconfig file."), missing.err());
    }

    @Test
    void contextAloneFindsTheKubeconfigThroughKubeconfigVariable() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            populate(cluster);
            CliRun live = CliRun.runWithEnvironment(Map.of("KUBECONFIG", cluster.kubeconfig(dir).toString()),
                    "analyze", "--context", "mock", "--format", "json");
            assertEquals(0, live.exitCode(), live.err());
            CliRun files = CliRun.run("analyze", "-f", "samples/multi-tenant", "--format", "json");
            assertEquals(withoutSources(files.out()), withoutSources(live.out()));
        }
    }
}
