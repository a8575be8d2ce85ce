package dev.psp2psa.emit;

import dev.psp2psa.input.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * Writes an {@link OutputTree} into a directory all at once: the files go into a temporary directory beside the
 * target, which then replaces the target. A target that exists, is not empty and holds no psp2psa manifest (so
 * was not written by psp2psa) is only replaced with {@code force}. Nothing is half-written: on any failure the
 * target is left as it was.
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

    public static void write(OutputTree tree, Path target, boolean force) {
        Path dir = target.toAbsolutePath().normalize();
        try {
            Path cwd = Path.of("").toAbsolutePath().normalize();
            Path home = Path.of(System.getProperty("user.home", "/")).toAbsolutePath().normalize();
            if (dir.getParent() == null || cwd.startsWith(dir) || dir.equals(home)) {
                throw new RefusedException(target + " is the current directory, one of its parents or the home "
                        + "directory; psp2psa writes its output into a directory of its own.");
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new RefusedException(target + " exists and is not a directory.");
            }
            if (Files.isDirectory(dir) && !force && !isEmpty(dir) && !Files.isRegularFile(dir.resolve(MANIFEST))) {
                throw new RefusedException(target + " exists and was not written by psp2psa; "
                        + "choose another directory or pass --force to replace it.");
            }
            Path parent = dir.getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".psp2psa-new-");
            try {
                StringBuilder manifest = new StringBuilder();
                for (Map.Entry<String, String> f : tree.files().entrySet()) {
                    Path p = tmp.resolve(f.getKey());
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                    manifest.append(f.getKey()).append('\n');
                }
                Files.writeString(tmp.resolve(MANIFEST), manifest.toString(), StandardCharsets.UTF_8);
                replace(tmp, dir);
            } finally {
                if (Files.exists(tmp)) {
                    deleteRecursively(tmp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot be written (" + IoErrors.why(e) + ").", e);
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
        deleteRecursively(old);
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

    private static void deleteRecursively(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
