package dev.psp2psa.emit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes an {@link OutputTree} into a directory all at once: the files go into a temporary directory beside the
 * target ({@link StagingDir}: removed when the run ends, by a shutdown hook when it is interrupted, and by the next
 * run when it was killed), which then replaces the target. A target that exists, is not empty and holds no psp2psa
 * manifest (so was not written by psp2psa) is only replaced with {@code force}. Nothing is half-written: on any
 * failure the target is left as it was.
 */
public final class TreeWriter {

    /** The file psp2psa writes into every output directory, listing the files it wrote. */
    public static final String MANIFEST = ".psp2psa-manifest";

    private TreeWriter() {
    }

    /** Thrown when the target exists and was not written by psp2psa. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Writes the tree. Refused ({@link OutputGuard}), whatever the flags: the root, the current directory and its
     * parents, the home directory and its parents, a directory holding an input; a symbolic link is followed, and
     * the directory it points to is checked and written.
     */
    public static void write(OutputTree tree, OutputTarget target) {
        try {
            OutputGuard.Resolved out = OutputGuard.check(target);
            Path dir = out.directory();
            if (Files.isDirectory(dir) && !target.force() && !isEmpty(dir)
                    && !Files.isRegularFile(dir.resolve(MANIFEST))) {
                throw new RefusedException(out.display() + " exists and was not written by psp2psa; "
                        + "choose another directory or pass --force to replace it.");
            }
            Path parent = dir.getParent();
            Files.createDirectories(parent);
            StagingDir.removeLeftovers(dir);
            try (StagingDir staging = StagingDir.create(dir)) {
                StringBuilder manifest = new StringBuilder();
                for (Map.Entry<String, String> f : tree.files().entrySet()) {
                    staging.write("new/" + f.getKey(), f.getValue());
                    manifest.append(f.getKey()).append('\n');
                }
                staging.write("new/" + MANIFEST, manifest.toString());
                staging.commit(() -> replace(staging.root().resolve("new"), dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target.directory() + ": " + e.getMessage(), e);
        }
    }

    private static void replace(Path tmp, Path dir) throws IOException {
        if (!Files.exists(dir)) {
            move(tmp, dir);
            return;
        }
        Path old = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".psp2psa-old-");
        Files.delete(old);
        move(dir, old);
        try {
            move(tmp, dir);
        } catch (IOException e) {
            move(old, dir);
            throw e;
        }
        StagingDir.deleteRecursively(old);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }
}
