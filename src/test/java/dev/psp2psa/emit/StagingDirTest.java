package dev.psp2psa.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staging directory of a run and what an interrupted run leaves (issue 12): the shutdown hook that SIGINT and
 * SIGTERM run deletes it, waits for a commit in progress, and a failed commit into an existing directory is undone.
 */
class StagingDirTest {

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theShutdownHookDeletesTheStagingDirectoryAndStopsTheRun(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        try (StagingDir staging = StagingDir.create(out)) {
            assertTrue(staging.root().getFileName().toString()
                    .matches("\\.out\\.psp2psa-new-" + ProcessHandle.current().pid() + "-\\d+"));
            staging.write("new/namespaces/a.yaml", "kind: Namespace\n");
            staging.shutdownHook().run();
            assertEquals(List.of(), names(tmp), "nothing is left beside DIR");
            assertThrows(IOException.class, () -> staging.write("new/b.yaml", "x"));
            assertThrows(IOException.class, () -> staging.commit(() -> Files.createDirectory(out)));
            assertEquals(List.of(), names(tmp), "a write after the hook recreates nothing");
        }
    }

    @Test
    void theShutdownHookWaitsForACommitInProgress(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        StagingDir staging = StagingDir.create(out);
        staging.write("new/README.md", "hello\n");
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread run = new Thread(() -> {
            try {
                staging.commit(() -> {
                    committing.countDown();
                    await(release);
                    InPlaceCommit.move(staging.root().resolve("new"), out);
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        run.start();
        assertTrue(committing.await(10, TimeUnit.SECONDS));
        Thread hook = staging.shutdownHook();
        hook.start();
        hook.join(300);
        assertTrue(hook.isAlive(), "the hook waits for the commit");
        release.countDown();
        run.join(10_000);
        hook.join(10_000);
        assertEquals("hello\n", Files.readString(out.resolve("README.md")), "the commit completed");
        assertEquals(List.of("out"), names(tmp), "and then the staging directory was deleted");
        staging.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailedCommitIntoAnExistingDirectoryIsUndone(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(dir.resolve(TreeWriter.MANIFEST), "old manifest\n");
        Files.createDirectories(dir.resolve("namespaces"));
        Files.writeString(dir.resolve("namespaces/a.yaml"), "old a\n");
        Files.writeString(dir.resolve("stale.yaml"), "stale\n");
        Path staged = Files.createDirectories(tmp.resolve("stage/new"));
        Files.writeString(tmp.resolve("stage/union"), "union\n");
        Files.writeString(staged.resolve(TreeWriter.MANIFEST), "new manifest\n");
        Files.writeString(staged.resolve("README.md"), "new readme\n");
        Files.createDirectories(staged.resolve("namespaces"));
        Files.writeString(staged.resolve("namespaces/a.yaml"), "new a\n");
        Files.createDirectories(staged.resolve("vap"));
        // vap/b.yaml is missing from the stage: the commit fails halfway.
        InPlaceCommit commit = new InPlaceCommit(dir, staged, tmp.resolve("stage/old"));
        assertThrows(IOException.class, () -> commit.run(tmp.resolve("stage/union"),
                List.of("README.md", "namespaces/a.yaml", "vap/b.yaml"), List.of("stale.yaml"),
                staged.resolve(TreeWriter.MANIFEST)));
        assertEquals(List.of(TreeWriter.MANIFEST, "namespaces", "stale.yaml"), names(dir));
        assertEquals("old manifest\n", Files.readString(dir.resolve(TreeWriter.MANIFEST)));
        assertEquals("old a\n", Files.readString(dir.resolve("namespaces/a.yaml")));
        assertFalse(Files.exists(dir.resolve("vap")));
    }
}
