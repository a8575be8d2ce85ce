package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.WorkloadDigester;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 *       such as {@code .git}) and directories that {@code psp2psa convert} wrote (they hold a
 *       {@code .psp2psa-manifest}: an output directory inside an input directory is not read back on the next run;
 *       the directory named itself is read), in the order of their relative paths (sorted by {@link String#compareTo}, with
 *       {@code /} as separator) so that output does not depend on the file system. Their source file is the
 *       directory as given, {@code /}, and the relative path. A directory with no such file is an error.</li>
 *   <li>A file reached twice (named twice, or named and also found in a named directory) is read once.</li>
 *   <li>Pipes, FIFOs and other files that are not regular files ({@code -f <(kubectl get ...)}, which passes
 *       {@code /dev/fd/63}, or {@code /dev/stdin}) are read as streams, under the name given.</li>
 *   <li>Relative paths are resolved against {@link Options#workingDirectory()}; messages and sources keep them as
 *       the user wrote them.</li>
 * </ul>
 *
 * <h2>Content</h2>
 * Multi-document YAML, JSON (one or more values), {@code kind: List} and {@code *List} kinds with {@code items}
 * (the source line of an item is the item's own line), CRLF line ends, a UTF-8 byte order mark, comments, YAML
 * anchors, aliases and merge keys. A null field (JSON {@code null}; YAML {@code null}, {@code ~} or an empty plain
 * value) is an absent field, as for the API server; a quoted empty string stays a string. Empty documents are ignored. An input with no document at all is an error when
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
 * as {@code spec.hostNetwork}), a name the API server rejects, YAML alias bombs, input that is not UTF-8 text, input
 * larger than {@link Options#maxFileBytes()} (checked before reading for regular files, while reading for stdin and
 * pipes), a value, or an object's text or number of values, past the {@link Limits} (checked while reading, before
 * the value or object fills memory), an explicitly named empty input, and two different objects with the same kind, namespace and name (see
 * {@link Duplicates}: by default an identical copy is read once, with a notice). Reading stops at the first problem;
 * nothing partial is returned.
 * With a {@link WorkloadDigester} (analyze, convert), JSON fields that nothing then reads are skipped unread and
 * so not checked, and a Pod whose key matches an earlier pod's is not converted (see docs/scale.md).
 *
 * <p>Instances are immutable and may be shared; each {@link #read} call is independent.
 */
public final class InventoryReader {

    /**
     * Limits and context for reading; the defaults are {@link InputLimits}.
     *
     * @param maxFileBytes     largest input (file or stdin) accepted, in bytes
     * @param limits           the limits on documents, objects and values while parsing
     * @param workingDirectory what relative paths are resolved against
     * @param duplicates       what to do with two objects of the same kind, namespace and name
     */
    public record Options(long maxFileBytes, Limits limits, Path workingDirectory, Duplicates duplicates) {

        public static final long DEFAULT_MAX_FILE_BYTES = InputLimits.MAX_INPUT_BYTES;

        public Options {
            if (maxFileBytes <= 0 || limits.maxAliases() < 0 || limits.maxAliasNodes() < 0
                    || limits.maxValueChars() <= 0 || limits.maxObjectChars() <= 0 || limits.maxObjectValues() <= 0) {
                throw new IllegalArgumentException("limits must be positive");
            }
            Objects.requireNonNull(workingDirectory, "workingDirectory");
            Objects.requireNonNull(duplicates, "duplicates");
        }

        /** The defaults: {@link InputLimits}, the current directory, identical duplicates merged. */
        public static Options defaults() {
            return new Options(DEFAULT_MAX_FILE_BYTES, Limits.defaults(), Path.of(""), Duplicates.MERGE_IDENTICAL);
        }

        public int maxYamlAliases() {
            return limits.maxAliases();
        }

        public long maxAliasNodes() {
            return limits.maxAliasNodes();
        }

        public Options withMaxFileBytes(long bytes) {
            return new Options(bytes, limits, workingDirectory, duplicates);
        }

        public Options withMaxYamlAliases(int aliases) {
            return with(new Limits(aliases, limits.maxAliasNodes(), limits.maxValueChars(), limits.maxObjectChars(),
                    limits.maxObjectValues()));
        }

        public Options withMaxAliasNodes(long nodes) {
            return with(new Limits(limits.maxAliases(), nodes, limits.maxValueChars(), limits.maxObjectChars(),
                    limits.maxObjectValues()));
        }

        /** Other limits on one value, on the text and on the values of one object. */
        public Options withObjectLimits(int valueChars, long objectChars, long objectValues) {
            return with(new Limits(limits.maxAliases(), limits.maxAliasNodes(), valueChars, objectChars,
                    objectValues));
        }

        private Options with(Limits other) {
            return new Options(maxFileBytes, other, workingDirectory, duplicates);
        }

        public Options withWorkingDirectory(Path directory) {
            return new Options(maxFileBytes, limits, directory, duplicates);
        }

        public Options withDuplicates(Duplicates handling) {
            return new Options(maxFileBytes, limits, workingDirectory, handling);
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
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxStringLength(options.limits().maxValueChars())
                .maxNameLength(options.limits().maxValueChars())
                .build();
        // A plain empty value (`annotations:` with nothing after it) is null, as for Kubernetes' YAML reader; a quoted
        // '' or "" stays an empty string.
        this.yamlFactory = YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(constraints)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
        this.jsonFactory = JsonFactory.builder()
                .streamReadConstraints(constraints)
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
                        new java.util.concurrent.Semaphore(256 * cores), cores);
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
        List<Callable<InventoryCollector.Part>> inputs = new ArrayList<>();
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
                    throw ManifestFiles.missing(path, given);
                }
                if (Files.isDirectory(path)) {
                    for (String[] file : ManifestFiles.directoryFiles(path, given)) {
                        Path f = path.resolve(file[0]);
                        if (seen.add(ManifestFiles.identity(f, file[1]))) {
                            inputs.add(() -> filePart(digester, f, file[1], false, converters));
                        }
                    }
                } else if (seen.add(ManifestFiles.identity(path, given))) {
                    inputs.add(() -> filePart(digester, path, given, true, converters));
                }
            } catch (InputException e) {
                // Reported in its place: after the problems of the inputs named before it.
                inputs.add(() -> new InventoryCollector.Part(List.of(), Map.of(), e));
                break;
            }
        }
        if (converters != null) {
            inputs.replaceAll(converters::reading);
        }
        InventoryCollector merged = new InventoryCollector(digester, options.duplicates());
        try {
            for (InventoryCollector.Part part : parse(inputs)) {
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
    private static List<InventoryCollector.Part> parse(List<Callable<InventoryCollector.Part>> inputs) {
        int threads = Math.min(inputs.size(), Runtime.getRuntime().availableProcessors());
        List<InventoryCollector.Part> parts = new ArrayList<>();
        if (threads <= 1) {
            for (Callable<InventoryCollector.Part> input : inputs) {
                InventoryCollector.Part p = call(input);
                parts.add(p);
                if (p.failure() != null) {
                    break;
                }
            }
            return parts;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemons("psp2psa-read-"));
        try {
            List<Future<InventoryCollector.Part>> futures = new ArrayList<>();
            for (Callable<InventoryCollector.Part> input : inputs) {
                futures.add(pool.submit(input));
            }
            for (Future<InventoryCollector.Part> f : futures) {
                InventoryCollector.Part p = Futures.join(f);
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

    private static InventoryCollector.Part call(Callable<InventoryCollector.Part> input) {
        try {
            return input.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }


    private interface Reading {
        void read(InventoryCollector collector);
    }

    /** Reads one input into a collector of its own; what it read before a problem is kept, with the problem. */
    private static InventoryCollector.Part part(WorkloadDigester digester, Reading reading) {
        InventoryCollector c = new InventoryCollector(digester);
        try {
            reading.read(c);
            return c.part(null);
        } catch (InputException e) {
            return c.part(e);
        }
    }

    /**
     * Reads one file: in a digesting run a JSON file the fast way first ({@link FastJsonFile}), and the exact way when
     * that stops at a problem (or is not for this file).
     */
    private InventoryCollector.Part filePart(WorkloadDigester digester, Path path, String display, boolean explicit,
            DocumentReader.Converters converters) {
        if (digester != null && ManifestFiles.formatOf(path) != ManifestFiles.Format.YAML) {
            InventoryCollector fast = new InventoryCollector(digester);
            if (FastJsonFile.read(jsonFactory, path, display, explicit, ManifestFiles.formatOf(path), options, fast,
                    converters)) {
                return fast.part(null);
            }
        }
        return part(digester, c -> readFile(path, display, explicit, c, converters));
    }

    private void readFile(Path path, String display, boolean explicit, InventoryCollector collector,
            DocumentReader.Converters converters) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw ManifestFiles.unreadable(display, e);
        }
        if (attrs.isRegularFile() && attrs.size() > options.maxFileBytes()) {
            throw LimitedInputStream.tooLarge(display, options.maxFileBytes(), attrs.size());
        }
        try (InputStream in = Files.newInputStream(path)) {
            readStream(in, display, ManifestFiles.formatOf(path), explicit, collector, converters);
        } catch (IOException e) {
            throw ManifestFiles.unreadable(display, e);
        }
    }

    private void readStream(InputStream in, String display, ManifestFiles.Format format, boolean explicit,
            InventoryCollector collector, DocumentReader.Converters converters) {
        int documents;
        try {
            BufferedReader reader = new BufferedReader(
                    new TextReader(new LimitedInputStream(in, options.maxFileBytes(), display), display), 16 * 1024);
            ManifestFiles.Format actual = format != null ? format : ManifestFiles.sniff(reader);
            boolean yaml = actual == ManifestFiles.Format.YAML;
            YamlValueGuard guard = yaml ? new YamlValueGuard(reader, options.limits(), display) : null;
            try (JsonParser parser = yaml ? yamlFactory.createParser(guard) : jsonFactory.createParser(reader)) {
                if (guard != null) {
                    guard.watch(parser);
                }
                DocumentReader documentReader = new DocumentReader(display, yaml, options.limits(), collector,
                        converters);
                documents = documentReader.readAll(parser);
            }
        } catch (IOException e) {
            throw ManifestFiles.unreadable(display, e);
        }
        if (documents == 0 && explicit) {
            throw new InputException(display, 0, 0, "contains no Kubernetes objects.");
        }
    }
}
