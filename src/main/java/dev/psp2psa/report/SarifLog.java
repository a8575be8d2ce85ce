package dev.psp2psa.report;

import dev.psp2psa.format.Json;
import dev.psp2psa.inventory.Source;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One SARIF 2.1.0 log of one psp2psa run, as code-scanning UIs read it: the rules ({@code tool.driver.rules}, sorted
 * by id) and the results in the order they were added, each at the file and line of the object it is about. Nothing
 * unstable goes in: no timestamps, no invocation, no absolute path (a file is written relative to the working
 * directory, as the user named it with {@code -f}).
 */
final class SarifLog {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String TOOL = "psp2psa";

    /** SARIF result levels. */
    enum Level {
        ERROR, WARNING, NOTE;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A rule: a stable id, a short name, one sentence and the level its results have by default. */
    record Rule(String id, String name, String description, Level level, List<String> tags) {
    }

    /**
     * Where a result is: the object's source (a file and line, or a cluster, stdin, a generated pod: then no file) and
     * its logical name ({@code namespace/Kind/name}).
     */
    record Where(Source source, String kind, String name, String fullyQualifiedName) {
    }

    private final Path base;
    private final SortedMap<String, Rule> rules = new TreeMap<>();
    private final List<Map<String, Object>> results = new ArrayList<>();

    /** @param base the working directory: absolute sources are written relative to it */
    SarifLog(Path base) {
        this.base = base.toAbsolutePath().normalize();
    }

    void rule(Rule rule) {
        rules.putIfAbsent(rule.id(), rule);
    }

    /**
     * Adds a result of a known rule; {@code identity} tells it apart from every other result of the run (a code
     * scanning UI tracks it from run to run by this fingerprint).
     */
    void result(String ruleId, Level level, String message, Where where, String identity,
            Map<String, Object> properties) {
        if (!rules.containsKey(ruleId)) {
            throw new IllegalArgumentException("no rule " + ruleId + " in the SARIF log.");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ruleId", ruleId);
        r.put("level", level.id());
        r.put("message", Map.of("text", message));
        r.put("locations", List.of(location(where)));
        r.put("partialFingerprints", Map.of("psp2psaIdentity/v1", identity));
        if (!properties.isEmpty()) {
            r.put("properties", properties);
        }
        results.add(r);
    }

    private Map<String, Object> location(Where where) {
        Map<String, Object> loc = new LinkedHashMap<>();
        String uri = uri(where.source() == null ? null : where.source().file(), base);
        if (uri != null) {
            Map<String, Object> physical = new LinkedHashMap<>();
            physical.put("artifactLocation", Map.of("uri", uri));
            if (where.source().line() > 0) {
                physical.put("region", Map.of("startLine", where.source().line()));
            }
            loc.put("physicalLocation", physical);
        }
        Map<String, Object> logical = new LinkedHashMap<>();
        logical.put("name", where.name());
        logical.put("fullyQualifiedName", where.fullyQualifiedName());
        logical.put("kind", "resource");
        loc.put("logicalLocations", List.of(logical));
        return loc;
    }

    /** The log as pretty JSON (LF, ending with a newline). */
    String write() {
        List<String> ids = new ArrayList<>(rules.keySet());
        List<Object> ruleList = new ArrayList<>();
        for (Rule rule : rules.values()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", rule.id());
            d.put("name", rule.name());
            d.put("shortDescription", Map.of("text", rule.description()));
            d.put("defaultConfiguration", Map.of("level", rule.level().id()));
            d.put("properties", Map.of("tags", rule.tags()));
            ruleList.add(d);
        }
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> r : results) {
            Map<String, Object> indexed = new LinkedHashMap<>();
            r.forEach((k, v) -> {
                indexed.put(k, v);
                if (k.equals("ruleId")) {
                    indexed.put("ruleIndex", ids.indexOf((String) v));
                }
            });
            out.add(indexed);
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", TOOL);
        driver.put("rules", ruleList);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("columnKind", "unicodeCodePoints");
        run.put("results", out);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        root.put("runs", List.of(run));
        return Json.write(root);
    }

    /**
     * A source file as a relative path: as the user named it when relative, relative to {@code base} when absolute,
     * with {@code /} separators; {@code null} for what is no file (stdin {@code -}, a live cluster, a generated pod).
     */
    static String path(String file, Path base) {
        if (file == null || file.isEmpty() || file.equals("-") || file.startsWith("cluster:")
                || file.startsWith("generated:")) {
            return null;
        }
        Path p = Path.of(file);
        if (p.isAbsolute()) {
            Path b = base.toAbsolutePath().normalize();
            p = p.getRoot() != null && p.getRoot().equals(b.getRoot()) ? b.relativize(p.normalize()) : p;
        }
        String path = p.normalize().toString().replace(p.getFileSystem().getSeparator(), "/");
        if (p.isAbsolute()) {
            path = "/" + path.replaceFirst("^[A-Za-z]:", "").replaceFirst("^/+", "");
        }
        return path;
    }

    /** Where a source is, for people: its {@link #path} and line, or the source as it is when it is no file. */
    static String shown(Source source, Path base) {
        String path = path(source.file(), base);
        if (path == null) {
            return source.toString();
        }
        return source.line() > 0 ? path + ":" + source.line() : path;
    }

    /** A source file's {@link #path} as a relative URI reference (percent-encoded); {@code null} when no file. */
    static String uri(String file, Path base) {
        String path = path(file, base);
        if (path == null) {
            return null;
        }
        if (path.split("/", 2)[0].contains(":")) {
            path = "./" + path;
        }
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("no URI for " + file + ": " + e.getMessage(), e);
        }
    }
}
