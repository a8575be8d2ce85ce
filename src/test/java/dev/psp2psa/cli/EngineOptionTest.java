package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.format.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory with several engines is evaluated one engine at a time, each with its own mutations, as a cluster
 * applies one; --engine chooses one; the table shows each violation once.
 */
class EngineOptionTest {

    @TempDir
    static Path tmp;
    static Path tree;

    @BeforeAll
    static void convert() {
        tree = tmp.resolve("out");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", tree.toString(),
                "--cluster-version", "v1.30").exitCode());
    }

    private static JsonNode result(CliRunResult r, String name) throws Exception {
        for (JsonNode n : Json.mapper().readTree(r.out()).get("results")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError(name + " not in " + r.out());
    }

    @Test
    void eachEngineRunsWithItsOwnMutationsOnly() throws Exception {
        // db-migrate relied on PSP's defaults: the Gatekeeper and Kyverno mutations restore them; vap/ has none.
        JsonNode all = result(CliRunResult.of("check", "-f", "samples/cluster/workloads", "--policies",
                tree.toString(), "--format", "json"), "db-migrate");
        JsonNode byEngine = all.get("allowedByEngine");
        assertTrue(byEngine.get("gatekeeper").asBoolean(), all.toString());
        assertTrue(byEngine.get("kyverno").asBoolean(), all.toString());
        assertFalse(byEngine.get("vap").asBoolean(), all.toString());
        CliRunResult table = CliRunResult.of("check", "-f", "samples/cluster/workloads", "--policies",
                tree.toString());
        assertTrue(table.out().contains("Job/db-migrate             denied (vap)"), table.out());
        CliRunResult gatekeeper = CliRunResult.of("check", "-f", "samples/cluster/workloads", "--policies",
                tree.toString(), "--engine", "gatekeeper", "--format", "json");
        JsonNode one = result(gatekeeper, "db-migrate");
        assertTrue(one.get("allowed").asBoolean(), one.toString());
        assertEquals(1, one.get("allowedByEngine").size(), one.toString());
    }

    @Test
    void aViolationIsShownOnceWithTheOtherEnginesNamed() {
        CliRunResult r = CliRunResult.of("check", "-f", "samples/cluster/workloads", "--policies", tree.toString());
        String storefront = r.out().lines().dropWhile(l -> !l.contains("Deployment/storefront"))
                .takeWhile(l -> l.contains("Deployment/storefront") || l.startsWith(" ")).reduce("", (a, b) -> a + " " + b)
                .replaceAll("\\s+", " ");
        assertTrue(storefront.contains("(also kyverno, vap)"), r.out());
        String shared = "Pods of the other";
        assertEquals(storefront.indexOf(shared), storefront.lastIndexOf(shared), "the shared violation once: " + r.out());
        // The seccomp default both PSPs set is restored by the Gatekeeper and Kyverno mutations; vap/ (1.30) has
        // none, so only vap denies it, and says so.
        assertTrue(storefront.contains("vap psp2psa-ns-shop validations[1]"), r.out());
    }

    @Test
    void anEngineTheDirectoryLacksIsAUsageError(@TempDir Path dir) {
        Path gk = dir.resolve("gk");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", gk.toString()).exitCode());
        CliRunResult lacking = CliRunResult.of("verify", "-f", "samples/cluster", "--policies", gk.toString(),
                "--engine", "vap");
        assertEquals(2, lacking.exitCode(), lacking.err());
        assertTrue(lacking.err().contains("holds no vap/ policies that this cluster version runs (it holds: "
                + "gatekeeper)"), lacking.err());
        CliRunResult unknown = CliRunResult.of("check", "-f", "samples/cluster", "--policies", gk.toString(),
                "--engine", "opa");
        assertEquals(2, unknown.exitCode(), unknown.err());
        CliRunResult alone = CliRunResult.of("check", "-f", "samples/cluster", "--engine", "vap");
        assertEquals(2, alone.exitCode(), alone.err());
        assertTrue(alone.err().contains("--engine goes with --policies"), alone.err());
    }
}
