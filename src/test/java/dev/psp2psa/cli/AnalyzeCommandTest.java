package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;

class AnalyzeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String run(String... args) {
        CliRun r = CliRun.run(args);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.problems());
        return r.out();
    }

    @Test
    void tableOnTheDocsTrio() {
        Approvals.verify(run("analyze", "-f", "samples/cluster"));
    }

    @Test
    void jsonOnTheDocsTrio() {
        Approvals.verify(run("analyze", "-f", "samples/cluster", "--format", "json"),
                new Options().forFile().withExtension(".json"));
    }

    @Test
    void markdownOnTheDocsTrio() {
        Approvals.verify(run("analyze", "-f", "samples/cluster", "--format", "markdown"),
                new Options().forFile().withExtension(".md"));
    }

    @Test
    void jsonOnTheAuthenticatedPrivilegedCluster() {
        Approvals.verify(run("analyze", "-f", "samples/authenticated-privileged", "--format", "json"),
                new Options().forFile().withExtension(".json"));
    }

    @Test
    void markdownOnTheAuthenticatedPrivilegedCluster() {
        Approvals.verify(run("analyze", "-f", "samples/authenticated-privileged", "--format", "markdown"),
                new Options().forFile().withExtension(".md"));
    }

    @Test
    void jsonOnTheMultiTenantCluster() {
        Approvals.verify(run("analyze", "-f", "samples/multi-tenant", "--format", "json"),
                new Options().forFile().withExtension(".json"));
    }

    @Test
    void markdownOnTheMultiTenantCluster() {
        Approvals.verify(run("analyze", "-f", "samples/multi-tenant", "--format", "markdown"),
                new Options().forFile().withExtension(".md"));
    }

    @Test
    void jsonFollowsTheContract() throws Exception {
        JsonNode root = JSON.readTree(run("analyze", "-f", "samples/cluster", "--format", "json"));
        assertEquals("psp2psa/v1", root.get("schemaVersion").asText());
        assertEquals("v1.24", root.get("clusterVersion").asText(), "the last version with PSP, by default");
        assertTrue(root.get("clusterVersionSource").asText().startsWith("the default"));
        assertEquals("v1.24", root.get("targetVersion").asText(), "labels are pinned to the cluster version");
        for (String key : List.of("psps", "namespaces", "users", "skipped")) {
            assertTrue(root.has(key), key);
        }
        assertSortedByName(root.get("psps"));
        assertSortedByName(root.get("namespaces"));
        JsonNode shop = find(root.get("namespaces"), "shop");
        for (String key : List.of("name", "policyLevel", "workloadLevel", "recommended", "psps", "tightenings",
                "gaps", "assumptions")) {
            assertTrue(shop.has(key), key);
        }
        assertEquals("baseline", shop.get("recommended").get("enforce").asText());
        assertEquals("v1.24", shop.get("recommended").get("version").asText());
        JsonNode grant = shop.get("psps").get(0).get("grants").get(0);
        assertEquals(List.of("subject", "binding", "role"), fieldNames(grant));
        JsonNode reason = find(root.get("psps"), "restricted").get("reasons").get(0);
        for (String key : List.of("field", "check", "blocks", "detail", "witness")) {
            assertTrue(reason.has(key), key);
        }
        assertEquals("Pod", reason.get("witness").get("kind").asText());
        assertFalse(find(root.get("namespaces"), "kube-system").get("exempt").asBoolean(),
                "kube-system is planned like any namespace unless --exempt-namespace names it");
        JsonNode other = root.get("defaultClass");
        assertEquals("*", other.get("name").asText());
        assertEquals(List.of("restricted"), List.of(other.get("psps").get(0).get("name").asText()));
        assertEquals(1, other.get("psps").size(), "system:authenticated may use only restricted");
        assertEquals("privileged", other.get("recommended").get("enforce").asText(), "seLinux RunAsAny");
        assertEquals(root.get("defaults"), other.get("recommended"));
        assertTrue(other.get("gaps").size() > 0);
        assertEquals(1, root.get("skipped").get("Secret").asInt());
    }

    @Test
    void workloadLevelIsNullWithoutWorkloads() throws Exception {
        JsonNode root = JSON.readTree(run("analyze", "-f", "samples/cluster/psps.yaml", "-f",
                "samples/cluster/rbac.yaml", "--format", "json"));
        for (JsonNode n : root.get("namespaces")) {
            assertTrue(n.get("workloadLevel").isNull(), n.get("name").asText());
            assertEquals(n.get("policyLevel").asText(), n.get("recommended").get("enforce").asText());
        }
    }

    @Test
    void htmlIsOneSelfContainedFile() {
        String html = run("analyze", "-f", "samples/multi-tenant", "--format", "html");
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("src=\"http"), "no external scripts or images");
        assertFalse(html.contains("href=\"http"), "no external stylesheets or links");
        assertTrue(html.contains("id=\"filters\""), "namespaces are filterable by level");
        assertTrue(html.contains("data-level=\"privileged\""));
    }

    /**
     * The pictures (the namespaces by level before and after, a bar of tightenings, gaps and fields to add per
     * namespace) are inline SVG with their words, the namespace table has the terminal table's fields-to-add column
     * with the same counts, the page uses the window's width and has print rules.
     */
    @Test
    void htmlHasItsPicturesAndTheFieldsToAddColumn() throws Exception {
        String html = run("analyze", "-f", "samples/multi-tenant", "--format", "html");
        JsonNode root = JSON.readTree(run("analyze", "-f", "samples/multi-tenant", "--format", "json"));
        int privileged = 0;
        int baseline = 0;
        for (JsonNode n : root.get("namespaces")) {
            String enforce = n.get("recommended").get("enforce").asText();
            privileged += enforce.equals("privileged") ? 1 : 0;
            baseline += enforce.equals("baseline") ? 1 : 0;
            int fields = n.get("mutations").size();
            String chart = n.get("name").asText() + ": " + n.get("tightenings").size() + " tightening";
            assertTrue(html.contains("aria-label=\"" + chart), chart);
            // The row ends with its gaps and its fields to add, as the terminal table's GAPS and FIELDS.
            assertTrue(html.contains("<td class=\"num\">" + n.get("gaps").size() + "</td><td class=\"num\">" + fields
                    + "</td></tr>"), n.get("name").asText());
        }
        assertTrue(html.contains("After, the recommended enforce level: " + privileged + " privileged, " + baseline
                + " baseline"), html);
        assertEquals(1, html.split("<svg class=\"chart levels\"", -1).length - 1);
        assertEquals(root.get("namespaces").size() + 1, html.split("<svg class=\"chart work\"", -1).length - 1,
                "one bar per namespace and the default class");
        assertTrue(html.contains("<th class=\"num\">Fields to add</th>"));
        assertFalse(html.contains("max-width: 72em"), "the page uses the window's width");
        assertFalse(html.contains("overflow-wrap: anywhere"), "identifiers never break inside a word");
        assertTrue(html.contains("@media print"));
        assertTrue(html.contains("<code class=\"path\">spec.<wbr>template.<wbr>spec.<wbr>securityContext.<wbr>seccompProfile.<wbr>type</code>"), html);
    }

    @Test
    void nothingFromASecretOrAnEnvValueReachesAReport() {
        for (String format : List.of("json", "markdown", "html", "table")) {
            String out = run("analyze", "-f", "samples/cluster", "--format", format);
            assertFalse(out.contains("do-not-print-me"), format);
            assertFalse(out.contains("storefront-db"), format + ": env var sources are not reported");
        }
    }

    @Test
    void failOnTurnsFindingsIntoExitOne() {
        assertEquals(1, CliRun.run("analyze", "-f", "samples/multi-tenant", "--fail-on", "problems").exitCode());
        assertEquals(1, CliRun.run("analyze", "-f", "samples/cluster", "--fail-on", "not-restricted,gaps")
                .exitCode());
        assertEquals(0, CliRun.run("analyze", "-f", "samples/cluster", "--fail-on", "problems").exitCode());
        CliRun bad = CliRun.run("analyze", "-f", "samples/cluster", "--fail-on", "everything");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().startsWith("error: unknown --fail-on value 'everything'"), bad.err());
    }

    @Test
    void exemptNamespacesAreConfigurable() throws Exception {
        JsonNode root = JSON.readTree(run("analyze", "-f", "samples/cluster", "--format", "json",
                "--exempt-namespace", "monitoring,kube-system"));
        assertTrue(find(root.get("namespaces"), "monitoring").get("exempt").asBoolean());
        JsonNode kubeSystem = find(root.get("namespaces"), "kube-system");
        assertTrue(kubeSystem.get("exempt").asBoolean());
        String lapse = kubeSystem.get("assumptions").toString();
        assertTrue(lapse.contains("Exempt (--exempt-namespace): PSA and the gap policies skip its pods, so these "
                + "restrictions of its PSPs lapse: ") && lapse.contains("allowedProcMountTypes (privileged, restricted)"),
                lapse);
        JsonNode none = JSON.readTree(run("analyze", "-f", "samples/cluster", "--format", "json",
                "--exempt-namespace", ""));
        assertFalse(find(none.get("namespaces"), "kube-system").get("exempt").asBoolean());
    }

    private static void assertSortedByName(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.get("name").asText()));
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static JsonNode find(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no " + name);
    }

    /** The policy column names the one short PSP field that keeps the level, else how many fields do. */
    @org.junit.jupiter.api.Test
    void thePolicyColumnNamesItsBlockingField() throws Exception {
        CliRunResult r = CliRunResult.of("analyze", "-f", "samples/multi-tenant", "--format", "json");
        com.fasterxml.jackson.databind.JsonNode plan = dev.psp2psa.format.Json.mapper().readTree(r.out());
        CliRunResult table = CliRunResult.of("analyze", "-f", "samples/multi-tenant");
        for (com.fasterxml.jackson.databind.JsonNode ns : plan.get("namespaces")) {
            String name = ns.get("name").asText();
            String header = table.out().lines().findFirst().orElseThrow();
            int from = header.indexOf("POLICY");
            int to = header.indexOf("WORKLOADS");
            String row = table.out().lines().dropWhile(l -> !l.startsWith(name + " ")).limit(2)
                    .map(l -> l.length() > from ? l.substring(from, Math.min(to, l.length())).trim() : "")
                    .reduce("", (a, b) -> a + " " + b).trim();
            int blockers = ns.get("policyBlockers").size();
            String expected = blockers == 1 ? "(" + ns.get("policyBlockers").get(0).asText() + ")"
                    : "(" + blockers + " fields)";
            org.junit.jupiter.api.Assertions.assertEquals(ns.get("policyLevel").asText() + " " + expected, row, name);
        }
    }
}
