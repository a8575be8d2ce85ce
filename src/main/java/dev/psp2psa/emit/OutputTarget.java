package dev.psp2psa.emit;

import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code convert} writes its tree, and what that directory must never be.
 *
 * @param directory the output directory as the user gave it (a symbolic link is written through)
 * @param force     whether files psp2psa did not write, or that were edited since it wrote them, may be replaced
 * @param inputs    the input paths (files and directories): a directory holding one of them is refused
 * @param home      the user's home directory ({@code $HOME}; may be null): it and its parents are refused
 */
public record OutputTarget(Path directory, boolean force, List<Path> inputs, Path home) {

    public OutputTarget {
        inputs = List.copyOf(inputs);
    }

    /** A target with no inputs to protect and the JVM's idea of the home directory. */
    public static OutputTarget of(Path directory, boolean force) {
        return new OutputTarget(directory, force, List.of(), null);
    }
}
