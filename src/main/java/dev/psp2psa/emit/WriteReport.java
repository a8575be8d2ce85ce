package dev.psp2psa.emit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * What writing the tree did to the output directory, beyond writing psp2psa's files.
 *
 * @param directory  the directory written (the target of a symbolic link, when the path given was one)
 * @param linked     whether the path given was a symbolic link
 * @param replaced   files that were not psp2psa's, or were edited since it wrote them, replaced with --force
 * @param removed    psp2psa's files from an earlier run that it no longer writes
 * @param keptCount  how many files that are not psp2psa's were kept
 * @param kept       the kept files, a directory holding no file of psp2psa's as one entry ({@code .git/ (12 files)})
 */
public record WriteReport(Path directory, boolean linked, List<String> replaced, List<String> removed,
        int keptCount, List<String> kept) {

    /** The most paths a sentence names before it says how many more there are. */
    static final int MAX_LISTED = 10;

    public WriteReport {
        replaced = List.copyOf(replaced);
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
    }

    /** One sentence each about what the user should know: the link followed, files replaced, removed and kept. */
    public List<String> sentences(Path given) {
        List<String> out = new ArrayList<>();
        if (linked) {
            out.add(given + " is a symbolic link: the files were written into the directory it points to, "
                    + directory + ".");
        }
        if (!replaced.isEmpty()) {
            out.add("Replaced " + replaced.size() + " file(s) that psp2psa did not write or that were edited since "
                    + "it wrote them (--force): " + list(replaced) + ".");
        }
        if (!removed.isEmpty()) {
            out.add("Removed " + removed.size() + " file(s) that psp2psa wrote before and no longer writes: "
                    + list(removed) + ".");
        }
        if (keptCount > 0) {
            out.add("Kept " + keptCount + " file(s) in " + given + " that are not psp2psa's: " + list(kept) + ".");
        }
        return out;
    }

    /** The items, comma-separated, the first {@value #MAX_LISTED} of them and then how many more. */
    static String list(Collection<String> items) {
        StringBuilder sb = new StringBuilder();
        Iterator<String> it = items.iterator();
        for (int i = 0; it.hasNext() && i < MAX_LISTED; i++) {
            sb.append(i == 0 ? "" : ", ").append(it.next());
        }
        if (items.size() > MAX_LISTED) {
            sb.append(" and ").append(items.size() - MAX_LISTED).append(" more");
        }
        return sb.toString();
    }
}
