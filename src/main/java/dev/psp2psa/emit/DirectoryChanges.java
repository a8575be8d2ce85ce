package dev.psp2psa.emit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What writing a tree into an existing directory changes there, worked out before anything is written. Each file of
 * the tree is written where it is missing or different; a file in its way (at its path, or where it needs a
 * directory) that is not psp2psa's ({@link OutputManifest}) is replaced only with {@code --force}; a directory in its
 * way is never replaced. psp2psa's own files that the tree no longer holds are removed, unless edited since. Paths
 * are followed without following symbolic links: a link inside the directory is a file like any other, so nothing
 * outside it is ever read, written or removed.
 */
final class DirectoryChanges {

    private enum Kind { ABSENT, DIRECTORY, OTHER }

    private final Path dir;
    private final OutputManifest old;
    private final Map<String, Kind> prefixes = new HashMap<>();

    /** The tree's files to move into place: new, changed, or replacing a file in their way (once settled). */
    final List<String> write = new ArrayList<>();
    /** The tree's files that may be written, in order, with the hash of psp2psa's own file there (null: written). */
    private final Map<String, String> candidates = new java.util.LinkedHashMap<>();
    /** Files that are not psp2psa's (or were edited since it wrote them) and that the tree replaces. */
    final SortedSet<String> replaced = new TreeSet<>();
    /** Files psp2psa wrote before, unedited, that the tree no longer holds. */
    final List<String> remove = new ArrayList<>();
    /** Files psp2psa wrote before and no longer writes, edited since: kept. */
    final SortedSet<String> keptEdited = new TreeSet<>();
    /** Directories where the tree has a file: never replaced. */
    final SortedSet<String> directoriesInTheWay = new TreeSet<>();

    private DirectoryChanges(Path dir, OutputManifest old) {
        this.dir = dir;
        this.old = old;
    }

    /** The hash of a new file's content, asked for only where it matters to a refusal. */
    interface Hashes {
        String hash(String path) throws IOException;
    }

    /**
     * The changes that turn {@code dir}, which holds the files of manifest {@code old}, into a tree of these paths.
     * Everything a refusal depends on is worked out here, before anything is written: {@code next} gives the new
     * content's hash only for a file in the way that is not psp2psa's (identical content replaces nothing). Which of
     * psp2psa's own files are rewritten is settled once the tree is staged ({@link #settle}).
     */
    static DirectoryChanges of(Path dir, OutputManifest old, java.util.Collection<String> paths, Hashes next)
            throws IOException {
        DirectoryChanges changes = new DirectoryChanges(dir, old);
        if (changes.kind(TreeWriter.MANIFEST) == Kind.DIRECTORY) {
            changes.directoriesInTheWay.add(TreeWriter.MANIFEST);
        }
        for (String path : paths) {
            changes.file(path, next);
        }
        for (String path : old.paths()) {
            if (!paths.contains(path)) {
                changes.stale(path);
            }
        }
        return changes;
    }

    /** Fills {@link #write} once the staged tree's hashes are known: psp2psa's own files are rewritten if changed. */
    DirectoryChanges settle(OutputManifest next) {
        write.clear();
        candidates.forEach((path, current) -> {
            if (current == null || !current.equals(next.hash(path))) {
                write.add(path);
            }
        });
        return this;
    }

    private void file(String path, Hashes next) throws IOException {
        String inTheWay = fileInTheWay(path);
        if (inTheWay != null) {
            if (!owned(inTheWay)) {
                replaced.add(inTheWay);
            }
            candidates.put(path, null);
            return;
        }
        Kind kind = kind(path);
        if (kind == Kind.DIRECTORY) {
            directoriesInTheWay.add(path);
            return;
        }
        if (kind == Kind.OTHER) {
            String current = regular(path) ? OutputManifest.sha256(dir.resolve(path)) : null;
            if (current != null && old.owns(path, current)) {
                // psp2psa's own file: rewritten only if the new content differs, known once staged.
                candidates.put(path, current);
                return;
            }
            if (current != null && current.equals(next.hash(path))) {
                return;
            }
            replaced.add(path);
        }
        candidates.put(path, null);
    }

    private void stale(String path) throws IOException {
        if (fileInTheWay(path) != null || kind(path) == Kind.ABSENT) {
            return;
        }
        if (owned(path)) {
            remove.add(path);
        } else {
            keptEdited.add(path);
        }
    }

    /** The first directory of {@code path} that exists and is not a directory (a file, a link), or null. */
    private String fileInTheWay(String path) throws IOException {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String prefix = path.substring(0, slash);
            Kind kind = prefixes.get(prefix);
            if (kind == null) {
                kind = kind(prefix);
                prefixes.put(prefix, kind);
            }
            if (kind == Kind.ABSENT) {
                return null;
            }
            if (kind == Kind.OTHER) {
                return prefix;
            }
        }
        return null;
    }

    private Kind kind(String path) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(dir.resolve(path), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return a.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
        } catch (NoSuchFileException e) {
            return Kind.ABSENT;
        }
    }

    private boolean regular(String path) {
        return Files.isRegularFile(dir.resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether the file at {@code path} is psp2psa's: a regular file with the content it wrote there. */
    private boolean owned(String path) throws IOException {
        return regular(path) && old.owns(path, OutputManifest.sha256(dir.resolve(path)));
    }

    /** Refuses what must not happen: replacing a directory (ever), or a file that is not psp2psa's (without force). */
    void refuseUnlessAllowed(String display, boolean force) {
        if (!directoriesInTheWay.isEmpty()) {
            throw new TreeWriter.RefusedException(display + ": " + WriteReport.list(directoriesInTheWay)
                    + (directoriesInTheWay.size() == 1 ? " is a directory" : " are directories")
                    + " where psp2psa writes a file, and psp2psa never replaces a directory, even with --force.");
        }
        if (!force && !replaced.isEmpty()) {
            throw new TreeWriter.RefusedException(display + ": " + replaced.size() + " file(s) that psp2psa did not "
                    + "write or that were edited since it wrote them would be replaced (" + WriteReport.list(replaced)
                    + "); move them away, or pass --force to replace them.");
        }
    }
}
