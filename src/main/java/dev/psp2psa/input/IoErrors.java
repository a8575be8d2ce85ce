package dev.psp2psa.input;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a file cannot be read or written, in the words people use ({@code no such file or directory},
 * {@code permission denied}, {@code a symbolic link loop}), never the name of a Java exception: for the middle of a
 * message such as {@code cannot be read (permission denied).}
 */
public final class IoErrors {

    private IoErrors() {
    }

    /** The reason, without a full stop. */
    public static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemLoopException) {
            return "a symbolic link loop";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a directory that is not empty is in the way";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return inTheWay(f.getFile());
        }
        if (e instanceof CharacterCodingException) {
            return "it is not UTF-8 text";
        }
        if (e instanceof FileSystemException f) {
            return reason(f.getReason());
        }
        return reason(e.getMessage());
    }

    private static String inTheWay(String file) {
        if (file == null) {
            return "a file is in the way";
        }
        return Files.isDirectory(Path.of(file)) ? "the directory " + file + " is in the way"
                : file + " exists and is not a directory";
    }

    /** The operating system's reason (such as {@code Is a directory}), as the middle of a sentence. */
    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "an input/output error";
        }
        String r = reason.strip();
        String lower = r.toLowerCase(Locale.ROOT);
        if (lower.startsWith("too many levels of symbolic links")) {
            return "a symbolic link loop";
        }
        if (lower.startsWith("is a directory")) {
            return "it is a directory";
        }
        if (lower.startsWith("not a directory")) {
            return "a part of the path is not a directory";
        }
        if (lower.startsWith("permission denied") || lower.startsWith("operation not permitted")) {
            return "permission denied";
        }
        if (lower.startsWith("no such file or directory")) {
            return "no such file or directory";
        }
        if (lower.startsWith("no space left on device")) {
            return "no space left on the device";
        }
        if (lower.startsWith("read-only file system")) {
            return "the file system is read-only";
        }
        if (lower.startsWith("file name too long")) {
            return "the file name is too long";
        }
        int newline = r.indexOf('\n');
        r = newline >= 0 ? r.substring(0, newline).strip() : r;
        while (r.endsWith(".")) {
            r = r.substring(0, r.length() - 1);
        }
        return TreeBuilder.clip(r.isEmpty() ? "an input/output error"
                : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1));
    }
}
