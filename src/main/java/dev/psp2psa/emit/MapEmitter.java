package dev.psp2psa.emit;

import dev.psp2psa.format.Yaml;
import dev.psp2psa.policy.CelMutations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code convert} for clusters that serve {@code admissionregistration.k8s.io/v1} MutatingAdmissionPolicy (1.36+), or
 * {@code v1beta1} on request (1.34–1.35 with the feature gate and runtime-config), with the vap engine (unless {@code --no-mutations}): a MutatingAdmissionPolicy and its binding per namespace class whose
 * PSPs set defaults, into {@code vap-mutations/} ({@link CelMutations} builds the mutations). The policies fail closed
 * and are not reinvoked: PSP admission set its defaults once, before the mutating webhooks ran
 * ({@code reinvocationPolicy: Never}).
 */
public final class MapEmitter {

    public static final String DIR = "vap-mutations/";

    private MapEmitter() {
    }

    /** Writes the policies and bindings; the files written. */
    public static List<String> emit(List<CelMutations.Policy> policies, String apiVersion, OutputTree tree) {
        List<String> files = new ArrayList<>();
        for (CelMutations.Policy p : policies) {
            tree.put(DIR + p.name() + ".yaml", Yaml.write(policy(p, apiVersion)));
            tree.put(DIR + p.name() + "-binding.yaml", Yaml.write(binding(p, apiVersion)));
            files.add(p.name() + ".yaml");
            files.add(p.name() + "-binding.yaml");
        }
        if (!files.isEmpty()) {
            tree.put(DIR + "kustomization.yaml", Yaml.write(PsaEmitter.kustomization(files)));
        }
        return files;
    }

    static Map<String, Object> metadata(CelMutations.Policy p) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "psp2psa");
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("psp2psa.dev/namespaces", p.unlisted() ? "*" : p.namespace());
        if (p.unlisted()) {
            annotations.put("psp2psa.dev/excluded-namespaces", String.join(",", p.excluded()));
        }
        if (!p.accounts().isEmpty()) {
            annotations.put("psp2psa.dev/service-accounts", (p.accountsIn() ? "" : "all but ")
                    + String.join(",", p.accounts()));
        }
        annotations.put("psp2psa.dev/psps", String.join(",", p.psps()));
        annotations.put("psp2psa.dev/rules", String.join(",", p.rules()));
        annotations.put("psp2psa.dev/purpose", "restores the defaults PodSecurityPolicy set on pods");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("labels", labels);
        m.put("annotations", annotations);
        return m;
    }

    /** The match conditions (the service-account class), and the JSONPatch mutations, as both kinds write them. */
    static void putMutations(CelMutations.Policy p, Map<String, Object> spec) {
        String condition = p.matchCondition();
        if (condition != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", "service-accounts");
            c.put("expression", condition);
            spec.put("matchConditions", List.of(c));
        }
        List<Object> mutations = new ArrayList<>();
        for (String e : p.expressions()) {
            Map<String, Object> patch = new LinkedHashMap<>();
            patch.put("expression", e);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("patchType", "JSONPatch");
            m.put("jsonPatch", patch);
            mutations.add(m);
        }
        spec.put("mutations", mutations);
    }

    static Map<String, Object> policy(CelMutations.Policy p, String apiVersion) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("failurePolicy", "Fail");
        spec.put("reinvocationPolicy", "Never");
        spec.put("matchConstraints", VapEmitter.podRules());
        putMutations(p, spec);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", apiVersion);
        root.put("kind", "MutatingAdmissionPolicy");
        root.put("metadata", metadata(p));
        root.put("spec", spec);
        return root;
    }

    /**
     * Selects the policy's namespace by name, or for the default class every namespace but the excluded ones (the
     * empty selector when none is).
     */
    static Map<String, Object> namespaceSelector(CelMutations.Policy p) {
        return VapEmitter.namespaceSelector(p.unlisted(), p.unlisted() ? p.excluded() : List.of(p.namespace()));
    }

    static Map<String, Object> binding(CelMutations.Policy p, String apiVersion) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("namespaceSelector", namespaceSelector(p));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("policyName", p.name());
        spec.put("matchResources", resources);
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "psp2psa");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", p.name());
        metadata.put("labels", labels);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", apiVersion);
        root.put("kind", "MutatingAdmissionPolicyBinding");
        root.put("metadata", metadata);
        root.put("spec", spec);
        return root;
    }
}
