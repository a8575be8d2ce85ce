package dev.psp2psa.emit;

import dev.psp2psa.format.Yaml;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.policy.GapPolicy;
import dev.psp2psa.policy.PolicyValidation;
import dev.psp2psa.rego.RegoModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes each gap policy as a Gatekeeper ConstraintTemplate of psp2psa's own ({@code templates.gatekeeper.sh/v1},
 * kind {@code Psp2psaGaps...}, which cannot clash with a gatekeeper-library {@code K8sPSP...} kind) with the same
 * validations twice, as CEL (engine {@code K8sNativeValidation}) and as Rego translated from that CEL, into
 * {@code gatekeeper/templates/}, and one Constraint of that kind scoped to the policy's namespaces into
 * {@code gatekeeper/constraints/}. Gatekeeper has no autogen: pods are checked, not their controllers.
 */
public final class GatekeeperEmitter {

    public static final String DIR = "gatekeeper/";
    public static final String TEMPLATES = DIR + "templates/";
    public static final String CONSTRAINTS = DIR + "constraints/";
    static final String KIND_PREFIX = "Psp2psaGaps";
    static final String TARGET = "admission.k8s.gatekeeper.sh";

    private GatekeeperEmitter() {
    }

    /**
     * Writes the templates and constraints; {@code cel}: the templates carry CEL (K8sNativeValidation) and Rego in
     * {@code code} (Gatekeeper 3.17+, Kubernetes 1.28+), else Rego alone in {@code rego}, which every Gatekeeper
     * release reads, with the CEL it was translated from in the annotation {@value #CEL_ANNOTATION} for verify.
     */
    public static void emit(List<GapPolicy> policies, VapEmitter.Mode mode, boolean cel, OutputTree tree) {
        Map<String, String> kinds = kinds(policies);
        List<String> templates = new ArrayList<>();
        List<String> constraints = new ArrayList<>();
        for (GapPolicy p : policies) {
            String kind = kinds.get(p.name());
            tree.put(TEMPLATES + p.name() + ".yaml", Yaml.write(template(p, kind, cel)));
            tree.put(CONSTRAINTS + p.name() + ".yaml", Yaml.write(constraint(p, kind, mode)));
            templates.add(p.name() + ".yaml");
            constraints.add(p.name() + ".yaml");
        }
        kustomizations(templates, constraints, tree);
    }

    /** A kustomization per folder and one in gatekeeper/ that lists templates before constraints. */
    static void kustomizations(List<String> templates, List<String> constraints, OutputTree tree) {
        List<String> folders = new ArrayList<>();
        if (!templates.isEmpty()) {
            tree.put(TEMPLATES + "kustomization.yaml", Yaml.write(PsaEmitter.kustomization(templates)));
            folders.add("templates");
        }
        if (!constraints.isEmpty()) {
            tree.put(CONSTRAINTS + "kustomization.yaml", Yaml.write(PsaEmitter.kustomization(constraints)));
            folders.add("constraints");
        }
        if (!folders.isEmpty()) {
            tree.put(DIR + "kustomization.yaml", Yaml.write(PsaEmitter.kustomization(folders)));
        }
    }

    /**
     * The constraint kind of each policy: {@code Psp2psaGaps} and the policy's name in CamelCase; when two names
     * give one kind (hyphens are dropped), each of them gets the first 8 hex digits of its name's SHA-256; a kind
     * longer than Gatekeeper allows is shortened the same way ({@link #fit}).
     */
    static Map<String, String> kinds(List<GapPolicy> policies) {
        Map<String, Integer> count = new HashMap<>();
        policies.forEach(p -> count.merge(camel(p.name()).toLowerCase(Locale.ROOT), 1, Integer::sum));
        Map<String, String> out = new LinkedHashMap<>();
        for (GapPolicy p : policies) {
            String kind = camel(p.name());
            String unique = count.get(kind.toLowerCase(Locale.ROOT)) > 1 ? kind + "H" + hash(p.name()) : kind;
            out.put(p.name(), fit(unique, p.name()));
        }
        return out;
    }

    /**
     * The longest kind Gatekeeper accepts: the template's CRD uses the lowercase kind and the lowercase kind plus
     * {@code list} as DNS labels (at most 63 characters), so a kind has at most 59.
     */
    static final int MAX_KIND = 59;

