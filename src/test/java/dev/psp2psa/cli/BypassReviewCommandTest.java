package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.approvaltests.Approvals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bypass review through the command line: {@code --fail-on bypass} against {@code --label-admins}, the exempt
 * usernames and runtime classes in the admission configuration (never a controller's), and the review in every
 * report.
 */
class BypassReviewCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The multi-tenant sample's relabellers: the operators (aggregated role), alice (RoleBinding), system:masters. */
    private static final String ALL_ADMINS = "group:platform-operators,user:alice@example.com,group:system:masters";

    private static final String[] EXEMPTIONS = {"--exempt-namespace", "kube-system", "--exempt-username",
        "ci-bot,system:serviceaccount:kube-system:replicaset-controller", "--exempt-runtime-class", "gvisor",
        "--label-admins", "group:platform-operators"};

    private static String[] args(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void failOnBypassExitsOneUnlessOnlyTheLabelAdminsMayRelabel() {
        assertEquals(1, CliRun.run("analyze", "-f", "samples/multi-tenant", "--fail-on", "bypass").exitCode());
        assertEquals(1, CliRun.run("analyze", "-f", "samples/multi-tenant", "--fail-on", "bypass",
                "--label-admins", "group:platform-operators,group:system:masters").exitCode(), "alice may still");
        CliRun ok = CliRun.run("analyze", "-f", "samples/multi-tenant", "--fail-on", "bypass", "--label-admins",
                ALL_ADMINS);
        assertEquals(0, ok.exitCode(), ok.err());
        assertEquals(1, CliRun.run("analyze", "-f", "samples/cluster", "--fail-on", "bypass").exitCode(),
                "system:masters may relabel in every cluster");
        assertEquals(0, CliRun.run("analyze", "-f", "samples/cluster", "--fail-on", "bypass", "--label-admins",
                "group:system:masters").exitCode());
    }

    @Test
    void theTableReviewsEveryWayAround() {
        CliRun r = CliRun.run(args(new String[] {"analyze", "-f", "samples/multi-tenant"}, EXEMPTIONS));
        assertEquals(0, r.exitCode(), r.err());
        Approvals.verify(r.out());
    }

    @Test
    void theJsonSectionFollowsTheContract() throws Exception {
        CliRun r = CliRun.run(args(new String[] {"analyze", "-f", "samples/multi-tenant", "--format", "json"},
                EXEMPTIONS));
        JsonNode bypass = JSON.readTree(r.out()).get("bypass");
        for (String key : List.of("labelAdmins", "unexpectedRelabellers", "exemptNamespaces", "exemptUsernames",
                "refusedUsernames", "exemptRuntimeClasses", "subjects")) {
            assertTrue(bypass.has(key), key);
        }
        assertEquals("[\"Group platform-operators\"]", bypass.get("labelAdmins").toString());
        assertEquals("[\"ci-bot\"]", bypass.get("exemptUsernames").toString());
        assertEquals("system:serviceaccount:kube-system:replicaset-controller",
                bypass.get("refusedUsernames").get(0).get("username").asText());
        List<String> subjects = new ArrayList<>();
        bypass.get("subjects").forEach(s -> subjects.add(s.get("kind").asText() + " " + s.get("name").asText()));
        assertEquals(List.of("user alice@example.com", "user ci-bot", "group platform-operators",
                "group system:masters", "serviceAccount monitoring/prometheus-operator"), subjects);
        JsonNode path = bypass.get("subjects").get(4).get("paths").get(0);
        for (String key : List.of("kind", "verbs", "resources", "namespaces", "binding", "role", "rule", "broad")) {
            assertTrue(path.has(key), key);
        }
        assertEquals("exempt-namespace", path.get("kind").asText());
        assertEquals("[\"statefulsets.apps\"]", path.get("resources").toString());
    }

    @Test
    void convertNeverExemptsAControllerAndSaysWhyInEveryReport(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run(args(new String[] {"convert", "-f", "samples/multi-tenant", "-o", out.toString()},
                EXEMPTIONS));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("warning: --exempt-username system:serviceaccount:kube-system:replicaset-"
                + "controller is not written to the admission configuration: it is the service account of the "
                + "replicaset-controller"), r.err());
        JsonNode config = YAML.readTree(out.resolve("admission/pod-security-configuration.yaml").toFile());
        JsonNode exemptions = config.get("plugins").get(0).get("configuration").get("exemptions");
        assertEquals("[\"ci-bot\"]", exemptions.get("usernames").toString());
        assertEquals("[\"gvisor\"]", exemptions.get("runtimeClasses").toString());
        assertEquals("[\"kube-system\"]", exemptions.get("namespaces").toString());
        for (String report : List.of("report.md", "report.html", "report.json")) {
            String text = Files.readString(out.resolve(report));
            assertTrue(text.contains("Who can get around PSA") || report.endsWith(".json"), report);
            assertTrue(text.contains("system:serviceaccount:kube-system:replicaset-controller"), report);
            assertTrue(text.contains("would exempt all of those pods from PSA"), report);
            assertTrue(text.contains("gvisor"), report);
        }
    }

    @Test
    void onlyControllersAreRefused(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("convert", "-f", "samples/cluster", "-o", out.toString(), "--exempt-username",
                "system:serviceaccount:kube-system:daemon-set-controller,system:kube-controller-manager,"
                        + "system:serviceaccount:kube-system:coredns");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(2, r.err().lines().filter(l -> l.startsWith("warning: --exempt-username")).count(), r.err());
        JsonNode config = YAML.readTree(out.resolve("admission/pod-security-configuration.yaml").toFile());
        assertEquals("[\"system:serviceaccount:kube-system:coredns\"]",
                config.get("plugins").get(0).get("configuration").get("exemptions").get("usernames").toString());
    }

    @Test
    void helpNamesTheNewOptionsAndFinding() {
        String help = CliRun.run("analyze", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--exempt-username"), help);
        assertTrue(help.contains("--exempt-runtime-class"), help);
        assertTrue(help.contains("bypass (someone other than the --label-admins"), help);
        assertFalse(CliRun.run("analyze", "-f", "samples/cluster", "--fail-on", "bypasses").exitCode() == 0);
    }
}
