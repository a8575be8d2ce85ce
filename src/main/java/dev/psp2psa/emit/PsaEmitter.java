package dev.psp2psa.emit;

import dev.psp2psa.format.Yaml;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.Recommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what Pod Security Admission needs: one Namespace label patch per labelled namespace (final labels in
 * {@code namespaces/}, the audit and warn labels alone in {@code namespaces-audit/} for the first step of the
 * migration), the PodSecurity AdmissionConfiguration with defaults and exemptions, and kustomizations.
 */
public final class PsaEmitter {

    public static final String LABEL_PREFIX = "pod-security.kubernetes.io/";

    private PsaEmitter() {
    }

    public static void emit(Plan plan, OutputTree tree) {
        List<String> finalFiles = new ArrayList<>();
        for (NamespacePlan ns : plan.namespaces()) {
            if (ns.exempt()) {
                continue;
            }
            String file = ns.name() + ".yaml";
            tree.put("namespaces/" + file, Yaml.write(namespace(ns.name(), labels(ns.recommended(), true))));
            tree.put("namespaces-audit/" + file, Yaml.write(namespace(ns.name(), labels(ns.recommended(), false))));
            finalFiles.add(file);
        }
        tree.put("namespaces/kustomization.yaml", Yaml.write(kustomization(finalFiles)));
        tree.put("namespaces-audit/kustomization.yaml", Yaml.write(kustomization(finalFiles)));
        tree.put("admission/pod-security-configuration.yaml", Yaml.write(admissionConfiguration(plan)));
    }

    /** The PSA labels of a recommendation: enforce (when {@code withEnforce}), audit and warn, each pinned. */
    public static Map<String, Object> labels(Recommendation r, boolean withEnforce) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(LABEL_PREFIX + "audit", r.audit().id());
        labels.put(LABEL_PREFIX + "audit-version", r.version().toString());
        if (withEnforce) {
            labels.put(LABEL_PREFIX + "enforce", r.enforce().id());
            labels.put(LABEL_PREFIX + "enforce-version", r.version().toString());
        }
        labels.put(LABEL_PREFIX + "warn", r.warn().id());
        labels.put(LABEL_PREFIX + "warn-version", r.version().toString());
        return labels;
    }

    static Map<String, Object> namespace(String name, Map<String, Object> labels) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("labels", labels);
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("apiVersion", "v1");
        ns.put("kind", "Namespace");
        ns.put("metadata", metadata);
        return ns;
    }

    /** A kustomization of the given resources. */
    public static Map<String, Object> kustomization(List<String> resources) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        k.put("kind", "Kustomization");
        k.put("resources", List.copyOf(resources));
        return k;
    }

    static Map<String, Object> admissionConfiguration(Plan plan) {
        Recommendation d = plan.defaults();
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("enforce", d.enforce().id());
        defaults.put("enforce-version", d.version().toString());
        defaults.put("audit", d.audit().id());
        defaults.put("audit-version", d.version().toString());
        defaults.put("warn", d.warn().id());
        defaults.put("warn-version", d.version().toString());
        Map<String, Object> exemptions = new LinkedHashMap<>();
        // Never a controller's username: the plan refused those (BypassReviewer.refusal).
        exemptions.put("usernames", plan.bypass().exemptUsernames());
        exemptions.put("runtimeClasses", plan.bypass().exemptRuntimeClasses());
        exemptions.put("namespaces", plan.exemptNamespaces());
        Map<String, Object> config = new LinkedHashMap<>();
        // The version the cluster's API server loads: v1alpha1 on 1.22, v1beta1 on 1.23-1.24, v1 from 1.25.
        config.put("apiVersion", dev.psp2psa.policy.Compatibility.psaConfig(plan.clusterVersion()).apiVersion());
        config.put("kind", "PodSecurityConfiguration");
        config.put("defaults", defaults);
        config.put("exemptions", exemptions);
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("name", "PodSecurity");
        plugin.put("configuration", config);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "apiserver.config.k8s.io/v1");
        root.put("kind", "AdmissionConfiguration");
        root.put("plugins", List.of(plugin));
        return root;
    }
}