    /** The kind, or when longer than {@link #MAX_KIND} its first 50 characters and {@code H} + 8 hex of the name. */
    static String fit(String kind, String policyName) {
        if (kind.length() <= MAX_KIND) {
            return kind;
        }
        return kind.substring(0, MAX_KIND - 9) + "H" + hash(policyName);
    }

    /** {@code psp2psa-team-a} → {@code Psp2psaGapsTeamA}. */
    static String camel(String policyName) {
        String rest = policyName.startsWith("psp2psa-") ? policyName.substring("psp2psa-".length()) : policyName;
        StringBuilder b = new StringBuilder(KIND_PREFIX);
        for (String part : rest.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The metadata of a psp2psa object: name, the managed-by label, and where it comes from. */
    static Map<String, Object> metadata(GapPolicy p, String name) {
        Map<String, Object> m = VapEmitter.metadata(p);
        m.put("name", name);
        return m;
    }

    /** The annotation of a Rego-only template that holds the CEL validations its Rego was translated from. */
    public static final String CEL_ANNOTATION = "psp2psa.dev/cel-validations";

    static Map<String, Object> template(GapPolicy p, String kind) {
        return template(p, kind, true);
    }

    static Map<String, Object> template(GapPolicy p, String kind, boolean withCel) {
        List<Object> validations = new ArrayList<>();
        List<RegoModule.Check> checks = new ArrayList<>();
        for (PolicyValidation v : p.validations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("expression", v.predicate().expression());
            m.put("messageExpression", PodCel.lit(VapEmitter.message(v)));
            validations.add(m);
            checks.add(new RegoModule.Check(v.predicate().expression(), VapEmitter.message(v)));
        }
        Map<String, Object> celSource = new LinkedHashMap<>();
        celSource.put("validations", validations);
        Map<String, Object> cel = new LinkedHashMap<>();
        cel.put("engine", "K8sNativeValidation");
        cel.put("source", celSource);
        Map<String, Object> regoSource = new LinkedHashMap<>();
        regoSource.put("rego", RegoModule.module(kind.toLowerCase(Locale.ROOT), checks));
        Map<String, Object> rego = new LinkedHashMap<>();
        rego.put("engine", "Rego");
        rego.put("source", regoSource);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("target", TARGET);
        if (withCel) {
            target.put("code", List.of(cel, rego));
        } else {
            target.put("rego", regoSource.get("rego"));
        }
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("kind", kind);
        Map<String, Object> crdSpec = new LinkedHashMap<>();
        crdSpec.put("names", names);
        Map<String, Object> crd = new LinkedHashMap<>();
        crd.put("spec", crdSpec);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("crd", crd);
        spec.put("targets", List.of(target));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "templates.gatekeeper.sh/v1");
        root.put("kind", "ConstraintTemplate");
        Map<String, Object> metadata = metadata(p, kind.toLowerCase(Locale.ROOT));
        if (!withCel) {
            List<Object> pairs = new ArrayList<>();
            for (RegoModule.Check c : checks) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("expression", c.expression());
                m.put("message", c.message());
                pairs.add(m);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) metadata.get("annotations");
            annotations.put(CEL_ANNOTATION, dev.psp2psa.format.Json.compactText(pairs));
        }
        root.put("metadata", metadata);
        root.put("spec", spec);
        return root;
    }

    /** Gatekeeper's enforcement action for the mode. */
    static String action(VapEmitter.Mode mode) {
        return mode.gatekeeperAction();
    }

    /**
     * The match of every constraint: pods in exactly the policy's namespaces, or for the default class's policy in
     * every namespace but the excluded ones ({@code excludedNamespaces}).
     */
    static Map<String, Object> match(GapPolicy p) {
        Map<String, Object> kinds = new LinkedHashMap<>();
        kinds.put("apiGroups", List.of(""));
        kinds.put("kinds", List.of("Pod"));
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("kinds", List.of(kinds));
        if (!p.unlisted()) {
            match.put("namespaces", p.namespaces());
        } else if (!p.excluded().isEmpty()) {
            match.put("excludedNamespaces", p.excluded());
        }
        return match;
    }

    static Map<String, Object> constraint(GapPolicy p, String kind, VapEmitter.Mode mode) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("enforcementAction", action(mode));
        spec.put("match", match(p));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "constraints.gatekeeper.sh/v1beta1");
        root.put("kind", kind);
        root.put("metadata", metadata(p, p.name()));
        root.put("spec", spec);
        return root;
    }
}
