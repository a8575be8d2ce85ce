package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads Kubernetes objects from files, directories and stdin into an {@link Inventory}.
 *
 * <h2>Paths</h2>
 * <ul>
 *   <li>{@code -} is stdin, read once however often it is named; objects from it have the source file {@code -}.</li>
 *   <li>A file named explicitly is read whatever its extension: {@code .json} as JSON, {@code .yaml}/{@code .yml}
 *       as YAML, anything else (and stdin) as JSON when its first non-blank character is <code>{</code> or
 *       {@code [}, as YAML otherwise. Its source file is the path as given.</li>
 *   <li>A directory is walked recursively for files ending in {@code .yaml}, {@code .yml} or {@code .json} (any
 *       case), following symbolic links, skipping hidden files and directories (names starting with {@code .},
 *       such as {@code .git}), in the order of their relative paths (sorted by {@link String#compareTo}, with
 *       {@code /} as separator) so that output does not depend on the file system. Their source file is the
 *       directory as given, {@code /}, and the relative path. A directory with no such file is an error.</li>
 *   <li>A file reached twice (named twice, or named and also found in a named directory) is read once.</li>
 *   <li>Relative paths are resolved against {@link Options#workingDirectory()}; messages and sources keep them as
 *       the user wrote them.</li>
 * </ul>
 *
 * <h2>Content</h2>
 * Multi-document YAML, JSON (one or more values), {@code kind: List} and {@code *List} kinds with {@code items}
 * (the source line of an item is the item's own line), CRLF line ends, a UTF-8 byte order mark, comments, YAML
 * anchors, aliases and merge keys. Empty documents are ignored. An input with no document at all is an error when
 * the file was named explicitly (or is stdin), since that is almost always a mistake such as an empty redirect;
 * an empty file found while walking a directory is skipped silently. Objects of kinds psp2psa does not read (Secrets,
 * ConfigMaps, custom resources, and read kinds in API versions it does not accept) are counted in
 * {@link Inventory#skipped()} by kind and otherwise never looked at: their content is not kept and never quoted.
 *
 * <h2>Errors</h2>
 * Every problem is an {@link InputException} with the file as the user named it, the line and column (1-based,
 * lines of the whole file) and one sentence: syntax errors, a document that is not a mapping, a missing
 * {@code kind} or {@code apiVersion}, a read kind without {@code metadata.name} ({@code metadata.generateName}
 * alone is rejected: every later stage refers to objects by name), a field of the wrong type (with its path, such
 * as {@code spec.hostNetwork}), YAML alias bombs, input that is not UTF-8 text, input larger than
 * {@link Options#maxFileBytes()} (checked before reading for regular files, while reading for stdin and pipes), an
 * explicitly named empty input, and two objects with the same kind, namespace and name (an object with no
 * namespace counts as being in {@code default}). Reading stops at the first problem; nothing partial is returned.
 * With a {@link WorkloadDigester} (analyze, convert), JSON fields that nothing then reads are skipped unread and
 * so not checked, and a Pod whose key matches an earlier pod's is not converted (see docs/scale.md).
 *
 * <p>Instances are immutable and may be shared; each {@link #read} call is independent.
 */
public final class InventoryReader {

    /**
     * Limits and context for reading.
     *
     * @param maxFileBytes     largest input (file or stdin) accepted, in bytes
     * @param maxYamlAliases   most YAML aliases accepted in one document
     * @param maxAliasNodes    most nodes that aliases in one document may stand for, all aliases together
     * @param workingDirectory what relative paths are resolved against
     */
    public record Options(long maxFileBytes, int maxYamlAliases, long maxAliasNodes, Path workingDirectory) {

        public static final long DEFAULT_MAX_FILE_BYTES = 4L * 1024 * 1024 * 1024;
        public static final int DEFAULT_MAX_YAML_ALIASES = 100;
        public static final long DEFAULT_MAX_ALIAS_NODES = 100_000;

        public Options {
            if (maxFileBytes <= 0 || maxYamlAliases < 0 || maxAliasNodes < 0) {
                throw new IllegalArgumentException("limits must be positive");
            }
            Objects.requireNonNull(workingDirectory, "workingDirectory");
        }

        /** The defaults: 4 GiB per input, 100 aliases and 100,000 alias nodes per document, the current directory. */
        public static Options defaults() {
            return new Options(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_YAML_ALIASES, DEFAULT_MAX_ALIAS_NODES, Path.of(""));
        }

        public Options withMaxFileBytes(long bytes) {
            return new Options(bytes, maxYamlAliases, maxAliasNodes, workingDirectory);
        }

        public Options withMaxYamlAliases(int aliases) {
            return new Options(maxFileBytes, aliases, maxAliasNodes, workingDirectory);
        }

        public Options withMaxAliasNodes(long nodes) {
            return new Options(maxFileBytes, maxYamlAliases, nodes, workingDirectory);
        }

        public Options withWorkingDirectory(Path directory) {
            return new Options(maxFileBytes, maxYamlAliases, maxAliasNodes, directory);
        }
    }

    private final Options options;
    private final YAMLFactory yamlFactory;
    private final JsonFactory jsonFactory;

    public InventoryReader() {
        this(Options.defaults());
    }

    public InventoryReader(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        LoaderOptions loader = new LoaderOptions();
        // Jackson reads SnakeYAML's events and does not expand aliases itself (TreeBuilder does, with its own
        // limits), so of these only the code point limit is enforced by SnakeYAML here; the others are set so that
        // any code path that does compose nodes is just as strict. The code point limit is per document and
        // defaults to 3 MB, smaller than a kubectl dump of a big cluster: the per-input limit is the real bound.
        loader.setMaxAliasesForCollections(Math.max(options.maxYamlAliases(), 1));
        loader.setAllowRecursiveKeys(false);
        // Duplicate keys are rejected by TreeBuilder, with a message that names the key.
        loader.setAllowDuplicateKeys(true);
        loader.setNestingDepthLimit(TreeBuilder.MAX_DEPTH);
        loader.setCodePointLimit((int) Math.min(options.maxFileBytes(), Integer.MAX_VALUE));
        this.yamlFactory = YAMLFactory.builder()
                .loaderOptions(loader)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
        this.jsonFactory = JsonFactory.builder()
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }

    public Options options() {
        return options;
    }

    /**
     * Reads every path, in order, into one inventory.
     *
     * @param paths files, directories and {@code -} (stdin), as the user gave them
     * @param stdin what {@code -} reads; not closed
     * @throws InputException for the first bad input (see the class documentation)
     */
    public Inventory read(List<String> paths, InputStream stdin) {
        return read(paths, stdin, null);
    }

    /**
     * Reads every path, in order, into one inventory, handing every object that holds a pod to the digester as it is
     * read: the objects it digests are not kept, only their digests ({@link Inventory#digests()}).
     *
     * <p>Files are parsed in parallel, on as many threads as there are processors; the result, and the first error
     * reported, are those of reading them one after another in order.
     *
     * @param digester digests pods and pod templates as they are read; {@code null} to keep them whole
     */
    public Inventory read(List<String> paths, InputStream stdin, WorkloadDigester digester) {
        // Digesting runs convert the items of JSON Lists on a pool of their own, so one large file uses every core.
        int cores = Runtime.getRuntime().availableProcessors();
        DocumentReader.Converters converters = digester == null || cores < 2 ? null
                : new DocumentReader.Converters(Executors.newFixedThreadPool(cores, daemons("psp2psa-convert-")),
                        new java.util.concurrent.Semaphore(256 * cores));
        return read(paths, stdin, digester, converters);
    }

    private static java.util.concurrent.ThreadFactory daemons(String prefix) {
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + started.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private Inventory read(List<String> paths, InputStream stdin, WorkloadDigester digester,
            DocumentReader.Converters converters) {
        List<Callable<Part>> inputs = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        boolean stdinRead = false;
        for (String given : paths) {
            if (given.equals("-")) {
                if (!stdinRead) {
                    stdinRead = true;
                    inputs.add(() -> part(digester, c -> readStream(stdin, "-", null, true, c, converters)));
                }
                continue;
            }
            try {
                Path path = options.workingDirectory().resolve(given);
                if (!Files.exists(path)) {
                    throw new InputException(given, 0, 0, "no such file or directory.");
                }
                if (Files.isDirectory(path)) {
                    for (String[] file : directoryFiles(path, given)) {
                        Path f = path.resolve(file[0]);
                        if (seen.add(realPath(f, file[1]))) {
                            inputs.add(() -> part(digester, c -> readFile(f, file[1], false, c, converters)));
                        }
                    }
                } else if (seen.add(realPath(path, given))) {
                    inputs.add(() -> part(digester, c -> readFile(path, given, true, c, converters)));
                }
            } catch (InputException e) {
                // Reported in its place: after the problems of the inputs named before it.
                inputs.add(() -> new Part(List.of(), Map.of(), e));
                break;
            }
        }
        Collector merged = new Collector(digester);
        try {
            for (Part part : parse(inputs)) {
                merged.merge(part);
            }
        } finally {
            if (converters != null) {
                converters.pool().shutdownNow();
            }
        }
        return merged.inventory();
    }

    /** Runs the readers, several at a time when there are several inputs: their parts, in input order. */
    private static List<Part> parse(List<Callable<Part>> inputs) {
        int threads = Math.min(inputs.size(), Runtime.getRuntime().availableProcessors());
        List<Part> parts = new ArrayList<>();
        if (threads <= 1) {
            for (Callable<Part> input : inputs) {
                Part p = call(input);
                parts.add(p);
                if (p.failure() != null) {
                    break;
                }
            }
            return parts;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemons("psp2psa-read-"));
        try {
            List<Future<Part>> futures = new ArrayList<>();
            for (Callable<Part> input : inputs) {
                futures.add(pool.submit(input));
            }
            for (Future<Part> f : futures) {
                Part p = Futures.join(f);
                parts.add(p);
                if (p.failure() != null) {
                    break;
                }
            }
            return parts;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Part call(Callable<Part> input) {
        try {
            return input.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }


    private interface Reading {
        void read(Collector collector);
    }

    /** Reads one input into a collector of its own; what it read before a problem is kept, with the problem. */
    private static Part part(WorkloadDigester digester, Reading reading) {
        Collector c = new Collector(digester);
        try {
            reading.read(c);
            return c.part(null);
        } catch (InputException e) {
            return c.part(e);
        }
    }

    /** The manifest files of a directory: {relative path, display name}, sorted by relative path. */
    private List<String[]> directoryFiles(Path dir, String given) {
        List<String> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                            return !d.equals(dir) && isHidden(d) ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                            if (!attrs.isDirectory() && !isHidden(f) && hasManifestExtension(f)) {
                                files.add(relative(dir, f));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                            if (e instanceof FileSystemLoopException) {
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw unreadable(given, e);
        }
        if (files.isEmpty()) {
            throw new InputException(given, 0, 0, "is a directory with no .yaml, .yml or .json files.");
        }
        files.sort(null);
        String prefix = given.endsWith("/") || given.endsWith(dir.getFileSystem().getSeparator()) ? given
                : given + "/";
        List<String[]> out = new ArrayList<>();
        for (String rel : files) {
            out.add(new String[] {rel, prefix + rel});
        }
        return out;
    }

    private void readFile(Path path, String display, boolean explicit, Collector collector,
            DocumentReader.Converters converters) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw unreadable(display, e);
        }
        if (attrs.isRegularFile() && attrs.size() > options.maxFileBytes()) {
            throw LimitedInputStream.tooLarge(display, options.maxFileBytes(), attrs.size());
        }
        try (InputStream in = Files.newInputStream(path)) {
            readStream(in, display, formatOf(path), explicit, collector, converters);
        } catch (IOException e) {
            throw unreadable(display, e);
        }
    }

    private enum Format { YAML, JSON }

    private static Format formatOf(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return Format.JSON;
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return Format.YAML;
        }
        return null;
    }

    private void readStream(InputStream in, String display, Format format, boolean explicit, Collector collector,
            DocumentReader.Converters converters) {
        int documents;
        try {
            BufferedReader reader = new BufferedReader(
                    new TextReader(new LimitedInputStream(in, options.maxFileBytes(), display), display), 16 * 1024);
            Format actual = format != null ? format : sniff(reader);
            boolean yaml = actual == Format.YAML;
            try (JsonParser parser = yaml ? yamlFactory.createParser(reader) : jsonFactory.createParser(reader)) {
                DocumentReader documentReader = new DocumentReader(display, yaml, options.maxYamlAliases(),
                        options.maxAliasNodes(), collector, converters);
                documents = documentReader.readAll(parser);
            }
        } catch (IOException e) {
            throw unreadable(display, e);
        }
        if (documents == 0 && explicit) {
            throw new InputException(display, 0, 0, "contains no Kubernetes objects.");
        }
    }

    /** JSON when the first character that is not white space opens an object or an array. */
    private static Format sniff(BufferedReader reader) throws IOException {
        int limit = 8 * 1024;
        reader.mark(limit);
        try {
            for (int i = 0; i < limit; i++) {
                int c = reader.read();
                if (c < 0) {
                    return Format.YAML;
                }
                if (!Character.isWhitespace(c)) {
                    return c == '{' || c == '[' ? Format.JSON : Format.YAML;
                }
            }
            return Format.YAML;
        } finally {
            reader.reset();
        }
    }

    private static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static boolean hasManifestExtension(Path p) {
        return formatOf(p) != null;
    }

    private static String relative(Path dir, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : dir.relativize(file)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static Path realPath(Path path, String display) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw unreadable(display, e);
        }
    }

    private static InputException unreadable(String display, IOException e) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else {
            why = e.getClass().getSimpleName();
        }
        return new InputException(display, 0, 0, "cannot be read (" + why + ").", e);
    }

    /** What one input held, in order, and the problem that stopped reading it, if any. */
    private record Part(List<Entry> entries, Map<String, Integer> skipped, InputException failure) {
    }

    /** An object, or the digest that stands for it, with its identity (kind, namespace, name). */
    private record Entry(String identity, String display, Source source, Object value) {
    }

    /**
     * Collects the objects of one input, or merges inputs in order: keeps objects (or their digests), counts skipped
     * kinds and, when merging, rejects duplicates.
     */
    private static final class Collector implements ObjectConverter.Sink {
        private final WorkloadDigester digester;
        private final List<Entry> entries = new ArrayList<>();
        private final Map<String, Integer> skipped = new TreeMap<>();
        private final Map<String, Source> identities = new HashMap<>();
        private final List<Sourced<HasMetadata>> objects = new ArrayList<>();
        private final List<WorkloadDigest> digests = new ArrayList<>();

        Collector(WorkloadDigester digester) {
            this.digester = digester;
        }

        @Override
        public WorkloadDigester digester() {
            return digester;
        }

        @Override
        public void object(HasMetadata object, Source source, Kinds.Spec spec) {
            Sourced<HasMetadata> sourced = new Sourced<>(object, source);
            Object value = sourced;
            if (digester != null) {
                Optional<WorkloadDigest> digest = digester.digest(sourced);
                if (digest.isPresent()) {
                    value = digest.get();
                }
            }
            add(spec, object.getMetadata().getNamespace(), object.getMetadata().getName(), source, value);
        }

        @Override
        public void digested(WorkloadDigest digest, Kinds.Spec spec) {
            add(spec, digest.namespace(), digest.name(), digest.source(), digest);
        }

        private void add(Kinds.Spec spec, String namespace, String name, Source source, Object value) {
            if (!spec.namespaced()) {
                namespace = null;
            } else if (namespace == null || namespace.isEmpty()) {
                namespace = "default";
            }
            String identity = spec.kind() + '\u0000' + (namespace == null ? "" : namespace) + '\u0000' + name;
            String display = spec.kind() + " \"" + TreeBuilder.clip(namespace == null ? name : namespace + "/" + name)
                    + "\"";
            entries.add(new Entry(identity, display, source, value));
        }

        @Override
        public void skipped(String key) {
            skipped.merge(key, 1, Integer::sum);
        }

        Part part(InputException failure) {
            return new Part(entries, skipped, failure);
        }

        /** Adds what an input held, after what earlier inputs held; throws its problem or a duplicate's. */
        @SuppressWarnings("unchecked")
        void merge(Part part) {
            for (Entry e : part.entries()) {
                Source first = identities.putIfAbsent(e.identity(), e.source());
                if (first != null) {
                    throw new InputException(e.source().file(), e.source().line(), 0,
                            e.display() + " is defined twice: also at " + first + ".");
                }
                if (e.value() instanceof WorkloadDigest d) {
                    digests.add(d);
                } else {
                    objects.add((Sourced<HasMetadata>) e.value());
                }
            }
            part.skipped().forEach((k, v) -> skipped.merge(k, v, Integer::sum));
            if (part.failure() != null) {
                throw part.failure();
            }
        }

        Inventory inventory() {
            return new Inventory(objects, digests, new TreeMap<>(skipped), List.of());
        }
    }
}
