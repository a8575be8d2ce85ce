package dev.psp2psa.emit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files of the output directory a run keeps: every file (or link) that is not one psp2psa writes, replaces or
 * removes. A directory that holds none of psp2psa's files (such as {@code .git}) is listed as one entry with its
 * number of files; symbolic links are not followed, and a directory that cannot be read counts as one file.
 */
final class KeptFiles {

    private KeptFiles() {
    }

    /** The kept files, as {@link WriteReport#kept()} lists them, and how many there are. */
    record Kept(int count, List<String> entries) {
    }

    /**
     * @param ours   the paths psp2psa writes, replaces or removes (its files, the manifest and the files in their way)
     * @param edited the kept files that psp2psa wrote and that were edited since
     */
    static Kept of(Path dir, Set<String> ours, Set<String> edited) throws IOException {
        Set<String> oursDirs = new HashSet<>();
        for (String path : ours) {
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                oursDirs.add(path.substring(0, slash));
            }
        }
        Map<String, Integer> entries = new TreeMap<>();
        int[] count = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String path = relative(dir, file);
                if (!ours.contains(path)) {
                    count[0]++;
                    entries.merge(entry(path, oursDirs), 1, Integer::sum);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // A directory psp2psa may not read is none of its own: it is kept, and counted as one entry.
                return visitFile(file, null);
            }
        });
        List<String> listed = new ArrayList<>();
        entries.forEach((entry, files) -> listed.add(entry.endsWith("/") ? entry + " (" + files + " file"
                + (files == 1 ? "" : "s") + ")" : entry + (edited.contains(entry) ? " (edited since psp2psa wrote it)"
                : "")));
        return new Kept(count[0], listed);
    }

    /** The topmost directory of {@code path} that holds none of psp2psa's files, with a slash, or the path itself. */
    private static String entry(String path, Set<String> oursDirs) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String prefix = path.substring(0, slash);
            if (!oursDirs.contains(prefix)) {
                return prefix + "/";
            }
        }
        return path;
    }

    private static String relative(Path dir, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : dir.relativize(file)) {
            sb.append(sb.length() == 0 ? "" : "/").append(part);
        }
        return sb.toString();
    }
}
