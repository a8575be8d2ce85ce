package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.approvaltests.Approvals;
import org.junit.jupiter.api.Test;

class CheckCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void restrictedTableOnTheSampleCluster() {
        CliRun r = CliRun.run("check", "-f", "samples/cluster", "--level", "restricted");
        assertEquals(1, r.exitCode(), "some workloads are denied at restricted");
        assertEquals("", r.err());
        Approvals.verify(r.out());
    }

    @Test
    void tightestLevelsOfTheSampleWorkloads() throws IOException {
        CliRun r = CliRun.run("check", "-f", "samples/cluster", "--format", "json");
        assertEquals(0, r.exitCode(), "without --level nothing fails");
        JsonNode root = JSON.readTree(r.out());
        assertTrue(root.get("level").isNull());
        assertEquals("v1.37", root.get("version").asText());
        Map<String, String> tightest = new TreeMap<>();
        for (JsonNode n : root.get("results")) {
            tightest.put(n.get("kind").asText() + "/" + n.get("name").asText(), n.get("tightestLevel").asText());
            assertTrue(n.get("allowed").asBoolean());
        }
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("DaemonSet/kube-proxy", "privileged"),
                Map.entry("Deployment/coredns", "baseline"),
                Map.entry("DaemonSet/node-exporter", "privileged"),
                Map.entry("StatefulSet/prometheus", "restricted"),
                Map.entry("Deployment/storefront", "baseline"),
                Map.entry("Deployment/checkout", "restricted"),
                Map.entry("ReplicaSet/legacy-gateway", "baseline"),
                Map.entry("Pod/debug-shell", "baseline"),
                Map.entry("Deployment/ledger", "restricted"),
                Map.entry("CronJob/nightly-report", "restricted"),
                Map.entry("Job/db-migrate", "baseline")));
        assertEquals(expected, tightest);
        assertEquals(1, root.get("skipped").get("Secret").asInt());
        assertFalse(r.out().contains("do-not-print-me"), "nothing from a Secret is printed");
    }

    @Test
    void jsonResultsAreSortedBySourceThenName() throws IOException {
        CliRun r = CliRun.run("check", "-f", "samples/cluster", "--level", "baseline", "--format", "json");
        assertEquals(1, r.exitCode());
        JsonNode root = JSON.readTree(r.out());
        assertEquals("baseline", root.get("level").asText());
        List<String> sources = new ArrayList<>();
        root.get("results").forEach(n -> sources.add(n.get("source").asText()));
        List<String> sorted = new ArrayList<>(sources);
        sorted.sort((a, b) -> {
            String[] x = a.split(":");
            String[] y = b.split(":");
            int byFile = x[0].compareTo(y[0]);
            return byFile != 0 ? byFile : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        });
        assertEquals(sorted, sources);
        assertTrue(sources.contains("samples/cluster/workloads/shop.yaml:1"), sources.toString());
        JsonNode kubeProxy = find(root, "kube-proxy");
        assertFalse(kubeProxy.get("allowed").asBoolean());
        List<String> checks = new ArrayList<>();
        kubeProxy.get("violations").forEach(v -> checks.add(v.get("check").asText()));
        assertEquals(List.of("hostNamespaces", "hostPathVolumes", "privileged"), checks);
        JsonNode privileged = kubeProxy.get("violations").get(2);
        assertEquals("privileged", privileged.get("reason").asText());
        assertEquals("container \"kube-proxy\" must not set securityContext.privileged=true",
                privileged.get("detail").asText());
    }

    @Test
    void failOnNeverExitsZeroEvenWhenDenied() {
        CliRun r = CliRun.run("check", "-f", "samples/cluster", "--level", "restricted", "--fail-on", "never");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains(" denied"));
    }

    @Test
    void everySampleFailingPodFailsExactlyItsCheckAtItsLevel() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("samples", "failing-pods"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(19, files.size(), "one failing pod per check");
        for (Path f : files) {
            String check = f.getFileName().toString().replace(".yaml", "");
            String level = Files.readString(f).contains("the restricted check") ? "restricted" : "baseline";
            CliRun r = CliRun.run("check", "-f", f.toString(), "--level", level, "--format", "json");
            assertEquals(1, r.exitCode(), f + ": " + r.err());
            JsonNode violations = JSON.readTree(r.out()).get("results").get(0).get("violations");
            assertEquals(1, violations.size(), f + " fails exactly one check: " + violations);
            assertEquals(check, violations.get(0).get("check").asText(), f.toString());
            String below = level.equals("restricted") ? "baseline" : "privileged";
            assertEquals(0, CliRun.run("check", "-f", f.toString(), "--level", below).exitCode(),
                    f + " passes " + below);
        }
    }

    @Test
    void readsStdin() {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: n\nspec:\n  hostPID: true\n"
                + "  containers:\n  - name: c\n    image: i\n";
        CliRun r = CliRun.runWithStdin(pod, "check", "-f", "-", "--level", "baseline");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().contains("hostNamespaces: host namespaces (hostPID=true)"), r.out());
        assertTrue(r.out().contains("1 pod or workload checked at baseline:v1.37: 0 allowed, 1 denied."), r.out());
    }

    @Test
    void versionsNewerThanKnownAreEvaluatedAsTheNewest() throws IOException {
        CliRun r = CliRun.run("check", "-f", "samples/cluster", "--level", "baseline", "--version", "v1.99",
                "--format", "json");
        assertEquals("v1.37", JSON.readTree(r.out()).get("version").asText());
    }

    private static JsonNode find(JsonNode root, String name) {
        for (JsonNode n : root.get("results")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no result named " + name);
    }
}
