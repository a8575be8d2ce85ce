package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import dev.psp2psa.inventory.PolicySet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a migration directory written by {@code psp2psa convert} into a {@link PolicySet}: the enforce labels of
 * {@code namespaces/*.yaml}, the defaults and exemptions of {@code admission/pod-security-configuration.yaml}, and
 * the policies of each engine whose directory is present, through a small registry of {@link PolicyEngineReader}s,
 * the Gatekeeper mutators of {@code gatekeeper/mutations/} ({@link GatekeeperMutationReader}) and the Kyverno mutate
 * rules of {@code kyverno-mutations/} ({@link KyvernoMutationReader}), and the CEL mutation policies of
 * {@code vap-mutations/} and {@code kyverno-mutations/} ({@link CelMutationReader}).
 * A directory that does not exist, was not written by psp2psa (no {@code .psp2psa-manifest}) or holds a malformed
 * file is an {@link InputException}.
 */
public final class PolicyDirReader {

    /** The file psp2psa convert writes into every output directory, listing the files it wrote. */
    public static final String MANIFEST = ".psp2psa-manifest";
    static final String ADMISSION = "admission/pod-security-configuration.yaml";
    static final String ENFORCE = "pod-security.kubernetes.io/enforce";
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private final List<PolicyEngineReader> engines;
    private final Path workingDirectory;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public PolicyDirReader(List<PolicyEngineReader> engines, Path workingDirectory) {
        TreeSet<String> ids = new TreeSet<>();
        for (PolicyEngineReader e : engines) {
            if (!ids.add(e.engine())) {
                throw new IllegalArgumentException("duplicate policy engine reader: " + e.engine());
            }
        }
        this.engines = List.copyOf(engines);
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /** The readers of every engine psp2psa writes: Gatekeeper, Kyverno and ValidatingAdmissionPolicy. */
    public static PolicyDirReader standard() {
        return new PolicyDirReader(List.of(new GatekeeperPolicyReader(), new KyvernoPolicyReader(),
                new VapPolicyReader()), Path.of(""));
    }

    /** The same registry plus one engine (e.g. Gatekeeper). */
    public PolicyDirReader with(PolicyEngineReader engine) {
        List<PolicyEngineReader> all = new ArrayList<>(engines);
        all.add(engine);
        return new PolicyDirReader(all, workingDirectory);
    }

    public PolicyDirReader withWorkingDirectory(Path directory) {
        return new PolicyDirReader(engines, directory);
    }

    public PolicySet read(String directory) {
        Path dir = workingDirectory.resolve(directory);
        Path admission = admissionFile(directory, dir);
        TreeSet<String> exempt = new TreeSet<>();
        TreeSet<String> exemptRuntimeClasses = new TreeSet<>();
        TreeSet<String> exemptUsernames = new TreeSet<>();
        PolicySet.PsaLabel defaults = defaults(directory, admission, exempt, exemptRuntimeClasses, exemptUsernames);
        SortedMap<String, PolicySet.PsaLabel> labels = labels(directory, dir);
        List<String> found = new ArrayList<>();
        List<PolicySet.CelPolicy> policies = new ArrayList<>();
        for (PolicyEngineReader engine : engines) {
            Path sub = dir.resolve(engine.directory());
            if (!Files.isDirectory(sub)) {
                continue;
            }
            found.add(engine.engine());
            policies.addAll(engine.read(engineDocuments(directory, sub, engine.directory())));
        }
        List<dev.psp2psa.inventory.Mutator> mutators = new GatekeeperMutationReader().read(engineDocuments(directory,
                dir.resolve(GatekeeperMutationReader.DIRECTORY), GatekeeperMutationReader.DIRECTORY));
        List<PolicyDocument> kyvernoDocuments = engineDocuments(directory,
                dir.resolve(KyvernoMutationReader.DIRECTORY), KyvernoMutationReader.DIRECTORY);
        List<dev.psp2psa.inventory.KyvernoMutation> kyvernoMutations = new KyvernoMutationReader().read(
                kyvernoDocuments);
        CelMutationReader cel = new CelMutationReader();
        List<dev.psp2psa.inventory.CelMutation> celMutations = new ArrayList<>(cel.readAdmissionPolicies(
                engineDocuments(directory, dir.resolve(CelMutationReader.MAP_DIRECTORY),
                        CelMutationReader.MAP_DIRECTORY)));
        celMutations.addAll(cel.readKyverno(kyvernoDocuments));
        return new PolicySet(directory, labels, defaults, exempt, found, policies, writtenFor(dir), mutators,
                kyvernoMutations, celMutations, exemptRuntimeClasses, exemptUsernames);
    }

    /** The cluster version in the directory's report.json, or null when it has none (older trees). */
    private static dev.psp2psa.pss.Version writtenFor(Path dir) {
        Path report = dir.resolve("report.json");
        if (!Files.isRegularFile(report)) {
            return null;
        }
        // The field is among the first of the report, which may be large: read tokens up to it, no further.
        try (JsonParser p = dev.psp2psa.format.Json.mapper().getFactory()
                .createParser(report.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("clusterVersion") && p.currentToken() == JsonToken.VALUE_STRING) {
                    return dev.psp2psa.pss.Version.parse(p.getText());
                }
                if (name.equals("psps")) {
                    return null;
                }
                p.skipChildren();
            }
            return null;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The admission configuration of a directory that psp2psa convert wrote. */
    private static Path admissionFile(String directory, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(directory, 0, 0, Files.exists(dir)
                    ? "the policies directory is not a directory." : "the policies directory does not exist.");
        }
        if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
            throw new InputException(directory, 0, 0, "the policies directory was not written by psp2psa convert "
                    + "(it has no " + MANIFEST + ").");
        }
        Path admission = dir.resolve(ADMISSION);
        if (!Files.isRegularFile(admission)) {
            throw new InputException(directory, 0, 0, "the policies directory has no " + ADMISSION + ".");
        }
        return admission;
    }

    /**
     * The PodSecurity plugin's default enforce label; its exempt namespaces, runtime classes and usernames are added to
     * the sets given.
     */
    private PolicySet.PsaLabel defaults(String directory, Path admission, Set<String> exempt,
            Set<String> exemptRuntimeClasses, Set<String> exemptUsernames) {
        PolicySet.PsaLabel defaults = null;
        for (PolicyDocument d : documents(directory, ADMISSION, admission)) {
            if (!"AdmissionConfiguration".equals(d.kind())) {
                continue;
            }
            for (JsonNode plugin : d.list(d.node(), "plugins", "plugins")) {
                if (!"PodSecurity".equals(plugin.path("name").asText())) {
                    continue;
                }
                JsonNode config = d.object(plugin, "configuration", "plugins[].configuration");
                String level = d.string(config, "defaults.enforce", "defaults.enforce");
                String version = d.string(config, "defaults.enforce-version", "defaults.enforce-version");
                defaults = label(d, level == null ? "privileged" : level, version == null ? "latest" : version);
                exempt.addAll(d.strings(config, "exemptions.namespaces", "exemptions.namespaces"));
                exemptRuntimeClasses.addAll(d.strings(config, "exemptions.runtimeClasses",
                        "exemptions.runtimeClasses"));
                exemptUsernames.addAll(d.strings(config, "exemptions.usernames", "exemptions.usernames"));
            }
        }
        if (defaults == null) {
            throw new InputException(directory + "/" + ADMISSION, 0, 0,
                    "the admission configuration has no PodSecurity plugin.");
        }
        return defaults;
    }

    /** The enforce label of each Namespace under {@code namespaces/} that has one. */
    private SortedMap<String, PolicySet.PsaLabel> labels(String directory, Path dir) {
        SortedMap<String, PolicySet.PsaLabel> labels = new TreeMap<>();
        for (PolicyDocument d : engineDocuments(directory, dir.resolve("namespaces"), "namespaces")) {
            if (!"Namespace".equals(d.kind())) {
                continue;
            }
            String name = d.required(d.node(), "metadata.name", "metadata.name");
            JsonNode ls = d.object(d.node(), "metadata.labels", "metadata.labels");
            String level = ls.isObject() && ls.has(ENFORCE) ? text(d, ls.get(ENFORCE), ENFORCE) : null;
            if (level == null) {
                continue;
            }
            String version = ls.has(ENFORCE + "-version") ? text(d, ls.get(ENFORCE + "-version"), ENFORCE + "-version")
                    : "latest";
            labels.put(name, label(d, level, version));
        }
        return labels;
    }

    private static String text(PolicyDocument d, JsonNode n, String label) {
        if (!n.isTextual()) {
            throw d.error("label " + label + " of Namespace \"" + d.name() + "\" must be a string.");
        }
        return n.asText();
    }

    private static PolicySet.PsaLabel label(PolicyDocument d, String level, String version) {
        try {
            return new PolicySet.PsaLabel(Level.parse(level), Version.parse(version));
        } catch (IllegalArgumentException e) {
            throw d.error(e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".");
        }
    }

    /** Every document of every YAML file under the subdirectory, by relative path; kustomizations left out. */
    private List<PolicyDocument> engineDocuments(String directory, Path sub, String subName) {
        if (!Files.isDirectory(sub)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(sub)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml")
                            || p.getFileName().toString().endsWith(".yml"))
                    .sorted((a, b) -> sub.relativize(a).toString().replace('\\', '/')
                            .compareTo(sub.relativize(b).toString().replace('\\', '/')))
                    .toList();
        } catch (IOException e) {
            throw new InputException(directory + "/" + subName, 0, 0, "cannot be read (" + IoErrors.why(e) + ").", e);
        }
        List<PolicyDocument> out = new ArrayList<>();
        for (Path f : files) {
            String rel = subName + "/" + sub.relativize(f).toString().replace('\\', '/');
            for (PolicyDocument d : documents(directory, rel, f)) {
                if (!"Kustomization".equals(d.kind())) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private List<PolicyDocument> documents(String directory, String relative, Path file) {
        String shown = directory.endsWith("/") ? directory + relative : directory + "/" + relative;
        List<PolicyDocument> out = new ArrayList<>();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InputException(shown, 0, 0, "the file is larger than " + MAX_FILE_BYTES + " bytes.");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            try (JsonParser parser = yaml.getFactory().createParser(text);
                    MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(parser)) {
                while (true) {
                    JsonLocation start;
                    JsonNode node;
                    try {
                        if (!it.hasNextValue()) {
                            break;
                        }
                        start = parser.currentTokenLocation();
                        node = it.nextValue();
                    } catch (RuntimeException e) {
                        if (e.getCause() instanceof JsonProcessingException jpe) {
                            throw jpe;
                        }
                        throw e;
                    }
                    if (node == null || node.isNull() || node.isMissingNode()) {
                        continue;
                    }
                    int line = Math.max(1, start.getLineNr());
                    if (!node.isObject()) {
                        throw new InputException(shown, line, 0, "a document is not a mapping.");
                    }
                    PolicyDocument d = new PolicyDocument(shown, line, node);
                    if (d.kind().isEmpty()) {
                        throw d.error("a document has no kind.");
                    }
                    out.add(d);
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage() == null ? "malformed YAML" : e.getOriginalMessage().split("\n")[0];
            throw new InputException(shown, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    "malformed YAML: " + msg + (msg.endsWith(".") ? "" : "."), e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException(shown, 0, 0, "the file is not UTF-8 text.", e);
        } catch (IOException e) {
            throw new InputException(shown, 0, 0, "cannot be read (" + IoErrors.why(e) + ").", e);
        }
        return out;
    }
}
