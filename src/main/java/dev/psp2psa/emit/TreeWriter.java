package dev.psp2psa.emit;

import dev.psp2psa.input.PolicyDirReader;
import dev.psp2psa.input.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an {@link OutputTree} into the output directory DIR, keeping every file there that is not psp2psa's.
 *
 * <ul>
 *   <li>Refused, whatever the flags ({@link OutputGuard}): the root, the current directory and its parents, the home
 *       directory and its parents, a directory holding an input, a path that is not a directory, and a directory
 *       where the tree has a file. A symbolic link is followed: the directory it points to is checked and written.
 *   <li>A DIR that exists, is not empty and holds no {@value #MANIFEST} (so psp2psa never wrote it) is written into
 *       only with {@code force}; a file in the way of the tree that is not psp2psa's ({@link OutputManifest}: not
 *       listed, or edited since) likewise, and such files are named in the refusal and in the report.
 *   <li>Every file is first written into a staging directory beside DIR ({@link StagingDir}), so a failure while
 *       writing (a full disk) leaves DIR untouched. A new DIR is then moved into place at once; an existing one gets
 *       the files moved in one by one, with psp2psa's stale files removed and the manifest written last
 *       ({@link InPlaceCommit}), any failure undone. Leftover staging directories of killed runs are removed first.
 * </ul>
 */
public final class TreeWriter {

    /** The file psp2psa writes into every output directory, listing the files it wrote and their hashes. */
    public static final String MANIFEST = PolicyDirReader.MANIFEST;

    private static final String NEW = "new";

    private TreeWriter() {
    }

    /** Thrown when the output directory must not be written (exit code 2); the message is one sentence. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** Writes the tree; throws {@link RefusedException} before writing anything when the directory is refused. */
    public static WriteReport write(OutputTree tree, OutputTarget target) {
        try {
            OutputGuard.Resolved out = OutputGuard.check(target);
            Path dir = out.directory();
            StagingDir.removeLeftovers(dir);
            if (out.linked()) {
                StagingDir.removeLeftovers(out.given());
            }
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                try (StagingDir staging = StagingDir.create(dir)) {
                    stage(staging, tree);
                    staging.commit(() -> InPlaceCommit.move(staging.root().resolve(NEW), dir));
                }
                return new WriteReport(dir, out.linked(), List.of(), List.of(), 0, List.of());
            }
            return update(tree, target, out);
        } catch (IOException e) {
            throw new UncheckedIOException(target.directory() + ": cannot be written (" + IoErrors.why(e) + ").", e);
        }
    }

    /** Writes the tree into the existing directory, keeping what is not psp2psa's. */
    private static WriteReport update(OutputTree tree, OutputTarget target, OutputGuard.Resolved out)
            throws IOException {
        Path dir = out.directory();
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS) && !target.force() && !isEmpty(dir)) {
            throw new RefusedException(out.display() + " exists, is not empty and was not written by psp2psa (it has "
                    + "no " + MANIFEST + "); choose another directory, or pass --force to write into it (the files "
                    + "psp2psa does not write are kept).");
        }
        OutputManifest old = OutputManifest.read(manifest);
        DirectoryChanges changes = DirectoryChanges.of(dir, old, tree.paths(),
                path -> OutputManifest.sha256(tree, path));
        changes.refuseUnlessAllowed(out.display(), target.force());
        Set<String> ours = new HashSet<>(tree.paths());
        ours.add(MANIFEST);
        ours.addAll(changes.remove);
        ours.addAll(changes.replaced);
        KeptFiles.Kept kept = KeptFiles.of(dir, ours, changes.keptEdited);
        try (StagingDir staging = StagingDir.create(dir)) {
            OutputManifest next = stage(staging, tree);
            changes.settle(next);
            Path root = staging.root();
            staging.write("union", old.union(next).text());
            staging.commit(() -> new InPlaceCommit(dir, root.resolve(NEW), root.resolve("old"))
                    .run(root.resolve("union"), changes.write, changes.remove, root.resolve(NEW).resolve(MANIFEST)));
        }
        return new WriteReport(dir, out.linked(), List.copyOf(changes.replaced), changes.remove, kept.count(),
                kept.entries());
    }

    /**
     * Writes the tree and then its manifest under {@code new/} of the staging directory, each file hashed as it is
     * written (no file is held whole); returns the manifest. The documents that write themselves (the reports) are
     * rendered on two threads beside this one, which writes the small files: each is its own file with its own hash,
     * so the bytes are the same whatever the order.
     */
    private static OutputManifest stage(StagingDir staging, OutputTree tree) throws IOException {
        Map<String, String> hashes = new java.util.concurrent.ConcurrentSkipListMap<>();
        List<String> streamed = tree.paths().stream().filter(tree::streamed).toList();
        java.util.concurrent.ExecutorService pool = streamed.isEmpty() ? null
                : java.util.concurrent.Executors.newFixedThreadPool(Math.min(2, streamed.size()), r -> {
                    Thread t = new Thread(r, "psp2psa-stage");
                    t.setDaemon(true);
                    return t;
                });
        List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
        try {
            for (String path : streamed) {
                running.add(pool.submit(() -> {
                    hashes.put(path, staging.write(NEW + "/" + path, tree, path));
                    return null;
                }));
            }
            for (String path : tree.paths()) {
                if (!tree.streamed(path)) {
                    hashes.put(path, staging.write(NEW + "/" + path, tree, path));
                }
            }
            await(running);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
                awaitTermination(pool);
            }
        }
        OutputManifest manifest = OutputManifest.ofHashes(hashes);
        staging.write(NEW + "/" + MANIFEST, manifest.text());
        return manifest;
    }

    /** Waits for every document; the first failure is thrown as it was thrown. */
    private static void await(List<java.util.concurrent.Future<?>> running) throws IOException {
        for (java.util.concurrent.Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing the reports");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    /** Waits for the threads to stop, so that nothing writes into the staging directory once it is discarded. */
    private static void awaitTermination(java.util.concurrent.ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }
}
