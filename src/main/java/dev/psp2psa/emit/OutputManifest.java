package dev.psp2psa.emit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code .psp2psa-manifest} of an output directory: every file psp2psa wrote there, with the SHA-256 of the
 * content it wrote, one {@code <sha256>  <path>} line per file sorted by path (the format of {@code sha256sum}, so
 * {@code sha256sum -c .psp2psa-manifest} checks the directory). It holds no timestamp and no absolute path, so it is
 * byte-identical on every run over the same input. A file is psp2psa's when the manifest lists its path with the
 * hash of its current content: a file edited since, a file the manifest does not list, and a path psp2psa never
 * writes (absolute, with {@code ..} or a hidden part such as {@code .git}) are not, whatever a manifest says. Lines
 * without a hash (the manifests of psp2psa before issue 12) make no file psp2psa's.
 */
final class OutputManifest {

    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  (.+)");

    /** The hashes psp2psa wrote each path with; more than one only while a run is replacing the files. */
    private final SortedMap<String, SortedSet<String>> hashes;

    private OutputManifest(SortedMap<String, SortedSet<String>> hashes) {
        this.hashes = hashes;
    }

    static OutputManifest empty() {
        return new OutputManifest(new TreeMap<>());
    }

    /** The manifest of the files of a tree, as psp2psa writes them (UTF-8). */
    static OutputManifest of(Map<String, String> files) {
        SortedMap<String, String> hashes = new TreeMap<>();
        files.forEach((path, content) -> hashes.put(path, sha256(content.getBytes(StandardCharsets.UTF_8))));
        return ofHashes(hashes);
    }

    /** The manifest of files written with these hashes (SHA-256, hex), by path. */
    static OutputManifest ofHashes(Map<String, String> hashByPath) {
        SortedMap<String, SortedSet<String>> hashes = new TreeMap<>();
        hashByPath.forEach((path, hash) -> hashes.put(path, new TreeSet<>(Set.of(hash))));
        return new OutputManifest(hashes);
    }

    /** The SHA-256 of the file at {@code path} of the tree as psp2psa writes it (UTF-8), rendered without a file. */
    static String sha256(OutputTree tree, String path) throws IOException {
        MessageDigest digest = digest();
        try (java.io.Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), digest),
                StandardCharsets.UTF_8), 64 * 1024)) {
            tree.write(path, out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The manifest a directory holds, or an empty one when {@code file} is not a regular file. */
    static OutputManifest read(Path file) throws IOException {
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return empty();
        }
        SortedMap<String, SortedSet<String>> hashes = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = LINE.matcher(line);
            if (m.matches() && ownPath(m.group(2))) {
                hashes.computeIfAbsent(m.group(2), p -> new TreeSet<>()).add(m.group(1));
            }
        }
        return new OutputManifest(hashes);
    }

    /** Both manifests' hashes: written before the files are replaced, so a killed run leaves no file unowned. */
    OutputManifest union(OutputManifest other) {
        SortedMap<String, SortedSet<String>> all = new TreeMap<>();
        for (OutputManifest m : java.util.List.of(this, other)) {
            m.hashes.forEach((path, h) -> all.computeIfAbsent(path, p -> new TreeSet<>()).addAll(h));
        }
        return new OutputManifest(all);
    }

    Set<String> paths() {
        return Collections.unmodifiableSet(hashes.keySet());
    }

    /** The hash the tree writes {@code path} with (for a manifest made {@link #of} a tree). */
    String hash(String path) {
        return hashes.get(path).first();
    }

    /** Whether psp2psa wrote {@code path} with content of this hash. */
    boolean owns(String path, String hash) {
        return hashes.getOrDefault(path, Collections.emptySortedSet()).contains(hash);
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        hashes.forEach((path, h) -> h.forEach(hash -> sb.append(hash).append("  ").append(path).append('\n')));
        return sb.toString();
    }

    /** Whether psp2psa could have written this path: relative, with no {@code ..}, no hidden part, no backslash. */
    static boolean ownPath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
            return false;
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** The SHA-256 of a file's content, read as a stream. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
