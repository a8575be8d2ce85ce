package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert --guard-labels}: opt-in, needs {@code --label-admins}, and said when no engine writes it. */
class GuardLabelsTest {

    private static final String ADMINS = "group:platform-admins,serviceaccount:argocd:argocd-application-controller";

    /** The guard folder of a 1.32 cluster (every engine, Kyverno as ValidatingPolicy) and the README that orders it. */
    @Test
    void guardTree(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("convert", "-f", "samples/multi-tenant", "-o", out.toString(), "--cluster-version",
                "v1.32", "--guard-labels", "--label-admins", ADMINS);
        assertEquals(0, r.exitCode(), r.err());
        Map<String, String> files = new TreeMap<>();
        ConvertCommandTest.tree(out).forEach((path, text) -> {
            if (path.startsWith("guard/") || path.equals("README.md")) {
                files.put(path, text);
            }
        });
        ApprovedTree.verify(files, "GuardLabelsTest", "guardTree");
    }

    @Test
    void theGuardIsOptIn(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("convert", "-f", "samples/cluster", "-o", out.toString(), "--label-admins", ADMINS);
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(Files.exists(out.resolve("guard")));
        assertFalse(Files.readString(out.resolve("README.md")).contains("guard"));
    }

    @Test
    void withoutLabelAdminsItIsAUsageError(@TempDir Path tmp) {
        CliRun r = CliRun.run("convert", "-f", "samples/cluster", "-o", tmp.resolve("out").toString(),
                "--guard-labels");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: --guard-labels needs --label-admins: add --label-admins with the subjects that may change "
                + "pod-security.kubernetes.io/* labels (user:NAME, group:NAME or serviceaccount:NAMESPACE:NAME), "
                + "including whoever applies namespaces/.\n", r.err());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }

    @Test
    void withoutAnEngineTheNotesSaySo(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines", "none",
                "--guard-labels", "--label-admins", ADMINS);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().replace("\n  ", " ").contains("No label guard written (--engines none): nothing keeps the "
                + "pod-security.kubernetes.io/* labels to the label admins; convert with --engines vap, kyverno or "
                + "gatekeeper to write it."), r.out());
        assertFalse(Files.exists(out.resolve("guard")));
        assertTrue(Files.readString(out.resolve("README.md")).contains("6. **No label guard** was written "
                + "(`--engines none`): nothing keeps the labels to `" + ADMINS + "`."));
    }

    /** verify reads the engines' gap policies, not the guard: a guarded tree verifies as the same tree unguarded. */
    @Test
    void verifyIgnoresTheGuard(@TempDir Path tmp) {
        Path guarded = tmp.resolve("guarded");
        Path plain = tmp.resolve("plain");
        assertEquals(0, CliRun.run("convert", "-f", "samples/cluster", "-o", guarded.toString(), "--cluster-version",
                "v1.32", "--guard-labels", "--label-admins", ADMINS).exitCode());
        assertEquals(0, CliRun.run("convert", "-f", "samples/cluster", "-o", plain.toString(), "--cluster-version",
                "v1.32").exitCode());
        CliRun a = CliRun.run("verify", "-f", "samples/cluster", "--policies", guarded.toString(), "--format", "json");
        CliRun b = CliRun.run("verify", "-f", "samples/cluster", "--policies", plain.toString(), "--format", "json");
        assertEquals(b.exitCode(), a.exitCode(), a.err());
        assertEquals(b.out().replace(plain.toString(), "DIR"), a.out().replace(guarded.toString(), "DIR"));
    }
}
