package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format sarif} (analyze, check, verify) and {@code --format policyreport} (check, verify): whole outputs on
 * the samples as golden files, every output validated against the published schema, and the facts a reader relies on:
 * each result at its object's file and line, rule ids that exist, summaries that count the results, same bytes twice.
 */
class MachineFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Options JSON_FILE = new Options().forFile().withExtension(".json");
    private static final Options YAML_FILE = new Options().forFile().withExtension(".yaml");

    /** Runs a command twice: the output must be the same bytes, LF only, with no absolute path. */
    static String run(int exit, String... args) {
        CliRun r = CliRun.run(args);
        assertEquals(exit, r.exitCode(), r.err());
        assertEquals(r.out(), CliRun.run(args).out(), "the same bytes on every run");
        assertFalse(r.out().contains("\r"), "LF only");
        assertFalse(r.out().contains(Path.of("").toAbsolutePath().toString()), "no absolute path");
        return r.out();
    }

    static JsonNode sarif(String out) throws IOException {
        JsonNode log = JSON.readTree(out);
        assertEquals(Set.of(), MachineSchemas.validateSarif(log));
        JsonNode run = log.get("runs").get(0);
        assertFalse(run.has("invocations"), "no invocation: it would hold times");
        List<String> ids = new ArrayList<>();
        run.get("tool").get("driver").get("rules").forEach(r -> ids.add(r.get("id").asText()));
        assertEquals(ids.stream().sorted().toList(), ids, "rules sorted by id");
        assertEquals(ids.size(), new HashSet<>(ids).size(), "rule ids unique");
        for (JsonNode r : run.get("results")) {
            int index = r.get("ruleIndex").asInt();
            assertEquals(ids.get(index), r.get("ruleId").asText(), "ruleIndex points at the result's rule");
            assertTrue(r.get("message").get("text").asText().endsWith("."), r.toString());
        }
        return run;
    }

    static List<JsonNode> policyReports(String out) {
        assertTrue(out.isEmpty() || out.startsWith("---\n"), out);
        List<JsonNode> docs = MachineSchemas.documents(out);
        for (JsonNode d : docs) {
            assertEquals("wgpolicyk8s.io/v1alpha2", d.get("apiVersion").asText());
            assertEquals(Set.of(), MachineSchemas.validateReport(d), d.toString());
            Map<String, Integer> counts = new HashMap<>();
            for (JsonNode r : d.get("results")) {
                counts.merge(r.get("result").asText(), 1, Integer::sum);
                assertEquals("psp2psa", r.get("source").asText());
                assertFalse(r.has("timestamp"));
                for (JsonNode res : r.get("resources")) {
                    if (d.get("kind").asText().equals("PolicyReport")) {
                        assertEquals(d.get("metadata").get("namespace").asText(), res.get("namespace").asText());
                    } else {
                        assertFalse(res.has("namespace"), "cluster-scoped resources only: " + res);
                    }
                }
            }
            for (String k : List.of("pass", "fail", "warn", "error", "skip")) {
                assertEquals(counts.getOrDefault(k, 0), d.get("summary").get(k).asInt(), k + " in " + d);
            }
        }
        return docs;
    }

    /** The 1-based line where the first document of a file starts (after leading comments). */
    static int firstDocumentLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank() && !lines.get(i).startsWith("#") && !lines.get(i).equals("---")) {
                return i + 1;
            }
        }
        throw new AssertionError("no document in " + file);
    }

    @Test
    void checkSarifOnFailingPods() throws IOException {
        String out = run(1, "check", "-f", "samples/failing-pods", "--level", "restricted", "--format", "sarif");
        JsonNode run = sarif(out);
        // Every PSS check is a rule, and every failing-pods file names the check it fails.
        List<String> rules = new ArrayList<>();
        run.get("tool").get("driver").get("rules").forEach(r -> rules.add(r.get("id").asText()));
        assertEquals(19, rules.size());
        JsonNode privileged = null;
        for (JsonNode r : run.get("results")) {
            assertEquals("error", r.get("level").asText(), "denied at --level");
            if (r.get("properties").get("name").asText().equals("privileged")) {
                privileged = r;
            }
        }
        assertNotNull(privileged, out);
        assertEquals("privileged", privileged.get("ruleId").asText());
        JsonNode physical = privileged.get("locations").get(0).get("physicalLocation");
        assertEquals("samples/failing-pods/privileged.yaml", physical.get("artifactLocation").get("uri").asText());
        assertEquals(firstDocumentLine(Path.of("samples/failing-pods/privileged.yaml")),
                physical.get("region").get("startLine").asInt());
        Approvals.verify(out, JSON_FILE);
    }

    @Test
    void checkPolicyReportOnFailingPods() throws IOException {
        String out = run(1, "check", "-f", "samples/failing-pods", "--level", "restricted", "--format",
                "policyreport");
        List<JsonNode> docs = policyReports(out);
        assertEquals(1, docs.size(), "one namespace, no cluster-scoped object");
        JsonNode report = docs.get(0);
        assertEquals("PolicyReport", report.get("kind").asText());
        assertEquals("failing-pods", report.get("metadata").get("namespace").asText());
        boolean found = false;
        for (JsonNode r : report.get("results")) {
            if (r.get("resources").get(0).get("name").asText().equals("privileged")) {
                found = true;
                assertEquals("fail", r.get("result").asText());
                assertEquals("privileged", r.get("rule").asText());
                assertEquals("high", r.get("severity").asText(), "privileged is a baseline check");
                assertEquals("samples/failing-pods/privileged.yaml:"
                        + firstDocumentLine(Path.of("samples/failing-pods/privileged.yaml")),
                        r.get("properties").get("location").asText());
            }
        }
        assertTrue(found, out);
        Approvals.verify(out, YAML_FILE);
    }

    /** Without --level nothing is denied: the checks that keep an object from the next level are notes and warns. */
    @Test
    void checkWithoutLevelReportsWhatBlocksTheNextLevel() throws IOException {
        JsonNode run = sarif(run(0, "check", "-f", "samples/failing-pods", "--format", "sarif"));
        assertFalse(run.get("results").isEmpty());
        run.get("results").forEach(r -> assertEquals("note", r.get("level").asText()));
        for (JsonNode doc : policyReports(run(0, "check", "-f", "samples/failing-pods", "--format", "policyreport"))) {
            assertEquals(0, doc.get("summary").get("fail").asInt());
            assertTrue(doc.get("summary").get("warn").asInt() > 0);
        }
    }

    @Test
    void anAbsoluteFileIsWrittenRelativeToTheWorkingDirectory() throws IOException {
        String file = Path.of("samples/failing-pods/privileged.yaml").toAbsolutePath().toString();
        JsonNode run = sarif(run(1, "check", "-f", file, "--level", "baseline", "--format", "sarif"));
        assertEquals("samples/failing-pods/privileged.yaml", run.get("results").get(0).get("locations").get(0)
                .get("physicalLocation").get("artifactLocation").get("uri").asText());
    }

    @Test
    void checkPoliciesOnTheMultiTenantMigration(@TempDir Path tmp) throws IOException {
        Path dir = convert("samples/multi-tenant", tmp);
        String sarifOut = run(1, "check", "-f", "samples/multi-tenant", "--policies", dir.toString(),
                "--format", "sarif");
        assertFalse(sarifOut.contains(tmp.toString()), "no temporary path");
        JsonNode run = sarif(sarifOut);
        Set<String> policies = new HashSet<>();
        run.get("results").forEach(r -> {
            assertEquals("error", r.get("level").asText());
            if (r.get("ruleId").asText().startsWith("policy/")) {
                policies.add(r.get("properties").get("policy").asText());
            }
        });
        assertFalse(policies.isEmpty(), "the gap policies deny some workloads as they are");
        String yaml = run(1, "check", "-f", "samples/multi-tenant", "--policies", dir.toString(),
                "--format", "policyreport");
        assertFalse(yaml.contains(tmp.toString()), "no temporary path");
        int fails = 0;
        for (JsonNode doc : policyReports(yaml)) {
            fails += doc.get("summary").get("fail").asInt();
        }
        assertEquals(run.get("results").size(), fails, "one fail per SARIF result: the same violations");
        Approvals.verify(sarifOut, JSON_FILE);
    }

    @Test
    void checkPoliciesPolicyReportOnTheMultiTenantMigration(@TempDir Path tmp) {
        Path dir = convert("samples/multi-tenant", tmp);
        Approvals.verify(run(1, "check", "-f", "samples/multi-tenant", "--policies", dir.toString(),
                "--format", "policyreport"), YAML_FILE);
    }

    @Test
    void verifySarifOnTheMultiTenantMigration(@TempDir Path tmp) throws IOException {
        Path dir = convert("samples/multi-tenant", tmp);
        JsonNode counts = JSON.readTree(run(0, "verify", "-f", "samples/multi-tenant", "--policies", dir.toString(),
                "--cluster-version", VerifyCommandTest.ALL_ENGINES, "--format", "json")).get("counts");
        String out = run(0, "verify", "-f", "samples/multi-tenant", "--policies", dir.toString(),
                "--cluster-version", VerifyCommandTest.ALL_ENGINES, "--format", "sarif");
        JsonNode run = sarif(out);
        int explained = 0;
        for (JsonNode r : run.get("results")) {
            explained += r.get("level").asText().equals("note") ? 1 : 0;
            assertTrue(r.get("locations").get(0).has("physicalLocation"), "generated pods are at their PSP");
        }
        assertEquals(counts.get("nowDenied").asInt() + counts.get("nowAdmitted").asInt(), run.get("results").size());
        assertEquals(counts.get("explained").asInt(), explained);
        Approvals.verify(out, JSON_FILE);
    }

    @Test
    void verifyPolicyReportOnTheMultiTenantMigration(@TempDir Path tmp) throws IOException {
        Path dir = convert("samples/multi-tenant", tmp);
        JsonNode counts = JSON.readTree(run(0, "verify", "-f", "samples/multi-tenant", "--policies", dir.toString(),
                "--cluster-version", VerifyCommandTest.ALL_ENGINES, "--format", "json")).get("counts");
        String out = run(0, "verify", "-f", "samples/multi-tenant", "--policies", dir.toString(),
                "--cluster-version", VerifyCommandTest.ALL_ENGINES, "--format", "policyreport");
        List<JsonNode> docs = policyReports(out);
        int total = 0;
        int pass = 0;
        int warn = 0;
        JsonNode cluster = null;
        for (JsonNode d : docs) {
            total += d.get("results").size();
            pass += d.get("summary").get("pass").asInt();
            warn += d.get("summary").get("warn").asInt();
            cluster = d.get("kind").asText().equals("ClusterPolicyReport") ? d : cluster;
        }
        assertEquals(counts.get("total").asInt(), total, "one result per pod compared");
        assertEquals(counts.get("bothAdmit").asInt() + counts.get("bothDeny").asInt(), pass);
        assertEquals(counts.get("explained").asInt(), warn);
        assertNotNull(cluster, "generated boundary pods are reported against their PSP, cluster-scoped");
        assertEquals(counts.get("generated").asInt(), cluster.get("results").size());
        assertEquals("PodSecurityPolicy", cluster.get("results").get(0).get("resources").get(0).get("kind").asText());
        Approvals.verify(out, YAML_FILE);
    }

    @Test
    void analyzeSarifOnTheMultiTenantCluster() throws IOException {
        JsonNode plan = JSON.readTree(run(0, "analyze", "-f", "samples/multi-tenant", "--format", "json"));
        String out = run(0, "analyze", "-f", "samples/multi-tenant", "--format", "sarif");
        JsonNode run = sarif(out);
        Map<String, String> pspSources = new HashMap<>();
        plan.get("psps").forEach(p -> pspSources.put(p.get("name").asText(), p.get("source").asText()));
        int gaps = 0;
        int fields = 0;
        List<JsonNode> namespaces = new ArrayList<>();
        plan.get("namespaces").forEach(namespaces::add);
        namespaces.add(plan.get("defaultClass"));
        for (JsonNode ns : namespaces) {
            gaps += ns.get("exempt").asBoolean() ? 0 : ns.get("gaps").size();
            fields += ns.get("mutations").size();
        }
        int sarifGaps = 0;
        int sarifFields = 0;
        for (JsonNode r : run.get("results")) {
            JsonNode physical = r.get("locations").get(0).get("physicalLocation");
            String at = physical.get("artifactLocation").get("uri").asText() + ":"
                    + physical.get("region").get("startLine").asInt();
            switch (r.get("ruleId").asText()) {
                case "gap" -> {
                    sarifGaps++;
                    assertEquals(pspSources.get(r.get("properties").get("psp").asText()), at, "a gap is at its PSP");
                }
                case "tightening" -> assertEquals(pspSources.get(r.get("properties").get("psp").asText()), at);
                case "field-to-add" -> {
                    sarifFields++;
                    assertEquals(r.get("properties").get("required").asBoolean() ? "error" : "note",
                            r.get("level").asText());
                    assertTrue(at.startsWith("samples/multi-tenant/workloads.yaml:"), at);
                }
                default -> throw new AssertionError(r.toString());
            }
        }
        assertEquals(gaps, sarifGaps);
        assertEquals(fields, sarifFields);
        Approvals.verify(out, JSON_FILE);
    }

    /** The schemas are strict: a misspelled field is an error, so a passing validation means something. */
    @Test
    void theSchemasRejectUnknownFields() throws IOException {
        JsonNode log = JSON.readTree("""
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                  "results": [{"message": {"text": "m."}, "ruleID": "r"}]}]}""");
        assertFalse(MachineSchemas.validateSarif(log).isEmpty());
        List<JsonNode> docs = MachineSchemas.documents("""
                apiVersion: wgpolicyk8s.io/v1alpha2
                kind: PolicyReport
                metadata: {name: x, namespace: y}
                results:
                - policy: p
                  result: fail
                  ressources: []
                """);
        assertFalse(MachineSchemas.validateReport(docs.get(0)).isEmpty());
        List<JsonNode> bad = MachineSchemas.documents("""
                apiVersion: wgpolicyk8s.io/v1alpha2
                kind: ClusterPolicyReport
                metadata: {name: x}
                results:
                - policy: p
                  result: failed
                """);
        assertFalse(MachineSchemas.validateReport(bad.get(0)).isEmpty());
    }

    private static Path convert(String sample, Path tmp) {
        Path dir = tmp.resolve("out");
        CliRun r = CliRun.run("convert", "-f", sample, "-o", dir.toString(), "--cluster-version",
                VerifyCommandTest.ALL_ENGINES);
        assertEquals(0, r.exitCode(), r.err());
        return dir;
    }
}
