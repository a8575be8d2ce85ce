package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** I/O problems in plain words, never a Java class name (issue 12). */
class IoErrorsTest {

    @Test
    void theCommonProblemsInPlainWords() {
        Map<IOException, String> cases = new LinkedHashMap<>();
        cases.put(new NoSuchFileException("a.yaml"), "no such file or directory");
        cases.put(new AccessDeniedException("a.yaml"), "permission denied");
        cases.put(new FileSystemLoopException("a.yaml"), "a symbolic link loop");
        cases.put(new NotDirectoryException("a.yaml"), "not a directory");
        cases.put(new DirectoryNotEmptyException("out"), "a directory that is not empty is in the way");
        cases.put(new MalformedInputException(1), "it is not UTF-8 text");
        cases.put(new FileSystemException("a.yaml", null,
                "Too many levels of symbolic links or unable to access attributes of symbolic link"),
                "a symbolic link loop");
        cases.put(new FileSystemException("d", null, "Is a directory"), "it is a directory");
        cases.put(new FileSystemException("a.yaml/x", null, "Not a directory"),
                "a part of the path is not a directory");
        cases.put(new FileSystemException("a.yaml", null, "Operation not permitted"), "permission denied");
        cases.put(new FileSystemException("out", null, "No space left on device"), "no space left on the device");
        cases.put(new FileSystemException("out", null, "Read-only file system"), "the file system is read-only");
        cases.put(new FileSystemException("x".repeat(300), null, "File name too long"), "the file name is too long");
        cases.put(new FileSystemException("a.yaml"), "an input/output error");
        cases.put(new IOException("Input/output error."), "input/output error");
        cases.put(new IOException(), "an input/output error");
        cases.forEach((e, words) -> assertEquals(words, IoErrors.why(e), e.getClass().getSimpleName()));
    }
}
