package dev.psp2psa.emit;

import dev.psp2psa.format.Yaml;
import dev.psp2psa.policy.GapPolicy;
import dev.psp2psa.policy.GatekeeperLibrary;
import dev.psp2psa.policy.GatekeeperLibrary.Coverage;
import dev.psp2psa.policy.GatekeeperLibrary.LibraryConstraint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --gatekeeper-templates library}: writes the Constraints of the gatekeeper-library kinds that
 * {@link GatekeeperLibrary#coverage} computes, one per policy and library kind, scoped to the policy's namespaces, with
 * annotations naming the PSPs and rules each stands for and how it approximates them.
 */
public final class GatekeeperLibraryEmitter {

    private GatekeeperLibraryEmitter() {
    }

    /** Writes the constraints of {@code c}, the coverage of {@code policies}. */
    public static void emit(List<GapPolicy> policies, Coverage c, VapEmitter.Mode mode, OutputTree tree) {
        Map<String, GapPolicy> byName = new TreeMap<>();
        policies.forEach(p -> byName.put(p.name(), p));
        List<String> files = new ArrayList<>();
        for (LibraryConstraint lc : c.constraints()) {
            tree.put(GatekeeperEmitter.CONSTRAINTS + lc.name() + ".yaml",
                    Yaml.write(constraint(byName.get(lc.policy()), lc, mode)));
            files.add(lc.name() + ".yaml");
        }
        GatekeeperEmitter.kustomizations(List.of(), files, tree);
    }

    static Map<String, Object> constraint(GapPolicy p, LibraryConstraint lc, VapEmitter.Mode mode) {
        Map<String, Object> metadata = GatekeeperEmitter.metadata(p, lc.name());
        @SuppressWarnings("unchecked")
        Map<String, Object> annotations = (Map<String, Object>) metadata.get("annotations");
        annotations.put("psp2psa.dev/psps", String.join(",", lc.psps()));
        annotations.put("psp2psa.dev/rules", String.join(",", lc.rules()));
        annotations.put("psp2psa.dev/approximation", lc.exact() ? "none" : lc.how());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("enforcementAction", GatekeeperEmitter.action(mode));
        spec.put("match", GatekeeperEmitter.match(p));
        if (!lc.parameters().isEmpty()) {
            spec.put("parameters", lc.parameters());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "constraints.gatekeeper.sh/v1beta1");
        root.put("kind", lc.kind());
        root.put("metadata", metadata);
        root.put("spec", spec);
        return root;
    }
}
