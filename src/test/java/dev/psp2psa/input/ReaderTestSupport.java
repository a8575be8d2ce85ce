package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.psp2psa.inventory.Inventory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;

/** Files in a temporary working directory, a reader rooted there, and assertions on what it reads. */
abstract class ReaderTestSupport {

    @TempDir
    Path dir;

    Path write(String name, String content) {
        return writeBytes(name, content.getBytes(StandardCharsets.UTF_8));
    }

    Path writeBytes(String name, byte[] content) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InventoryReader.Options options() {
        return InventoryReader.Options.defaults().withWorkingDirectory(dir);
    }

    Inventory read(String... paths) {
        return new InventoryReader(options()).read(List.of(paths), InputStream.nullInputStream());
    }

    Inventory readStdin(String stdin, String... paths) {
        return new InventoryReader(options()).read(List.of(paths),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    InputException fails(String... paths) {
        return assertThrows(InputException.class, () -> read(paths));
    }

    InputException fails(InventoryReader.Options options, String... paths) {
        return assertThrows(InputException.class,
                () -> new InventoryReader(options).read(List.of(paths), InputStream.nullInputStream()));
    }

    /** Exact place and message, and the one-line form the CLI prints. */
    static void assertError(InputException e, String file, int line, int column, String message) {
        assertAll(
                () -> assertEquals(file, e.file(), "file"),
                () -> assertEquals(line, e.line(), "line"),
                () -> assertEquals(column, e.column(), "column"),
                () -> assertEquals(message, e.getMessage(), "message"),
                () -> assertEquals(List.of(e.located()), e.located().lines().toList(), "one line"));
    }

    /** {@code Kind namespace/name @ file:line (Java class)} for every object, in order. */
    static List<String> objects(Inventory inventory) {
        return inventory.objects().stream()
                .map(s -> s.kind() + " " + (s.namespace() == null ? "" : s.namespace() + "/") + s.name()
                        + " @ " + s.source() + " (" + s.object().getClass().getSimpleName() + ")")
                .collect(Collectors.toList());
    }
}
