package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code convert -o DIR} promises about DIR (issue 12, "Nothing lost, nothing leaked"), on real directories: a
 * rerun replaces only psp2psa's own files, {@code --force} never wipes a directory, a symbolic link is written
 * through, leftovers of a killed run are cleaned up, and an output inside an input directory is not read back.
 */
class OutputDirectoryTest {

    private static void copySample(String sample, Path to) throws IOException {
        Path from = Path.of(sample);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void anOutputInsideTheInputDirectoryIsNotReadBackOnTheNextRun(@TempDir Path tmp) throws IOException {
        Path input = tmp.resolve("cluster");
        copySample("samples/cluster", input);
        Path out = input.resolve("migration");
        CliRun first = CliRun.run("convert", "-f", input.toString(), "-o", out.toString());
        assertEquals(0, first.exitCode(), first.err());
        Map<String, String> written = ConvertCommandTest.tree(out);
        CliRun second = CliRun.run("convert", "-f", input.toString(), "-o", out.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertFalse(second.err().contains("defined twice"), second.err());
        assertEquals(written, ConvertCommandTest.tree(out), "the second run reads the same input");
        assertTrue(Files.exists(out.resolve("namespaces/shop.yaml")));
    }
}
