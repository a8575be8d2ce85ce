package dev.psp2psa.emit;

import dev.psp2psa.cel.PodCel;
import dev.psp2psa.format.Yaml;
import dev.psp2psa.policy.Compatibility;
import dev.psp2psa.policy.Engine;
import dev.psp2psa.policy.LabelGuard;
import dev.psp2psa.rego.RegoModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the label guard ({@link LabelGuard}) into {@code guard/}, one folder per engine, each applied on its own:
 * {@code guard/vap/} (ValidatingAdmissionPolicy and its binding), {@code guard/kyverno/} (ClusterPolicy with
 * {@code validate.cel} or ValidatingPolicy, as the gap policies), {@code guard/gatekeeper/templates/} and
 * {@code constraints/} (a ConstraintTemplate of psp2psa's own, CEL and Rego or Rego alone, and its Constraint). Every form matches Namespace CREATE and UPDATE, fails
 * closed, always denies (the guard is opt-in; {@code --policy-mode} concerns the gap policies) and skips background
 * scans, which have no request to judge.
 */
public final class LabelGuardEmitter {

    public static final String DIR = "guard/";
    static final String KIND = "Psp2psaGuardPodSecurityLabels";
    /** The annotation that lists the admins, as {@code --label-admins} takes them. */
    static final String ADMINS = "psp2psa.dev/label-admins";

    private LabelGuardEmitter() {
    }

    /**
     * Writes the guard for each engine (each runs on the cluster version; see {@link Compatibility}); returns the
     * folders written, sorted.
     */
    public static List<String> emit(LabelGuard guard, java.util.Collection<Engine> engines,
            Compatibility.KyvernoKind kyverno, boolean gatekeeperCel, OutputTree tree) {
        List<String> folders = new ArrayList<>();
        for (Engine e : new java.util.TreeSet<>(engines)) {
            String dir = DIR + e.id() + "/";
            List<String> files = new ArrayList<>();
            switch (e) {
                case VAP -> {
                    files.add(put(tree, dir, guard.name() + ".yaml", vap(guard)));
                    files.add(put(tree, dir, guard.name() + "-binding.yaml", binding(guard)));
                }
                case KYVERNO -> files.add(put(tree, dir, guard.name() + ".yaml",
                        kyverno == Compatibility.KyvernoKind.VALIDATING_POLICY ? validatingPolicy(guard)
                                : clusterPolicy(guard, kyverno == Compatibility.KyvernoKind.CLUSTER_POLICY_RULE_ACTION)));
                case GATEKEEPER -> {
                    // Two folders, as the gap policies': the Constraint's kind exists once the template's CRD does.
                    String file = guard.name() + ".yaml";
                    put(tree, dir + "templates/", file, template(guard, gatekeeperCel));
                    put(tree, dir + "constraints/", file, constraint(guard));
                    tree.put(dir + "templates/kustomization.yaml", Yaml.write(PsaEmitter.kustomization(List.of(file))));
                    tree.put(dir + "constraints/kustomization.yaml",
                            Yaml.write(PsaEmitter.kustomization(List.of(file))));
                    files.addAll(List.of("templates", "constraints"));
                }
            }
            tree.put(dir + "kustomization.yaml", Yaml.write(PsaEmitter.kustomization(files)));
            folders.add(dir);
        }
        return folders;
    }

    private static String put(OutputTree tree, String dir, String file, Map<String, Object> object) {
        tree.put(dir + file, Yaml.write(object));
        return file;
    }

    static Map<String, Object> metadata(LabelGuard g, String name) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "psp2psa");
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put(ADMINS, g.refs());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("labels", labels);
        m.put("annotations", annotations);
        return m;
    }

    /** The one validation: the guard's expression and its message. */
    static Map<String, Object> validation(LabelGuard g) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("expression", g.expression());
        v.put("messageExpression", PodCel.lit(g.message()));
        return v;
    }

    /** Namespaces, on CREATE and UPDATE (the main resource: labels are not changed through a subresource). */
    static Map<String, Object> matchConstraints() {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("apiGroups", List.of(""));
        rule.put("apiVersions", List.of("v1"));
        rule.put("operations", List.of("CREATE", "UPDATE"));
        rule.put("resources", List.of("namespaces"));
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("resourceRules", List.of(rule));
        return match;
    }

    static Map<String, Object> vap(LabelGuard g) {
        Map<String, Object> v = validation(g);
        v.put("reason", "Forbidden");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("failurePolicy", "Fail");
        spec.put("matchConstraints", matchConstraints());
        spec.put("validations", List.of(v));
        return root("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", metadata(g, g.name()), spec);
    }

    /** Every Namespace: a binding without matchResources constrains nothing beyond the policy's own match. */
    static Map<String, Object> binding(LabelGuard g) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("policyName", g.name());
        spec.put("validationActions", List.of("Deny"));
        return root("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding", metadata(g, g.name()),
                spec);
    }

    static Map<String, Object> validatingPolicy(LabelGuard g) {
        Map<String, Object> background = new LinkedHashMap<>();
        background.put("enabled", false);
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("background", background);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("validationActions", List.of("Deny"));
        spec.put("failurePolicy", "Fail");
        spec.put("evaluation", evaluation);
        spec.put("matchConstraints", matchConstraints());
        spec.put("validations", List.of(validation(g)));
        return root("policies.kyverno.io/v1", "ValidatingPolicy", metadata(g, g.name()), spec);
    }

    /**
     * A ClusterPolicy with one {@code validate.cel} rule; {@code ruleAction}: the rule-level failure action and the
     * {@code webhookConfiguration} failure policy (Kyverno 1.13+), else their spec-level forms (1.11-1.12).
     */
    static Map<String, Object> clusterPolicy(LabelGuard g, boolean ruleAction) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("kinds", List.of("Namespace"));
        resources.put("operations", List.of("CREATE", "UPDATE"));
        Map<String, Object> any = new LinkedHashMap<>();
        any.put("resources", resources);
        Map<String, Object> cel = new LinkedHashMap<>();
        cel.put("expressions", List.of(validation(g)));
        Map<String, Object> validate = new LinkedHashMap<>();
        if (ruleAction) {
            validate.put("failureAction", "Enforce");
        }
        validate.put("cel", cel);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", "pod-security-labels");
        rule.put("match", Map.of("any", List.of(any)));
        rule.put("validate", validate);
        Map<String, Object> spec = new LinkedHashMap<>();
        if (ruleAction) {
            spec.put("webhookConfiguration", Map.of("failurePolicy", "Fail"));
        } else {
            spec.put("validationFailureAction", "Enforce");
            spec.put("failurePolicy", "Fail");
        }
        // A background scan has no request, so no user to judge.
        spec.put("background", false);
        spec.put("rules", List.of(rule));
        return root("kyverno.io/v1", "ClusterPolicy", metadata(g, g.name()), spec);
    }

    /**
     * The ConstraintTemplate: CEL (K8sNativeValidation) and Rego translated from it in {@code code}, or, for
     * Gatekeeper releases without CEL, the Rego alone with its CEL in the annotation
     * {@value GatekeeperEmitter#CEL_ANNOTATION}, as the gap templates.
     */
    static Map<String, Object> template(LabelGuard g, boolean withCel) {
        String name = KIND.toLowerCase(Locale.ROOT);
        List<RegoModule.Check> checks = List.of(new RegoModule.Check(g.expression(), g.message()));
        String rego = RegoModule.requestModule(name, checks);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("target", GatekeeperEmitter.TARGET);
        Map<String, Object> metadata = metadata(g, name);
        if (withCel) {
            Map<String, Object> cel = new LinkedHashMap<>();
            cel.put("engine", "K8sNativeValidation");
            cel.put("source", Map.of("validations", List.of(validation(g))));
            Map<String, Object> regoCode = new LinkedHashMap<>();
            regoCode.put("engine", "Rego");
            regoCode.put("source", Map.of("rego", rego));
            target.put("code", List.of(cel, regoCode));
        } else {
            target.put("rego", rego);
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("expression", g.expression());
            pair.put("message", g.message());
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) metadata.get("annotations");
            annotations.put(GatekeeperEmitter.CEL_ANNOTATION, dev.psp2psa.format.Json.compactText(List.of(pair)));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("crd", Map.of("spec", Map.of("names", Map.of("kind", KIND))));
        spec.put("targets", List.of(target));
        return root("templates.gatekeeper.sh/v1", "ConstraintTemplate", metadata, spec);
    }

    static Map<String, Object> constraint(LabelGuard g) {
        Map<String, Object> kinds = new LinkedHashMap<>();
        kinds.put("apiGroups", List.of(""));
        kinds.put("kinds", List.of("Namespace"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("enforcementAction", "deny");
        spec.put("match", Map.of("kinds", List.of(kinds)));
        return root("constraints.gatekeeper.sh/v1beta1", KIND, metadata(g, g.name()), spec);
    }

    private static Map<String, Object> root(String apiVersion, String kind, Map<String, Object> metadata,
            Map<String, Object> spec) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", apiVersion);
        root.put("kind", kind);
        root.put("metadata", metadata);
        root.put("spec", spec);
        return root;
    }
}
