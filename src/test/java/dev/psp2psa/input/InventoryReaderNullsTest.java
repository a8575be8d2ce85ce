package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Empty fields, as real manifests carry them ({@code annotations:} with nothing under it, {@code env: null}): a null
 * value is an absent field, as the API server decodes it. Every field kind (mapping, list, string, number, boolean) of
 * the kinds psp2psa reads, written as {@code null}, {@code ~} or an empty value in YAML and as {@code null} in JSON, is
 * read exactly as the same object without that field: in YAML, in JSON documents and List items read whole, and in
 * JSON read as analyze and convert read it (documents pruned as they are built, List items captured as tokens).
 */
class InventoryReaderNullsTest extends ReaderTestSupport {

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
    private static final ObjectMapper YAML_MAPPER = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());
    private static final String MARK = "NULL-GOES-HERE";

    private static final String POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"},
                          "annotations": {"team": "shop"}},
             "spec": {"serviceAccountName": "web", "hostNetwork": false, "volumes": [{"name": "tmp", "emptyDir": {}}],
                      "securityContext": {"runAsUser": 1000, "runAsNonRoot": true},
                      "containers": [{"name": "web", "image": "nginx", "args": ["-g"],
                                      "env": [{"name": "A", "value": "1"}], "resources": {"limits": {"cpu": "1"}},
                                      "ports": [{"containerPort": 80, "hostPort": 8080}],
                                      "securityContext": {"privileged": false, "capabilities": {"drop": ["ALL"]}}}]}}
            """;
    private static final String DEPLOYMENT = """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "namespace": "shop", "annotations": {"a": "b"}},
             "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}}, "strategy": {"type": "Recreate"},
                      "template": {"metadata": {"labels": {"app": "web"}, "annotations": {"a": "b"}},
                                   "spec": {"hostPID": false, "volumes": [{"name": "v", "emptyDir": {}}],
                                            "containers": [{"name": "web", "image": "nginx",
                                                            "resources": {"requests": {"cpu": "1"}}}]}}}}
            """;
    private static final String CRONJOB = """
            {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly", "namespace": "shop"},
             "spec": {"schedule": "0 1 * * *", "suspend": false, "startingDeadlineSeconds": 60,
                      "jobTemplate": {"spec": {"backoffLimit": 3, "template": {"spec": {"restartPolicy": "Never",
                          "containers": [{"name": "job", "image": "busybox", "env": [{"name": "A", "value": "1"}]}]}}}}}}
            """;
    private static final String PSP = """
            {"apiVersion": "policy/v1beta1", "kind": "PodSecurityPolicy",
             "metadata": {"name": "restricted", "annotations": {"seccomp.security.alpha.kubernetes.io/allowedProfileNames": "runtime/default"}},
             "spec": {"privileged": false, "defaultAllowPrivilegeEscalation": false,
                      "allowedCapabilities": ["NET_BIND_SERVICE"], "requiredDropCapabilities": ["ALL"],
                      "volumes": ["configMap", "secret"], "hostPorts": [{"min": 8000, "max": 8080}],
                      "allowedHostPaths": [{"pathPrefix": "/var/log", "readOnly": true}],
                      "seLinux": {"rule": "RunAsAny", "seLinuxOptions": {"level": "s0"}},
                      "runAsUser": {"rule": "MustRunAs", "ranges": [{"min": 1, "max": 65535}]},
                      "supplementalGroups": {"rule": "RunAsAny"},
                      "fsGroup": {"rule": "MustRunAs", "ranges": [{"min": 1, "max": 65535}]}}}
            """;
    private static final String CLUSTER_ROLE = """
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
             "metadata": {"name": "psp:restricted", "labels": {"a": "b"}},
             "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"x": "y"}}]},
             "rules": [{"apiGroups": ["policy"], "resources": ["podsecuritypolicies"], "verbs": ["use"],
                        "resourceNames": ["restricted"]}]}
            """;
    private static final String ROLE_BINDING = """
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
             "metadata": {"name": "psp", "namespace": "shop"},
             "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "psp:restricted"},
             "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "shop", "apiGroup": ""}]}
            """;
    private static final String SERVICE_ACCOUNT = """
            {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "web", "namespace": "shop"},
             "automountServiceAccountToken": false, "secrets": [{"name": "token"}]}
            """;
    private static final String NAMESPACE = """
            {"apiVersion": "v1", "kind": "Namespace",
             "metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "baseline"}},
             "spec": {"finalizers": ["kubernetes"]}}
            """;

    /** A field of an object, its path (names and list indexes) and what kind of value it holds. */
    private record Field(String object, String path, String type) {
        @Override
        public String toString() {
            return kindOf(object) + " " + path + " (" + type + ")";
        }
    }

    private static final List<Field> FIELDS = List.of(
            new Field(POD, "metadata.annotations", "mapping"),
            new Field(POD, "metadata.labels", "mapping"),
            new Field(POD, "metadata.namespace", "string"),
            new Field(POD, "spec.serviceAccountName", "string"),
            new Field(POD, "spec.hostNetwork", "boolean"),
            new Field(POD, "spec.volumes", "list"),
            new Field(POD, "spec.securityContext", "mapping"),
            new Field(POD, "spec.securityContext.runAsUser", "number"),
            new Field(POD, "spec.securityContext.runAsNonRoot", "boolean"),
            new Field(POD, "spec.containers.0.args", "list"),
            new Field(POD, "spec.containers.0.env", "list"),
            new Field(POD, "spec.containers.0.resources", "mapping"),
            new Field(POD, "spec.containers.0.image", "string"),
            new Field(POD, "spec.containers.0.ports.0.hostPort", "number"),
            new Field(POD, "spec.containers.0.securityContext", "mapping"),
            new Field(POD, "spec.containers.0.securityContext.privileged", "boolean"),
            new Field(POD, "spec.containers.0.securityContext.capabilities.drop", "list"),
            new Field(DEPLOYMENT, "metadata.annotations", "mapping"),
            new Field(DEPLOYMENT, "spec.replicas", "number"),
            new Field(DEPLOYMENT, "spec.strategy", "mapping"),
            new Field(DEPLOYMENT, "spec.template.metadata.annotations", "mapping"),
            new Field(DEPLOYMENT, "spec.template.spec.hostPID", "boolean"),
            new Field(DEPLOYMENT, "spec.template.spec.volumes", "list"),
            new Field(DEPLOYMENT, "spec.template.spec.containers.0.resources", "mapping"),
            new Field(CRONJOB, "spec.suspend", "boolean"),
            new Field(CRONJOB, "spec.startingDeadlineSeconds", "number"),
            new Field(CRONJOB, "spec.jobTemplate.spec.backoffLimit", "number"),
            new Field(CRONJOB, "spec.jobTemplate.spec.template.spec.restartPolicy", "string"),
            new Field(CRONJOB, "spec.jobTemplate.spec.template.spec.containers.0.env", "list"),
            new Field(PSP, "metadata.annotations", "mapping"),
            new Field(PSP, "spec.privileged", "boolean"),
            new Field(PSP, "spec.defaultAllowPrivilegeEscalation", "boolean"),
            new Field(PSP, "spec.allowedCapabilities", "list"),
            new Field(PSP, "spec.requiredDropCapabilities", "list"),
            new Field(PSP, "spec.volumes", "list"),
            new Field(PSP, "spec.hostPorts", "list"),
            new Field(PSP, "spec.allowedHostPaths.0.readOnly", "boolean"),
            new Field(PSP, "spec.seLinux.seLinuxOptions", "mapping"),
            new Field(PSP, "spec.seLinux.seLinuxOptions.level", "string"),
            new Field(PSP, "spec.runAsUser.ranges", "list"),
            new Field(PSP, "spec.fsGroup.ranges.0.min", "number"),
            new Field(CLUSTER_ROLE, "metadata.labels", "mapping"),
            new Field(CLUSTER_ROLE, "aggregationRule", "mapping"),
            new Field(CLUSTER_ROLE, "rules.0.resourceNames", "list"),
            new Field(ROLE_BINDING, "subjects", "list"),
            new Field(ROLE_BINDING, "subjects.0.namespace", "string"),
            new Field(ROLE_BINDING, "subjects.0.apiGroup", "string"),
            new Field(SERVICE_ACCOUNT, "automountServiceAccountToken", "boolean"),
            new Field(SERVICE_ACCOUNT, "secrets", "list"),
            new Field(NAMESPACE, "metadata.labels", "mapping"),
            new Field(NAMESPACE, "spec.finalizers", "list"));

    /** A digest that keeps the object it stands for, so that what a digesting read converted can be compared. */
    private record Kept(HasMetadata object, String kind, String namespace, String name, Source source,
            String serviceAccount) implements WorkloadDigest {
    }

    private static final WorkloadDigester KEEPER = new WorkloadDigester() {
        @Override
        public Optional<WorkloadDigest> digest(Sourced<? extends HasMetadata> o) {
            return dev.psp2psa.inventory.Workload.of(o).map(w -> new Kept(o.object(), w.kind(), w.namespace(),
                    w.name(), w.source(), w.serviceAccount()));
        }
    };

    /** How a text is read: as a YAML or JSON file, whole or digested, a document or the item of a List. */
    private enum Mode {
        YAML, JSON_WHOLE, JSON_DIGESTED, JSON_LIST_WHOLE, JSON_LIST_DIGESTED;

        boolean digests() {
            return this == JSON_DIGESTED || this == JSON_LIST_DIGESTED;
        }

        String text(JsonNode object) {
            try {
                return switch (this) {
                    case YAML -> YAML_MAPPER.writeValueAsString(object);
                    case JSON_WHOLE, JSON_DIGESTED -> JSON_MAPPER.writeValueAsString(object);
                    default -> "{\"apiVersion\": \"v1\", \"items\": [" + JSON_MAPPER.writeValueAsString(object)
                            + "], \"kind\": \"List\", \"metadata\": {}}";
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> aNullFieldIsReadAsAnAbsentField() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Field f : FIELDS) {
            for (String spelling : List.of("null", "~", "", "Null", "NULL")) {
                tests.add(DynamicTest.dynamicTest(f + " as YAML '" + spelling + "'",
                        () -> assertReadAsAbsent(f, Mode.YAML, spelling)));
            }
            for (Mode mode : List.of(Mode.JSON_WHOLE, Mode.JSON_DIGESTED, Mode.JSON_LIST_WHOLE,
                    Mode.JSON_LIST_DIGESTED)) {
                tests.add(DynamicTest.dynamicTest(f + " as " + mode + " null", () -> assertReadAsAbsent(f, mode, null)));
            }
        }
        return tests.stream();
    }

    @Test
    void theMatrixCoversEveryFieldKindInEveryKindItsTestsName() {
        for (String type : List.of("mapping", "list", "string", "number", "boolean")) {
            assertTrue(FIELDS.stream().anyMatch(f -> f.type().equals(type)), type);
        }
        for (Field f : FIELDS) {
            JsonNode value = parent(parse(f.object()), f.path()).get(last(f.path()));
            String actual = value == null ? "absent" : value.isObject() ? "mapping" : value.isArray() ? "list"
                    : value.isTextual() ? "string" : value.isNumber() ? "number" : value.isBoolean() ? "boolean"
                    : "other";
            assertEquals(f.type(), actual, f.toString());
        }
    }

    private void assertReadAsAbsent(Field f, Mode mode, String yamlSpelling) {
        ObjectNode withNull = parse(f.object());
        ObjectNode without = parse(f.object());
        String name = last(f.path());
        if (yamlSpelling != null) {
            setField(withNull, f.path(), JSON_MAPPER.getNodeFactory().textNode(MARK));
        } else {
            setField(withNull, f.path(), NullNode.getInstance());
        }
        removeField(without, f.path());
        String nullText = mode.text(withNull);
        if (yamlSpelling != null) {
            assertTrue(nullText.contains(name + ": " + MARK + "\n"), nullText);
            nullText = nullText.replace(name + ": " + MARK + "\n",
                    yamlSpelling.isEmpty() ? name + ":\n" : name + ": " + yamlSpelling + "\n");
        }
        String extension = mode == Mode.YAML ? ".yaml" : ".json";
        write("null" + extension, nullText);
        write("absent" + extension, mode.text(without));
        write("original" + extension, mode.text(parse(f.object())));
        HasMetadata read = only(readIn(mode, "null" + extension));
        HasMetadata expected = only(readIn(mode, "absent" + extension));
        assertEquals(expected, read, nullText);
        if (!mode.digests() || !f.path().contains("env") && !f.path().contains("resources")
                && !f.path().contains("args")) {
            // The field is read at all (a digesting read skips containers' env, args and resources unread).
            assertNotEquals(expected, only(readIn(mode, "original" + extension)), "the field matters");
        }
    }

    private Inventory readIn(Mode mode, String file) {
        return new InventoryReader(options()).read(List.of(file), InputStream.nullInputStream(),
                mode.digests() ? KEEPER : null);
    }

    private static HasMetadata only(Inventory inventory) {
        List<HasMetadata> all = new ArrayList<>();
        inventory.objects().forEach(s -> all.add(s.object()));
        inventory.digests().forEach(d -> all.add(((Kept) d).object()));
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @TestFactory
    Stream<DynamicTest> anEmptyStringStaysAnEmptyString() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String spelling : List.of("\"\"", "''")) {
            tests.add(DynamicTest.dynamicTest("YAML " + spelling, () -> {
                write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  serviceAccountName: "
                        + spelling + "\n  containers: [{name: c, image: x}]\n");
                assertEquals("", serviceAccount(readIn(Mode.YAML, "pod.yaml")));
            }));
        }
        for (Mode mode : List.of(Mode.JSON_WHOLE, Mode.JSON_DIGESTED, Mode.JSON_LIST_WHOLE, Mode.JSON_LIST_DIGESTED)) {
            tests.add(DynamicTest.dynamicTest(mode.toString(), () -> {
                ObjectNode pod = parse(POD);
                setField(pod, "spec.serviceAccountName", JSON_MAPPER.getNodeFactory().textNode(""));
                write("pod.json", mode.text(pod));
                assertEquals("", serviceAccount(readIn(mode, "pod.json")));
            }));
        }
        return tests.stream();
    }

    private static String serviceAccount(Inventory inventory) {
        return ((Pod) only(inventory)).getSpec().getServiceAccountName();
    }

    @Test
    void nullElementsOfListsAndValuesOfMapsAreZeroValuesAsForTheApiServer() {
        write("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  annotations:
                    empty:
                spec:
                  containers:
                  - name: c
                    image: x
                    args:
                    -
                    - ~
                    securityContext:
                      capabilities:
                        drop:
                        - ALL
                        add:
                """);
        Pod pod = (Pod) only(read("pod.yaml"));
        assertEquals("", pod.getMetadata().getAnnotations().get("empty"));
        assertEquals(List.of("", ""), pod.getSpec().getContainers().get(0).getArgs());
        assertEquals(List.of(), pod.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getAdd());
        assertFalse(pod.getMetadata().getAnnotations().isEmpty());
    }

    private static String kindOf(String object) {
        return parse(object).get("kind").asText();
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON_MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static JsonNode parent(JsonNode root, String path) {
        JsonNode node = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            node = node instanceof ArrayNode a ? a.get(Integer.parseInt(parts[i])) : node.get(parts[i]);
        }
        return node;
    }

    private static void setField(ObjectNode root, String path, JsonNode value) {
        ((ObjectNode) parent(root, path)).set(last(path), value);
    }

    private static void removeField(ObjectNode root, String path) {
        ((ObjectNode) parent(root, path)).remove(last(path));
    }
}
