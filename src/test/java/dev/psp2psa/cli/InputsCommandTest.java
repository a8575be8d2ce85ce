package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs as users give them (issue 12), end to end through the command line. */
class InputsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY_FIELDS = "src/test/resources/input/empty-fields";

    /**
     * Rendered install manifests with empty fields ({@code annotations:}, {@code resources:}, {@code env:}, an empty
     * {@code value:}) migrate like any other: each empty field is an absent one.
     */
    @Test
    void manifestsWithEmptyFieldsAreAnalyzedConvertedAndVerified(@TempDir Path tmp) throws IOException {
        CliRun a = CliRun.run("analyze", "-f", EMPTY_FIELDS, "--exempt-namespace=", "--format", "json");
        assertEquals(0, a.exitCode(), a.err());
        JsonNode report = JSON.readTree(a.out());
        Map<String, String> levels = new TreeMap<>();
        for (JsonNode ns : report.get("namespaces")) {
            levels.put(ns.get("name").asText(), ns.get("psps").get(0).get("name").asText() + " "
                    + ns.get("policyLevel").asText() + " " + ns.get("workloadLevel").asText());
        }
        assertEquals(Map.of("kube-system", "cni-node privileged privileged",
                "mesh", "mesh-control-plane privileged privileged"), levels);
        Path out = tmp.resolve("out");
        CliRun c = CliRun.run("convert", "-f", EMPTY_FIELDS, "--exempt-namespace=", "-o", out.toString());
        assertEquals(0, c.exitCode(), c.err());
        CliRun v = CliRun.run("verify", "-f", EMPTY_FIELDS, "--exempt-namespace=", "--policies", out.toString(),
                "--format", "json");
        assertEquals(0, JSON.readTree(v.out()).path("counts").path("unexplained").asInt(), v.out());
        CliRun check = CliRun.run("check", "-f", EMPTY_FIELDS, "--format", "json");
        assertEquals(0, check.exitCode(), check.err());
        assertEquals(2, JSON.readTree(check.out()).get("results").size());
        assertTrue(check.err().isEmpty(), check.err());
    }
}
