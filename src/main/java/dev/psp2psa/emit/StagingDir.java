package dev.psp2psa.emit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary directory a run builds its files in, beside the output directory DIR:
 * {@code .DIR.psp2psa-new-<pid>-<n>} (a hidden name, so that psp2psa never reads it as input). It is deleted when the
 * run ends, whether it succeeded or failed, and by a JVM shutdown hook when the run is interrupted (SIGINT, SIGTERM).
 * The hook waits for a commit in progress (the moves into DIR, which take milliseconds), so an interrupted run
 * leaves DIR as it was before or after, never between. A run that is killed outright (SIGKILL, a power cut) leaves
 * it behind: {@link #removeLeftovers} deletes such leftovers at the start of the next run into the same DIR.
 */
final class StagingDir implements AutoCloseable {

    private final Path root;
    private final Thread hook;
    private boolean discarded;

    /** Work that moves the staged files into place. */
    interface Commit {
        void run() throws IOException;
    }

    private StagingDir(Path root) {
        this.root = root;
        this.hook = new Thread(this::discard, "psp2psa-staging-cleanup");
    }

    /** A new staging directory beside {@code dir}, removed by a shutdown hook if the JVM stops before it is. */
    static StagingDir create(Path dir) throws IOException {
        String prefix = "." + dir.getFileName() + ".psp2psa-new-" + ProcessHandle.current().pid() + "-";
        while (true) {
            Path root = dir.resolveSibling(prefix + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
            try {
                Files.createDirectory(root);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            StagingDir staging = new StagingDir(root);
            Runtime.getRuntime().addShutdownHook(staging.hook);
            return staging;
        }
    }

    Path root() {
        return root;
    }

    /** The JVM shutdown hook: it discards the staging directory. */
    Thread shutdownHook() {
        return hook;
    }

    /** Writes a file (UTF-8) under the staging directory; fails once the directory has been discarded. */
    synchronized void write(String relative, String content) throws IOException {
        requireLive();
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /**
     * Writes the file at {@code path} of the tree under the staging directory as {@code relative} (UTF-8), hashing it
     * as it goes; returns its SHA-256 (hex). The content is rendered without holding the directory, so an interrupted
     * run is not kept waiting for a large document; a file finished after the directory was discarded fails the run.
     */
    String write(String relative, OutputTree tree, String path) throws IOException {
        java.security.MessageDigest digest = OutputManifest.digest();
        try (java.io.Writer out = open(relative, digest)) {
            tree.write(path, out);
        }
        synchronized (this) {
            requireLive();
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private synchronized java.io.Writer open(String relative, java.security.MessageDigest digest) throws IOException {
        requireLive();
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        java.io.OutputStream os = new java.security.DigestOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024), digest);
        return new java.io.BufferedWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8), 64 * 1024);
    }

    /** Runs the commit unless the directory has been discarded; the shutdown hook waits for it to finish. */
    synchronized void commit(Commit commit) throws IOException {
        requireLive();
        commit.run();
    }

    private void requireLive() throws IOException {
        if (discarded) {
            throw new IOException("the run was interrupted");
        }
    }

    /** Deletes the staging directory (at most once); errors are left to the next run's {@link #removeLeftovers}. */
    synchronized void discard() {
        if (discarded) {
            return;
        }
        discarded = true;
        try {
            deleteRecursively(root);
        } catch (IOException e) {
            // The next run into the same directory removes what is left.
        }
    }

    @Override
    public void close() {
        discard();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs (or ran) anyway.
        }
    }

    /**
     * Deletes the staging directories that runs into {@code dir} left beside it when they were killed:
     * directories named {@code .DIR.psp2psa-new-*} or {@code .DIR.psp2psa-old-*} (older psp2psa versions), except
     * those of a psp2psa process still running. Nothing else is touched: no other name, no symbolic link.
     */
    static void removeLeftovers(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        Pattern ours = Pattern.compile("\\." + Pattern.quote(dir.getFileName().toString())
                + "\\.psp2psa-(?:new|old)-(?:(\\d{1,18})-)?\\d+");
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent)) {
            for (Path sibling : siblings) {
                Matcher m = ours.matcher(sibling.getFileName().toString());
                if (m.matches() && Files.isDirectory(sibling, LinkOption.NOFOLLOW_LINKS) && !running(m.group(1))) {
                    deleteRecursively(sibling);
                }
            }
        }
    }

    /** Whether the psp2psa process of this id (null for the names of older versions) is still running. */
    private static boolean running(String pid) {
        if (pid == null) {
            return false;
        }
        long id = Long.parseLong(pid);
        return id != ProcessHandle.current().pid() && ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Deletes a directory tree without following symbolic links (a link is deleted, never its target). */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
