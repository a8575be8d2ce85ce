package dev.psp2psa.emit;

import dev.psp2psa.format.Yaml;
import dev.psp2psa.policy.GatekeeperMutations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code convert} (unless {@code --no-mutations}) with the Gatekeeper engine: the {@code mutations.gatekeeper.sh/v1} Assign and
 * AssignMetadata objects of {@link GatekeeperMutations}, one per file in {@code gatekeeper/mutations/}, with a
 * kustomization. Each Assign sets its field only where the pod leaves it unset (a {@code MustNotExist} path test on
 * the location itself); an AssignMetadata only ever adds an absent annotation.
 */
public final class GatekeeperMutationEmitter {

    public static final String DIR = "gatekeeper/mutations/";
    static final String API_VERSION = "mutations.gatekeeper.sh/v1";

    private GatekeeperMutationEmitter() {
    }

    /** Writes the mutators; the file names written. */
    public static List<String> emit(List<GatekeeperMutations.Mutation> mutations, OutputTree tree) {
        List<String> files = new ArrayList<>();
        for (GatekeeperMutations.Mutation m : mutations) {
            String file = m.name() + ".yaml";
            tree.put(DIR + file, Yaml.write(object(m)));
            files.add(file);
        }
        if (!files.isEmpty()) {
            tree.put(DIR + "kustomization.yaml", Yaml.write(PsaEmitter.kustomization(files)));
        }
        return files;
    }

    static Map<String, Object> object(GatekeeperMutations.Mutation m) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (!m.kind().equals("AssignMetadata")) {
            Map<String, Object> applyTo = new LinkedHashMap<>();
            applyTo.put("groups", List.of(""));
            applyTo.put("kinds", List.of("Pod"));
            applyTo.put("versions", List.of("v1"));
            spec.put("applyTo", List.of(applyTo));
        }
        spec.put("match", match(m));
        spec.put("location", m.location());
        spec.put("parameters", parameters(m));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", API_VERSION);
        root.put("kind", m.kind());
        root.put("metadata", metadata(m));
        root.put("spec", spec);
        return root;
    }

    private static Map<String, Object> metadata(GatekeeperMutations.Mutation m) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "psp2psa");
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("psp2psa.dev/psps", String.join(",", m.psps()));
        annotations.put("psp2psa.dev/rules", String.join(",", m.rules()));
        annotations.put("psp2psa.dev/purpose", "restores a default PodSecurityPolicy set on pods");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", m.name());
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        return metadata;
    }

    /** Pods of the mutator's namespaces, or for the default class of every namespace but the excluded ones. */
    private static Map<String, Object> match(GatekeeperMutations.Mutation m) {
        Map<String, Object> kinds = new LinkedHashMap<>();
        kinds.put("apiGroups", List.of(""));
        kinds.put("kinds", List.of("Pod"));
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("scope", "Namespaced");
        match.put("kinds", List.of(kinds));
        if (m.namespaces().isEmpty()) {
            if (!m.excludedNamespaces().isEmpty()) {
                match.put("excludedNamespaces", m.excludedNamespaces());
            }
        } else {
            match.put("namespaces", m.namespaces());
        }
        return match;
    }

    /**
     * A ModifySet merges its values into the list (PSP's capability union); an Assign sets the value where the path
     * does not exist ({@code MustNotExist}); an AssignMetadata never overwrites.
     */
    private static Map<String, Object> parameters(GatekeeperMutations.Mutation m) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (m.kind().equals("ModifySet")) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("fromList", m.value());
            parameters.put("operation", "merge");
            parameters.put("values", values);
            return parameters;
        }
        if (m.kind().equals("Assign")) {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("subPath", m.location());
            test.put("condition", "MustNotExist");
            parameters.put("pathTests", List.of(test));
        }
        Map<String, Object> assign = new LinkedHashMap<>();
        assign.put("value", m.value());
        parameters.put("assign", assign);
        return parameters;
    }
}
