package dev.psp2psa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * fabric8's mock API server in CRUD mode on 127.0.0.1, plus what the CRUD mode lacks: paging of lists
 * ({@code limit}/{@code continue}, the token being the offset) and answering chosen resource paths with an error
 * status (403, 404). Records the paths of list requests.
 */
final class MockCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesMockServer server;
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return MockCluster.this.dispatch(crud, request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String version;

    /** Answers {@code GET /version} as a server of this Kubernetes version would ({@code major}, {@code minor}). */
    MockCluster version(String major, String minor, String gitVersion) {
        version = "{\"major\":\"" + major + "\",\"minor\":\"" + minor + "\",\"gitVersion\":\"" + gitVersion
                + "\"}";
        return this;
    }

    /** Answers requests whose path (without query) is this one with an error status. */
    MockCluster fail(String path, int code) {
        failures.put(path, code);
        return this;
    }

    NamespacedKubernetesClient client() {
        return server.createClient();
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A kubeconfig with one context, {@code mock}, pointing at this server. */
    Path kubeconfig(Path dir) throws IOException {
        return writeKubeconfig(dir, url());
    }

    static Path writeKubeconfig(Path dir, String url) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: mock",
                "  cluster:",
                "    server: " + url,
                "users:",
                "- name: tester",
                "  user:",
                "    token: not-a-secret",
                "contexts:",
                "- name: mock",
                "  context:",
                "    cluster: mock",
                "    user: tester",
                "current-context: mock",
                ""));
        return file;
    }

    private MockResponse dispatch(Dispatcher crud, RecordedRequest request) {
        String full = request.getPath();
        int q = full.indexOf('?');
        String path = q < 0 ? full : full.substring(0, q);
        Map<String, String> query = new HashMap<>();
        if (q >= 0) {
            for (String pair : full.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        if ("GET".equals(request.getMethod())) {
            requests.add(full);
        }
        if (path.equals("/version") && version != null) {
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody(version);
        }
        Integer code = failures.get(path);
        if (code != null) {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code
                            + ",\"reason\":\"" + (code == 403 ? "Forbidden" : "NotFound") + "\"}");
        }
        MockResponse response = crud.dispatch(request);
        if (!"GET".equals(request.getMethod()) || !query.containsKey("limit") || response.code() != 200) {
            return response;
        }
        try {
            JsonNode body = JSON.readTree(response.getBody().getBytes());
            if (!(body instanceof ObjectNode list) || !(list.get("items") instanceof ArrayNode items)) {
                return response;
            }
            int limit = Integer.parseInt(query.get("limit"));
            int from = query.containsKey("continue") ? Integer.parseInt(query.get("continue")) : 0;
            ArrayNode page = JSON.createArrayNode();
            for (int i = from; i < Math.min(items.size(), from + limit); i++) {
                page.add(items.get(i));
            }
            list.set("items", page);
            ObjectNode meta = list.with("metadata");
            if (from + limit < items.size()) {
                meta.put("continue", Integer.toString(from + limit));
            } else {
                meta.remove("continue");
            }
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody(JSON.writeValueAsString(list));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.destroy();
    }
}
