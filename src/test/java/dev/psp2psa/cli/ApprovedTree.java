package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A whole output tree as a directory of approved files ({@code src/test/resources/dev/psp2psa/cli/<Test>/<case>/}),
 * one file per file of the tree, so that a reviewer reads the change of one file in its own diff. The tree must have
 * exactly the approved files, byte for byte. On a difference the received tree is written to
 * {@code target/received/<Test>/<case>/} and the test fails naming the files that differ;
 * {@code -Dpsp2psa.approve=true} replaces the approved directory with the received tree.
 */
final class ApprovedTree {

    static final Path APPROVED = Path.of("src", "test", "resources", "dev", "psp2psa", "cli");
    static final Path RECEIVED = Path.of("target", "received");

    private ApprovedTree() {
    }

    static void verify(Map<String, String> files, String test, String name) {
        Path approved = APPROVED.resolve(test).resolve(name);
        Path received = RECEIVED.resolve(test).resolve(name);
        try {
            if (Boolean.getBoolean("psp2psa.approve")) {
                write(files, approved);
            }
            Map<String, String> expected = Files.isDirectory(approved) ? ConvertCommandTest.tree(approved) : Map.of();
            List<String> differ = differences(expected, files);
            delete(received);
            if (!differ.isEmpty()) {
                write(files, received);
                fail(differ.size() + " file(s) differ from " + approved + ": " + differ + "; the received tree is "
                        + received + " (diff -r), or run with -Dpsp2psa.approve=true after review");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The paths that are missing, extra or different, each marked with how. */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        Set<String> paths = new TreeSet<>(expected.keySet());
        paths.addAll(actual.keySet());
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            if (!actual.containsKey(p)) {
                out.add("-" + p);
            } else if (!expected.containsKey(p)) {
                out.add("+" + p);
            } else if (!Objects.equals(expected.get(p), actual.get(p))) {
                out.add("~" + p);
            }
        }
        return out;
    }

    private static void write(Map<String, String> files, Path dir) throws IOException {
        delete(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
