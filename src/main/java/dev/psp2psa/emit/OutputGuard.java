package dev.psp2psa.emit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories {@code convert} never writes into, whatever the flags: the root, the current directory and its
 * parents, the home directory and its parents, a directory holding an input, and anything that exists and is not a
 * directory. The output directory is resolved first: a symbolic link (or a chain of them, even to a directory that
 * does not exist yet) is followed, so the checks apply to, and the files go into, the directory it points to.
 */
final class OutputGuard {

    private static final int MAX_LINKS = 40;

    private OutputGuard() {
    }

    /** The output directory after following links: its real path, and whether the path given was a link. */
    record Resolved(Path given, Path directory, boolean linked, String display) {
    }

    static Resolved check(OutputTarget target) throws IOException {
        Path given = target.directory().toAbsolutePath().normalize();
        boolean linked = Files.isSymbolicLink(given);
        Path dir = real(given);
        String display = target.directory() + (linked ? " (a symbolic link to " + dir + ")" : "");
        Path cwd = real(Path.of("").toAbsolutePath());
        if (dir.getParent() == null || cwd.startsWith(dir)) {
            throw refused(display + " is the current directory or one of its parents");
        }
        for (Path home : homes(target)) {
            if (home.startsWith(dir)) {
                throw refused(display + " is the home directory or one of its parents");
            }
        }
        for (Path input : target.inputs()) {
            if (real(cwd.resolve(input)).startsWith(dir)) {
                throw refused(display + " holds the input " + input);
            }
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new TreeWriter.RefusedException(display + " exists and is not a directory.");
        }
        return new Resolved(given, dir, linked, display);
    }

    private static TreeWriter.RefusedException refused(String what) {
        return new TreeWriter.RefusedException(what + "; psp2psa writes its output into a directory of its own.");
    }

    /** {@code $HOME} and the JVM's {@code user.home}; a home that is the root (as in some containers) is no home. */
    private static List<Path> homes(OutputTarget target) throws IOException {
        List<Path> homes = new ArrayList<>();
        String property = System.getProperty("user.home");
        for (Path home : new Path[] {target.home(), property == null || property.isEmpty() ? null : Path.of(property)}) {
            Path real = home == null ? null : real(home.toAbsolutePath());
            if (real != null && real.getParent() != null) {
                homes.add(real);
            }
        }
        return homes;
    }

    /**
     * The real path of {@code path}: its symbolic links followed, also a dangling last link (to a directory still to
     * be created), and the part that does not exist yet appended to the real path of the part that does.
     */
    static Path real(Path path) throws IOException {
        Path p = path.normalize();
        for (int i = 0; Files.isSymbolicLink(p); i++) {
            if (i == MAX_LINKS) {
                throw new TreeWriter.RefusedException(path + " is a chain of more than " + MAX_LINKS
                        + " symbolic links.");
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return p.toRealPath();
        }
        Path parent = p.getParent();
        return parent == null ? p : real(parent).resolve(p.getFileName().toString());
    }
}
