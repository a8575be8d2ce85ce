package dev.psp2psa.emit;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Moves staged files into an existing directory one by one, each by a rename, keeping every other file there. In
 * order: a manifest listing both the old and the new hashes (so a run killed halfway leaves no file whose owner is
 * unknown), the new and changed files, the removal of psp2psa's stale files, then the final manifest, last. What is in
 * the way (a file being replaced, a stale file) is first moved into the staging directory; on a failure every step is
 * undone in reverse order, so the directory is left as it was.
 */
final class InPlaceCommit {

    /** One step to undo. */
    private interface Undo {
        void run() throws IOException;
    }

    private final Path dir;
    private final Path staged;
    private final Path backups;
    private final Deque<Undo> journal = new ArrayDeque<>();
    private int backupCount;

    /** Commits the files staged under {@code staged} into {@code dir}, keeping what they replace under {@code backups}. */
    InPlaceCommit(Path dir, Path staged, Path backups) {
        this.dir = dir;
        this.staged = staged;
        this.backups = backups;
    }

    void run(Path unionManifest, List<String> write, List<String> remove, Path finalManifest) throws IOException {
        Files.createDirectories(backups);
        try {
            place(unionManifest, TreeWriter.MANIFEST);
            for (String path : write) {
                place(staged.resolve(path), path);
            }
            for (String path : remove) {
                backup(path);
            }
            place(finalManifest, TreeWriter.MANIFEST);
        } catch (IOException | RuntimeException e) {
            undo(e);
            throw e;
        }
        for (String path : remove) {
            pruneEmptyParents(path);
        }
    }

    private void place(Path from, String path) throws IOException {
        createParents(path);
        Path to = dir.resolve(path);
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            backup(path);
        }
        move(from, to);
        journal.push(() -> move(to, from));
    }

    /** Creates the directories of {@code path}, moving a file (or link) in the way aside. */
    private void createParents(String path) throws IOException {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            Path d = dir.resolve(path.substring(0, slash));
            if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                backup(path.substring(0, slash));
            }
            Files.createDirectory(d);
            journal.push(() -> Files.deleteIfExists(d));
        }
    }

    private void backup(String path) throws IOException {
        Path from = dir.resolve(path);
        Path to = backups.resolve(Integer.toString(++backupCount));
        move(from, to);
        journal.push(() -> move(to, from));
    }

    private void undo(Exception failure) {
        while (!journal.isEmpty()) {
            try {
                journal.pop().run();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Removes the directories that removing {@code path} left empty (never {@code dir} itself); best effort. */
    private void pruneEmptyParents(String path) {
        for (Path d = dir.resolve(path).getParent(); d != null && !d.equals(dir) && d.startsWith(dir);
                d = d.getParent()) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
                if (s.iterator().hasNext()) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
            try {
                Files.delete(d);
            } catch (IOException e) {
                return;
            }
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
