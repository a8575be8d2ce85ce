package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
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

    /** The output of a psp2psa run in a process of its own, started by bash with the test's class path. */
    private record Run(int exitCode, String out, String err) {
    }

    /** Runs {@code script} in bash, where {@code "$PSP2PSA"} runs psp2psa (in a JVM of its own) and $1... are args. */
    private static Run bash(Path dir, String script, String... args) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("/bin/bash", "-c",
                "PSP2PSA() { \"$JAVA\" $JAVA_OPTIONS -cp \"$CP\" dev.psp2psa.Main \"$@\"; }\n" + script, "bash"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("JAVA", java);
        pb.environment().put("CP", System.getProperty("java.class.path"));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "psp2psa finished");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static final String POD_A = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n"
            + "spec: {containers: [{name: c, image: nginx}]}\n";
    private static final String POD_B = POD_A.replace("name: a,", "name: b,");

    /** Process substitution, the way to pass several command outputs at once: each /dev/fd/N is a pipe. */
    @Test
    void processSubstitutionPassesCommandOutputs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), POD_A, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.yaml"), POD_B, StandardCharsets.UTF_8);
        Run r = bash(dir, "PSP2PSA check -f <(cat a.yaml) -f <(cat \"$1\") --format json", "b.yaml");
        assertEquals(0, r.exitCode(), r.err());
        List<String> results = new ArrayList<>();
        for (JsonNode n : JSON.readTree(r.out()).get("results")) {
            results.add(n.get("name").asText() + " " + n.get("source").asText().replaceAll("[0-9]+:", "N:"));
        }
        results.sort(null); // results are sorted by source, and bash numbers the pipes downwards
        assertEquals(List.of("a /dev/fd/N:1", "b /dev/fd/N:1"), results);
    }

    @Test
    void devStdinFromAPipeIsRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), POD_A, StandardCharsets.UTF_8);
        Run r = bash(dir, "cat a.yaml | PSP2PSA check -f /dev/stdin --format json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode result = JSON.readTree(r.out()).get("results").get(0);
        assertEquals("/dev/stdin:1", result.get("source").asText());
    }

    @Test
    void aBadPipeIsNamedAsTheUserWroteIt(@TempDir Path dir) throws Exception {
        Run r = bash(dir, "PSP2PSA check -f <(printf 'apiVersion: v1\\nkind: Pod\\n')");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().matches("error: /dev/fd/[0-9]+:1:1: Pod has no metadata\\.name\\.\n"), r.err());
    }

    /** Files that cannot be written are said in words, never as a Java exception. */
    @Test
    void unwritableOutputsAreSaidInWords(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), POD_A, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("d"));
        String a = dir.resolve("a.yaml").toString();
        String d = dir.resolve("d").toString();
        String missing = dir.resolve("nodir/x.yaml").toString();
        CliRun r = CliRun.run("check", "-f", a, "--save-inventory", missing);
        assertEquals("error: " + missing + ": cannot be written (no such file or directory).\n", r.err());
        assertEquals(3, r.exitCode());
        r = CliRun.run("check", "-f", a, "--save-inventory", d);
        assertEquals("error: " + d + ": cannot be written (it is a directory).\n", r.err());
        r = CliRun.run("convert", "-f", "samples/cluster", "-o", a + "/out");
        assertEquals("error: " + a + "/out: cannot be written (" + a + " exists and is not a directory).\n", r.err());
        assertEquals(3, r.exitCode());
    }

    /**
     * An inventory holds each object once: the extensions/v1beta1 copies of the PSPs and a backup of a workload file
     * are read once, with a warning each, and the plan is the one without them.
     */
    @Test
    void identicalCopiesAreMergedWithAWarning(@TempDir Path dir) throws IOException {
        Path psps = dir.resolve("psps-extensions.yaml");
        Files.writeString(psps, Files.readString(Path.of("samples/cluster/psps.yaml"))
                .replace("policy/v1beta1", "extensions/v1beta1"));
        Path backup = dir.resolve("shop-backup.yaml");
        Files.copy(Path.of("samples/cluster/workloads/shop.yaml"), backup);
        CliRun plain = CliRun.run("analyze", "-f", "samples/cluster", "--format", "json");
        for (String command : List.of("analyze", "verify")) {
            List<String> args = new ArrayList<>(List.of(command, "-f", "samples/cluster", "-f", psps.toString(),
                    "-f", backup.toString(), "--format", "json"));
            if (command.equals("verify")) {
                args.addAll(List.of("--policies", dir.resolve("tree").toString()));
                CliRun.run("convert", "-f", "samples/cluster", "-o", dir.resolve("tree").toString());
            }
            CliRun r = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err());
            List<String> lines = r.problems().lines().toList();
            assertEquals(3 + 4, lines.size(), r.err()); // three PSPs, and the four workloads of shop.yaml
            assertEquals("warning: " + psps + ":2: PodSecurityPolicy \"privileged\" is an identical copy of the one "
                    + "at samples/cluster/psps.yaml:2; it is read once.", lines.get(0));
            assertTrue(lines.stream().allMatch(l -> l.startsWith("warning: ") && l.endsWith("; it is read once.")),
                    r.err());
            if (command.equals("analyze")) {
                assertEquals(plain.out(), r.out(), "the plan is the one without the copies, with no warning in it");
            }
        }
    }

    @Test
    void copiesThatDifferAreAnErrorNamingBoth(@TempDir Path dir) throws IOException {
        Path psps = dir.resolve("psps-extensions.yaml");
        Files.writeString(psps, Files.readString(Path.of("samples/cluster/psps.yaml"))
                .replace("policy/v1beta1", "extensions/v1beta1").replace("hostIPC: true", "hostIPC: false"));
        CliRun r = CliRun.run("analyze", "-f", "samples/cluster", "-f", psps.toString());
        assertEquals(3, r.exitCode(), r.err());
        assertEquals("error: " + psps + ":2: PodSecurityPolicy \"privileged\" is defined twice, differently: also at "
                + "samples/cluster/psps.yaml:2; keep the copy the cluster holds and remove the other.\n", r.err());
    }

    /** check is a dry-run of manifests: fixtures or overlays with one name are each checked. */
    @Test
    void checkChecksEveryObjectOfOneName(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("pass"));
        Files.createDirectories(dir.resolve("fail"));
        Files.writeString(dir.resolve("pass/pod.yaml"), POD_A);
        Files.writeString(dir.resolve("fail/pod.yaml"), POD_A.replace("spec: {", "spec: {hostPID: true, "));
        CliRun r = CliRun.run("check", "-f", dir.resolve("pass").toString(), "-f", dir.resolve("fail").toString(),
                "--level", "baseline", "--format", "json");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("", r.err());
        List<String> results = new ArrayList<>();
        for (JsonNode n : JSON.readTree(r.out()).get("results")) {
            results.add(n.get("name").asText() + " " + n.get("allowed").asBoolean());
        }
        results.sort(null);
        assertEquals(List.of("a false", "a true"), results);
    }

    /** A namespace name that cannot exist used to reach the output tree as a path, and fail there with exit 4. */
    @Test
    void aNamespaceThatCannotExistIsBadInputNotAnInternalError(@TempDir Path dir) throws IOException {
        Path pod = dir.resolve("pod.yaml");
        Files.writeString(pod, POD_A.replace("namespace: x", "namespace: ../.."));
        CliRun r = CliRun.run("convert", "-f", "samples/cluster", "-f", pod.toString(), "-o",
                dir.resolve("out").toString());
        assertEquals(3, r.exitCode(), r.err());
        assertEquals("error: " + pod + ":3:21: metadata.namespace \"../..\" of Pod \"a\" is not a valid namespace "
                + "name: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit.\n",
                r.err());
    }

    /**
     * The API server stores a binding whose ServiceAccount subject names a namespace that cannot exist; it grants
     * nothing, and is said so among the RBAC problems.
     */
    @Test
    void aBindingSubjectInANamespaceThatCannotExistMatchesNoOne(@TempDir Path dir) throws IOException {
        Path binding = dir.resolve("binding.yaml");
        Files.writeString(binding, """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: odd}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: psp:privileged}
                subjects:
                - {kind: ServiceAccount, name: default, namespace: ../..}
                - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccounts:Not_A_Namespace"}
                """);
        Path out = dir.resolve("out");
        CliRun c = CliRun.run("convert", "-f", "samples/cluster", "-f", binding.toString(), "-o", out.toString());
        assertEquals(0, c.exitCode(), c.err());
        try (var files = Files.list(out.resolve("namespaces"))) {
            assertTrue(files.allMatch(f -> f.getFileName().toString().matches("[a-z0-9-]+\\.yaml")));
        }
        CliRun a = CliRun.run("analyze", "-f", "samples/cluster", "-f", binding.toString(), "--format", "json");
        List<String> problems = new ArrayList<>();
        JSON.readTree(a.out()).get("problems").forEach(p -> problems.add(p.asText()));
        assertTrue(problems.contains(binding + ":1: ClusterRoleBinding odd names ServiceAccount default in namespace "
                + "\"../..\", which cannot exist (a namespace name is at most 63 lowercase letters, digits and '-', "
                + "starting and ending with a letter or digit); it matches no one."), problems.toString());
    }

    /**
     * A 300 MB YAML scalar (a file pasted into a ConfigMap, a mistake, an attack) under -Xmx512m: one line naming the
     * limit and exit code 3, where the YAML parser used to run out of memory building it.
     */
    @Test
    void aHugeYamlScalarIsOneLineOfErrorUnderASmallHeap(@TempDir Path dir) throws Exception {
        Run r = bash(dir, "{ printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: big}\\ndata:\\n  file: |\\n'; "
                + "yes \"    $(printf '%0100d' 0)\" | head -c 300000000; } | JAVA_OPTIONS=-Xmx512m PSP2PSA check -f -");
        assertEquals("error: -:5:7: a value is longer than the limit of 4 MiB per value.\n", r.err());
        assertEquals(3, r.exitCode());
    }
}
