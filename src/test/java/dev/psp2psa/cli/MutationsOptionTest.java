package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert writes the mutations by default, for the engines written; --no-mutations leaves them out. */
class MutationsOptionTest {

    @Test
    void mutationsAreWrittenByDefaultForTheEnginesWritten(@TempDir Path tmp) {
        Path gk = tmp.resolve("gk");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", gk.toString()).exitCode());
        assertTrue(Files.isRegularFile(gk.resolve("gatekeeper/mutations/kustomization.yaml")));
        // Kubernetes 1.24: Gatekeeper only, so no Kyverno mutate policies a cluster without Kyverno could not run.
        assertFalse(Files.exists(gk.resolve("kyverno-mutations")));
        Path kyverno = tmp.resolve("kyverno");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", kyverno.toString(),
                "--cluster-version", "v1.30", "--engines", "kyverno").exitCode());
        assertTrue(Files.isRegularFile(kyverno.resolve("kyverno-mutations/kustomization.yaml")));
        assertFalse(Files.exists(kyverno.resolve("gatekeeper")));
    }

    @Test
    void noMutationsLeavesThemOut(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", out.toString(), "--cluster-version",
                "v1.30", "--no-mutations").exitCode());
        assertFalse(Files.exists(out.resolve("gatekeeper/mutations")));
        assertFalse(Files.exists(out.resolve("kyverno-mutations")));
        assertFalse(Files.readString(out.resolve("README.md")).contains("mutations/"));
    }

    @Test
    void bothOptionsAreAUsageError(@TempDir Path tmp) {
        CliRunResult r = CliRunResult.of("convert", "-f", "samples/cluster", "-o", tmp.resolve("out").toString(),
                "--emit-mutations", "--no-mutations");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--emit-mutations and --no-mutations contradict each other"), r.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }
}
