package dev.psp2psa.emit;

import dev.psp2psa.format.Yaml;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.policy.GapPolicy;
import dev.psp2psa.policy.PolicyValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes each gap policy as a ValidatingAdmissionPolicy and its ValidatingAdmissionPolicyBinding
 * ({@code admissionregistration.k8s.io/v1}) into {@code vap/}: pods are validated on creation, in exactly the
 * namespaces concerned, with {@code failurePolicy: Fail}.
 */
public final class VapEmitter {

    public static final String DIR = "vap/";

    private VapEmitter() {
    }

    /** Deny enforces the policies; Warn and Audit only report what they would deny. */
    public enum Mode {
        DENY,
        WARN;

        List<String> validationActions() {
            return this == DENY ? List.of("Deny") : List.of("Warn", "Audit");
        }

        /** Kyverno's failure action for the mode. */
        String kyvernoAction() {
            return this == DENY ? "Enforce" : "Audit";
        }

        /** Gatekeeper's enforcement action for the mode. */
        String gatekeeperAction() {
            return this == DENY ? "deny" : "warn";
        }
    }

    public static void emit(List<GapPolicy> policies, Mode mode, OutputTree tree) {
        List<String> files = new ArrayList<>();
        for (GapPolicy p : policies) {
            tree.put(DIR + p.name() + ".yaml", Yaml.write(policy(p)));
            tree.put(DIR + p.name() + "-binding.yaml", Yaml.write(binding(p, mode)));
            files.add(p.name() + ".yaml");
            files.add(p.name() + "-binding.yaml");
        }
        if (!files.isEmpty()) {
            tree.put(DIR + "kustomization.yaml", Yaml.write(PsaEmitter.kustomization(files)));
        }
    }

    static Map<String, Object> metadata(GapPolicy p) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "psp2psa");
        Map<String, Object> annotations = new LinkedHashMap<>();
        // The default class's policy holds in every namespace but the excluded ones.
        annotations.put("psp2psa.dev/namespaces", p.unlisted() ? "*" : String.join(",", p.namespaces()));
        if (p.unlisted()) {
            annotations.put("psp2psa.dev/excluded-namespaces", String.join(",", p.excluded()));
        }
        annotations.put("psp2psa.dev/psps", String.join(",", p.psps()));
        annotations.put("psp2psa.dev/rules", String.join(",", p.rules()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("labels", labels);
        m.put("annotations", annotations);
        return m;
    }

    /** The match constraints of the created pods of the API's core group. */
    static Map<String, Object> podRules() {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("apiGroups", List.of(""));
        rule.put("apiVersions", List.of("v1"));
        rule.put("operations", List.of("CREATE"));
        rule.put("resources", List.of("pods"));
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("resourceRules", List.of(rule));
        return match;
    }

    static Map<String, Object> policy(GapPolicy p) {
        Map<String, Object> match = podRules();
        List<Object> validations = new ArrayList<>();
        for (PolicyValidation v : p.validations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("expression", v.predicate().expression());
            m.put("messageExpression", PodCel.lit(message(v)));
            m.put("reason", "Forbidden");
            validations.add(m);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("failurePolicy", "Fail");
        spec.put("matchConstraints", match);
        spec.put("validations", validations);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "admissionregistration.k8s.io/v1");
        root.put("kind", "ValidatingAdmissionPolicy");
        root.put("metadata", metadata(p));
        root.put("spec", spec);
        return root;
    }

    /** The message of a validation: its predicate's, prefixed with the PSPs it replaces. */
    static String message(PolicyValidation v) {
        String m = v.predicate().message();
        String prefix = v.psps().isEmpty() && v.rules().isEmpty() ? "psp2psa: "
                : v.psps().isEmpty() ? "psp2psa: hardening (" + String.join(", ", v.rules()) + "): "
                : "psp2psa: PodSecurityPolicy " + String.join(", ", v.psps()) + " (" + String.join(", ", v.rules())
                        + "): ";
        // Without single quotes, the message is a CEL string literal without escapes, easy to read in YAML.
        return (prefix + (m.isBlank() ? "the pod is not admitted." : m)).replace("'", "");
    }

    /**
     * Selects exactly the policy's namespaces by name ({@code kubernetes.io/metadata.name In [...]}), or for the
     * default class every namespace but the excluded ones ({@code NotIn [...]}; the empty selector when none is).
     */
    static Map<String, Object> namespaceSelector(GapPolicy p) {
        return namespaceSelector(p.unlisted(), p.unlisted() ? p.excluded() : p.namespaces());
    }

    /** {@code kubernetes.io/metadata.name In [names]}, or {@code NotIn [names]} when unlisted (empty: everything). */
    static Map<String, Object> namespaceSelector(boolean unlisted, List<String> names) {
        Map<String, Object> selector = new LinkedHashMap<>();
        if (unlisted && names.isEmpty()) {
            return selector;
        }
        Map<String, Object> expression = new LinkedHashMap<>();
        expression.put("key", "kubernetes.io/metadata.name");
        expression.put("operator", unlisted ? "NotIn" : "In");
        expression.put("values", names);
        selector.put("matchExpressions", List.of(expression));
        return selector;
    }

    static Map<String, Object> binding(GapPolicy p, Mode mode) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("namespaceSelector", namespaceSelector(p));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("policyName", p.name());
        spec.put("validationActions", mode.validationActions());
        spec.put("matchResources", resources);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "admissionregistration.k8s.io/v1");
        root.put("kind", "ValidatingAdmissionPolicyBinding");
        root.put("metadata", metadata(p));
        root.put("spec", spec);
        return root;
    }
}
