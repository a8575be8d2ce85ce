package dev.psp2psa.rbac;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds inventories from multi-document YAML; each object's source is {@code test.yaml:<line of its document>}. */
final class Fixtures {

    static final String FILE = "test.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "PodSecurityPolicy", PodSecurityPolicy.class,
            "ClusterRole", ClusterRole.class,
            "Role", Role.class,
            "ClusterRoleBinding", ClusterRoleBinding.class,
            "RoleBinding", RoleBinding.class,
            "ServiceAccount", ServiceAccount.class,
            "Namespace", Namespace.class);

    private Fixtures() {
    }

    static Inventory inventory(String... yamls) {
        String all = String.join("\n---\n", yamls);
        List<Sourced<HasMetadata>> objects = new ArrayList<>();
        String[] lines = all.split("\n", -1);
        StringBuilder doc = new StringBuilder();
        int docStart = 1;
        for (int i = 0; i <= lines.length; i++) {
            boolean end = i == lines.length || lines[i].equals("---");
            if (end) {
                if (!doc.toString().isBlank()) {
                    objects.add(parse(doc.toString(), docStart));
                }
                doc.setLength(0);
                docStart = i + 2;
            } else {
                doc.append(lines[i]).append('\n');
            }
        }
        return new Inventory(objects, new TreeMap<>());
    }

    private static Sourced<HasMetadata> parse(String doc, int line) {
        try {
            JsonNode node = YAML.readTree(doc);
            Class<? extends HasMetadata> type = KINDS.get(node.path("kind").asText());
            if (type == null) {
                throw new IllegalArgumentException("unknown kind in fixture: " + node.path("kind"));
            }
            return new Sourced<>(YAML.treeToValue(node, type), Source.of(FILE, line));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PspAccess analyze(String... yamls) {
        return RbacAnalyzer.analyze(inventory(yamls));
    }

    static String psps(String... names) {
        List<String> docs = new ArrayList<>();
        for (String n : names) {
            docs.add("""
                    apiVersion: policy/v1beta1
                    kind: PodSecurityPolicy
                    metadata:
                      name: %s
                    spec: {}""".formatted(n));
        }
        return String.join("\n---\n", docs);
    }

    /** A ClusterRole with one rule. */
    static String clusterRole(String name, String apiGroups, String resources, String verbs, String resourceNames) {
        return """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: %s
                rules:
                - apiGroups: %s
                  resources: %s
                  verbs: %s
                  resourceNames: %s""".formatted(name, apiGroups, resources, verbs, resourceNames);
    }

    /** A ClusterRole granting use of the named PSPs (all PSPs when {@code []}). */
    static String pspClusterRole(String name, String resourceNames) {
        return clusterRole(name, "[policy]", "[podsecuritypolicies]", "[use]", resourceNames);
    }

    static String role(String namespace, String name, String resourceNames) {
        return """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: %s
                  namespace: %s
                rules:
                - apiGroups: [policy]
                  resources: [podsecuritypolicies]
                  verbs: [use]
                  resourceNames: %s""".formatted(name, namespace, resourceNames);
    }

    /** A subject line for {@link #roleBinding} / {@link #clusterRoleBinding}. */
    static String sa(String namespace, String name) {
        return namespace == null
                ? "- kind: ServiceAccount\n  name: " + name
                : "- kind: ServiceAccount\n  name: " + name + "\n  namespace: " + namespace;
    }

    static String user(String name) {
        return "- kind: User\n  apiGroup: rbac.authorization.k8s.io\n  name: \"" + name + "\"";
    }

    static String group(String name) {
        return "- kind: Group\n  apiGroup: rbac.authorization.k8s.io\n  name: \"" + name + "\"";
    }

    static String roleBinding(String namespace, String name, String roleKind, String roleName, String... subjects) {
        return """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata:
                  name: %s
                  namespace: %s
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: %s
                  name: %s
                subjects:
                %s""".formatted(name, namespace, roleKind, roleName, String.join("\n", subjects));
    }

    static String clusterRoleBinding(String name, String roleName, String... subjects) {
        return """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: %s
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: %s
                subjects:
                %s""".formatted(name, roleName, String.join("\n", subjects));
    }
}
