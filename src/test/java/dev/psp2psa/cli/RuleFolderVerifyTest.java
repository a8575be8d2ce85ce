package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-rule ground-truth folders (src/test/resources/dev/psp2psa/psp/rules/<ruleId>/) through the whole tool:
 * each folder's PSP granted to the service accounts of one namespace, its admitted and denied pods created there,
 * then {@code convert} and {@code verify}. Every pod's old decision (PSP admission along the request path) and new
 * decision (the written labels and policies) agree or are explained: the migration admits no pod of a folder that
 * PSP rejected, unless the report says why.
 */
class RuleFolderVerifyTest {

    private static final Path RULES = Path.of("src", "test", "resources", "dev", "psp2psa", "psp", "rules");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyRuleFolderThroughVerify() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(RULES)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(dirs.isEmpty());
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> check(d)));
    }

    private void check(Path dir) throws IOException {
        Path input = tmp.resolve(dir.getFileName() + "-in");
        Files.createDirectories(input);
        Files.copy(dir.resolve("psp.yaml"), input.resolve("psp.yaml"));
        String psp = YAML.readTree(dir.resolve("psp.yaml").toFile()).path("metadata").path("name").asText();
        Files.writeString(input.resolve("rbac.yaml"), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: use-psp}
                rules:
                - {apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [%s]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: use-psp, namespace: t}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: use-psp}
                subjects:
                - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:serviceaccounts:t"}
                ---
                # The folders' pods are about one rule: no token volume (ServiceAccount admission) in them.
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: default, namespace: t}
                automountServiceAccountToken: false
                """.formatted(psp), StandardCharsets.UTF_8);
        StringBuilder pods = new StringBuilder();
        int count = 0;
        for (String file : List.of("admitted.yaml", "denied.yaml")) {
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(dir.resolve(file).toFile())) {
                for (JsonNode pod : it.readAll()) {
                    if (pod == null || pod.isNull() || pod.isEmpty()) {
                        continue;
                    }
                    ObjectNode meta = (ObjectNode) pod.get("metadata");
                    meta.put("namespace", "t");
                    meta.put("name", file.replace(".yaml", "") + "-" + meta.path("name").asText());
                    pods.append("---\n").append(YAML.writeValueAsString(pod).replaceFirst("^---\n", ""));
                    count++;
                }
            }
        }
        Files.writeString(input.resolve("pods.yaml"), pods.toString(), StandardCharsets.UTF_8);
        Path out = tmp.resolve(dir.getFileName() + "-out");
        CliRun c = CliRun.run("convert", "-f", input.toString(), "-o", out.toString());
        assertEquals(0, c.exitCode(), c.err());
        CliRun v = CliRun.run("verify", "-f", input.toString(), "--policies", out.toString(), "--format", "json",
                "--no-boundary-pods");
        JsonNode root = JSON.readTree(v.out());
        List<String> unexplained = new ArrayList<>();
        int seen = 0;
        for (JsonNode r : root.get("results")) {
            seen++;
            if (!r.get("explained").asBoolean()) {
                unexplained.add(r.get("name").asText() + ": " + r.get("explanation").asText());
            }
        }
        assertEquals(count, seen, "every pod of the folder is compared");
        assertEquals(List.of(), unexplained, dir + ": " + v.out());
        assertEquals(0, v.exitCode(), v.err());
    }
}
