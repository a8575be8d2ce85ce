package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * psp2psa as a process: what the JVM itself throws (out of memory under a small heap) is one {@code error:} line and
 * exit 4, never a stack trace and exit 1, which CI reads as findings ({@code --fail-on}).
 */
class ChildJvmTest {

    /** Runs {@code dev.psp2psa.Main} in a child JVM with the test classpath and the JVM options. */
    static Result run(List<String> jvm, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.psp2psa.Main");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM ends");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void runningOutOfMemoryIsOneErrorLineAndExitFour(@TempDir Path tmp) throws Exception {
        Path big = tmp.resolve("roles.yaml");
        try (Writer w = Files.newBufferedWriter(big)) {
            for (int i = 0; i < 30_000; i++) {
                w.write("---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: role-" + i
                        + "\nrules:\n- apiGroups: [policy]\n  resources: [podsecuritypolicies]\n  verbs: [use]\n"
                        + "  resourceNames: [psp-" + i + "]\n- apiGroups: ['']\n  resources: [pods, services]\n"
                        + "  verbs: [get, list, watch]\n");
            }
        }
        Result r = run(List.of("-Xmx24m", "-XX:TieredStopAtLevel=1"), "analyze", "-f", "samples/cluster/psps.yaml",
                "-f", big.toString());
        assertEquals(ExitCodes.INTERNAL, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("error: psp2psa ran out of memory (a heap of "), r.err());
        assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
        assertEquals("", r.out());
    }
}
