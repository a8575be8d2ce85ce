package dev.psp2psa.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/** The manifest files of the inputs: which files a directory holds, their format, and why one cannot be read. */
final class ManifestFiles {

    private ManifestFiles() {
    }

    /** The manifest files of a directory: {relative path, display name}, sorted by relative path. */
    static List<String[]> directoryFiles(Path dir, String given) {
        List<String> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                            // A directory psp2psa convert wrote (such as an output inside the input) is not input.
                            boolean skip = isHidden(d) || Files.isRegularFile(d.resolve(PolicyDirReader.MANIFEST));
                            return !d.equals(dir) && skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                            if (!attrs.isDirectory() && !isHidden(f) && hasManifestExtension(f)) {
                                files.add(relative(dir, f));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                            if (e instanceof FileSystemLoopException) {
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw unreadable(given, e);
        }
        if (files.isEmpty()) {
            throw new InputException(given, 0, 0, "is a directory with no .yaml, .yml or .json files.");
        }
        files.sort(null);
        String prefix = given.endsWith("/") || given.endsWith(dir.getFileSystem().getSeparator()) ? given
                : given + "/";
        List<String[]> out = new ArrayList<>();
        for (String rel : files) {
            out.add(new String[] {rel, prefix + rel});
        }
        return out;
    }

    enum Format { YAML, JSON }

    static Format formatOf(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return Format.JSON;
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return Format.YAML;
        }
        return null;
    }

    /** JSON when the first character that is not white space opens an object or an array. */
    static Format sniff(BufferedReader reader) throws IOException {
        int limit = 8 * 1024;
        reader.mark(limit);
        try {
            for (int i = 0; i < limit; i++) {
                int c = reader.read();
                if (c < 0) {
                    return Format.YAML;
                }
                if (!Character.isWhitespace(c)) {
                    return c == '{' || c == '[' ? Format.JSON : Format.YAML;
                }
            }
            return Format.YAML;
        } finally {
            reader.reset();
        }
    }

    static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    static boolean hasManifestExtension(Path p) {
        return formatOf(p) != null;
    }

    static String relative(Path dir, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : dir.relativize(file)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /**
     * What tells whether two paths are the same file: its real path; for a pipe reached through a link that leads
     * nowhere on disk ({@code /dev/fd/63} and {@code /dev/stdin} lead to {@code pipe:[...]}), the path itself.
     */
    static Path identity(Path path, String display) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
                return path.toAbsolutePath().normalize();
            }
            throw unreadable(display, e);
        }
    }

    static InputException unreadable(String display, IOException e) {
        return new InputException(display, 0, 0, "cannot be read (" + IoErrors.why(e) + ").", e);
    }

    /** Why a path the user named does not exist: it does not, or it is a link to nothing, or it cannot be reached. */
    static InputException missing(Path path, String display) {
        try {
            Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(path)) {
                return new InputException(display, 0, 0, "is a symbolic link to a file that does not exist.", e);
            }
        } catch (IOException e) {
            return unreadable(display, e);
        }
        return new InputException(display, 0, 0, "no such file or directory.");
    }
}
