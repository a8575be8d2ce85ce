package dev.psp2psa.emit;

import dev.psp2psa.format.Yaml;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.policy.Compatibility;
import dev.psp2psa.policy.GapPolicy;
import dev.psp2psa.policy.PolicyValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes each gap policy as a Kyverno ClusterPolicy ({@code kyverno.io/v1}) with {@code validate.cel} rules (Kyverno
 * 1.11 or newer) into {@code kyverno/}. Pods are matched in exactly the namespaces concerned (the default class's
 * policy: every namespace, excluding the others by {@code exclude.any[].resources.namespaces}); the pod controllers
 * get explicit rules over their pod templates (Kyverno's own autogen is switched off so nothing is doubled), so a
 * Deployment whose pods would be denied is itself denied, as PSA warns.
 */
public final class KyvernoEmitter {

    public static final String DIR = "kyverno/";

    /** Where each group of kinds keeps its pod: the CEL paths that replace {@code object.spec} and metadata. */
    private record Target(String suffix, List<String> kinds, String spec, String metadata) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("", List.of("Pod"), "object.spec", "object.metadata"),
            new Target("-controllers", List.of("DaemonSet", "Deployment", "Job", "ReplicaSet",
                    "ReplicationController", "StatefulSet"), "object.spec.template.spec",
                    "object.spec.template.metadata"),
            new Target("-cronjobs", List.of("CronJob"), "object.spec.jobTemplate.spec.template.spec",
                    "object.spec.jobTemplate.spec.template.metadata"));

    private KyvernoEmitter() {
    }

    /**
     * Writes each policy in the form the Kyverno releases for the cluster run ({@link Compatibility.KyvernoKind}):
     * ClusterPolicy with the spec-level action (Kyverno 1.11-1.12), ClusterPolicy with the rule-level
     * {@code validate.failureAction} (1.13+, where the spec-level field is deprecated), or ValidatingPolicy (1.17+).
     */
    public static void emit(List<GapPolicy> policies, VapEmitter.Mode mode, Compatibility.KyvernoKind kind,
            OutputTree tree) {
        List<String> files = new ArrayList<>();
        for (GapPolicy p : policies) {
            tree.put(DIR + p.name() + ".yaml", Yaml.write(switch (kind) {
                case CLUSTER_POLICY -> clusterPolicy(p, mode, false);
                case CLUSTER_POLICY_RULE_ACTION -> clusterPolicy(p, mode, true);
                case VALIDATING_POLICY -> validatingPolicy(p, mode);
            }));
            files.add(p.name() + ".yaml");
        }
        if (!files.isEmpty()) {
            tree.put(DIR + "kustomization.yaml", Yaml.write(PsaEmitter.kustomization(files)));
        }
    }

    /** A pod expression rewritten for the pod template of other kinds. */
    static String retarget(String expression, String spec, String metadata) {
        return expression.replace(PodCel.OBJECT + ".spec", spec).replace(PodCel.OBJECT + ".metadata", metadata);
    }

    /**
     * A ValidatingPolicy: the same validations as the ValidatingAdmissionPolicy, matched to the namespaces by name,
     * with Kyverno's autogen writing the rules of the pod controllers.
     */
    static Map<String, Object> validatingPolicy(GapPolicy p, VapEmitter.Mode mode) {
        Map<String, Object> vap = VapEmitter.policy(p);
        @SuppressWarnings("unchecked")
        Map<String, Object> vapSpec = (Map<String, Object>) vap.get("spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> match = new LinkedHashMap<>((Map<String, Object>) vapSpec.get("matchConstraints"));
        match.put("namespaceSelector", VapEmitter.namespaceSelector(p));
        Map<String, Object> controllers = new LinkedHashMap<>();
        controllers.put("controllers", List.of("cronjobs", "daemonsets", "deployments", "jobs", "replicasets",
                "replicationcontrollers", "statefulsets"));
        Map<String, Object> autogen = new LinkedHashMap<>();
        autogen.put("podControllers", controllers);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("validationActions", mode.validationActions());
        spec.put("failurePolicy", "Fail");
        spec.put("matchConstraints", match);
        spec.put("autogen", autogen);
        spec.put("validations", vapSpec.get("validations"));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "policies.kyverno.io/v1");
        root.put("kind", "ValidatingPolicy");
        root.put("metadata", VapEmitter.metadata(p));
        root.put("spec", spec);
        return root;
    }

    static Map<String, Object> clusterPolicy(GapPolicy p, VapEmitter.Mode mode) {
        return clusterPolicy(p, mode, false);
    }

    static Map<String, Object> clusterPolicy(GapPolicy p, VapEmitter.Mode mode, boolean ruleAction) {
        Map<String, Object> metadata = VapEmitter.metadata(p);
        @SuppressWarnings("unchecked")
        Map<String, Object> annotations = (Map<String, Object>) metadata.get("annotations");
        annotations.put("pod-policies.kyverno.io/autogen-controllers", "none");
        List<Object> rules = new ArrayList<>();
        for (PolicyValidation v : p.validations()) {
            for (Target t : TARGETS) {
                Map<String, Object> resources = new LinkedHashMap<>();
                resources.put("kinds", t.kinds());
                if (!p.unlisted()) {
                    resources.put("namespaces", p.namespaces());
                }
                resources.put("operations", List.of("CREATE"));
                Map<String, Object> any = new LinkedHashMap<>();
                any.put("resources", resources);
                Map<String, Object> match = new LinkedHashMap<>();
                match.put("any", List.of(any));
                Map<String, Object> expression = new LinkedHashMap<>();
                expression.put("expression", retarget(v.predicate().expression(), t.spec(), t.metadata()));
                expression.put("messageExpression", PodCel.lit(VapEmitter.message(v)));
                Map<String, Object> cel = new LinkedHashMap<>();
                cel.put("expressions", List.of(expression));
                Map<String, Object> validate = new LinkedHashMap<>();
                if (ruleAction) {
                    validate.put("failureAction", mode.kyvernoAction());
                }
                validate.put("cel", cel);
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("name", v.rule() + t.suffix());
                rule.put("match", match);
                if (p.unlisted() && !p.excluded().isEmpty()) {
                    // The default class: every namespace but the excluded ones.
                    Map<String, Object> excluded = new LinkedHashMap<>();
                    excluded.put("namespaces", p.excluded());
                    Map<String, Object> none = new LinkedHashMap<>();
                    none.put("resources", excluded);
                    rule.put("exclude", Map.of("any", List.of(none)));
                }
                rule.put("validate", validate);
                rules.add(rule);
            }
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        if (!ruleAction) {
            // The policy-wide field, which Kyverno 1.11 and 1.12 read (deprecated from 1.13, for the rule's own).
            spec.put("validationFailureAction", mode.kyvernoAction());
        }
        spec.put("background", true);
        spec.put("rules", rules);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "kyverno.io/v1");
        root.put("kind", "ClusterPolicy");
        root.put("metadata", metadata);
        root.put("spec", spec);
        return root;
    }
}
