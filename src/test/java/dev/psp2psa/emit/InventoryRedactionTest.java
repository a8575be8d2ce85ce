package dev.psp2psa.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.format.Yaml;
import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --save-inventory} keeps only what psp2psa reads: every kind it reads is filled with a planted secret in every
 * string field (and every map key and value) of its fabric8 model, and the written inventory holds the secret only
 * where this test, written from what the analysis reads, allows it.
 */
class InventoryRedactionTest {

    private static final String SECRET = "s3cret";

    private static final List<Class<? extends HasMetadata>> KINDS = List.of(PodSecurityPolicy.class,
            ClusterRole.class, Role.class, ClusterRoleBinding.class, RoleBinding.class, ServiceAccount.class,
            Namespace.class, Pod.class, PodTemplate.class, Deployment.class, ReplicaSet.class, StatefulSet.class,
            DaemonSet.class, Job.class, CronJob.class, ReplicationController.class);

    /** A pod spec's paths (below its {@code spec}) where a string may stay: the fields some command reads. */
    private static final String POD_SPEC = "(runtimeClassName|serviceAccountName|serviceAccount|os/name"
            + "|securityContext/(seLinuxOptions/\\w+|seccompProfile/\\w+|appArmorProfile/\\w+|sysctls/\\d+/\\w+"
            + "|fsGroupChangePolicy|supplementalGroupsPolicy|seLinuxChangePolicy)"
            + "|(containers|initContainers|ephemeralContainers)/\\d+/(name|image|restartPolicy|resources/.*"
            + "|ports/\\d+/(hostIP|protocol)|securityContext/(procMount|capabilities/(add|drop)/\\d+"
            + "|seLinuxOptions/\\w+|seccompProfile/\\w+|appArmorProfile/\\w+)"
            + "|volumeMounts/\\d+/(name|mountPath|mountPropagation|subPath|subPathExpr|recursiveReadOnly)"
            + "|volumeDevices/\\d+/(name|devicePath)"
            + "|(livenessProbe|readinessProbe|startupProbe|lifecycle/(postStart|preStop))/(httpGet|tcpSocket)"
            + "/(host|port))"
            + "|volumes/\\d+/(name|hostPath/(path|type)|csi/driver|flexVolume/driver"
            + "|projected/sources/\\d+/serviceAccountToken/\\w+))";

    private static final Map<String, Pattern> ALLOWED = new TreeMap<>();

    static {
        String meta = "/metadata/(name|namespace)";
        ALLOWED.put("PodSecurityPolicy", Pattern.compile(meta + "|/spec/.*"));
        ALLOWED.put("ClusterRole", Pattern.compile(meta + "|/metadata/labels/.*|/rules/.*|/aggregationRule/.*"));
        ALLOWED.put("Role", Pattern.compile(meta + "|/rules/.*"));
        ALLOWED.put("ClusterRoleBinding", Pattern.compile(meta + "|/roleRef/.*|/subjects/.*"));
        ALLOWED.put("RoleBinding", ALLOWED.get("ClusterRoleBinding"));
        ALLOWED.put("ServiceAccount", Pattern.compile(meta));
        ALLOWED.put("Namespace", Pattern.compile(meta));
        ALLOWED.put("Pod", Pattern.compile(meta + "|/spec/" + POD_SPEC));
        String template = meta + "|(/spec/jobTemplate)?/(spec/)?template/(metadata/(name|namespace)|spec/"
                + POD_SPEC + ")";
        for (String k : List.of("PodTemplate", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job",
                "CronJob", "ReplicationController")) {
            ALLOWED.put(k, Pattern.compile(template));
        }
    }

    @Test
    void aSecretInEveryStringFieldOfEveryKindStaysOnlyWhereTheAnalysisReadsIt(@TempDir Path dir) throws Exception {
        List<Sourced<HasMetadata>> objects = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : KINDS) {
            HasMetadata o = kind.getDeclaredConstructor().newInstance();
            fill(o, 0);
            o.getMetadata().setName(SECRET);
            o.getMetadata().setNamespace(SECRET);
            objects.add(new Sourced<>(o, Source.of("planted.yaml", objects.size() + 1)));
        }
        String yaml = InventoryWriter.yaml(new Inventory(objects, new TreeMap<>()));
        JsonNode list = Yaml.mapper().readTree(yaml);
        assertEquals(KINDS.size(), list.get("items").size(), "every kind is kept");
        Set<String> kept = new TreeSet<>();
        for (JsonNode item : list.get("items")) {
            String kind = item.get("kind").asText();
            List<String> found = new ArrayList<>();
            secrets(item, "", found);
            for (String path : found) {
                assertTrue(ALLOWED.get(kind).matcher(path).matches(), kind + " keeps a secret at " + path);
                kept.add(kind + " " + path);
            }
        }
        // What the analysis reads is still there: the image, host paths, probe hosts, rules, labels of roles.
        for (String path : List.of("Pod /spec/containers/0/image", "Pod /spec/volumes/0/hostPath/path",
                "Pod /spec/containers/0/livenessProbe/httpGet/host", "Deployment /spec/template/spec/containers/0/"
                        + "securityContext/seLinuxOptions/type", "ClusterRole /rules/0/verbs/0",
                "CronJob /spec/jobTemplate/spec/template/spec/initContainers/0/image",
                "PodSecurityPolicy /spec/allowedHostPaths/0/pathPrefix")) {
            assertTrue(kept.contains(path), path + " in " + kept);
        }
        // And the inventory reads back.
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, yaml);
        Inventory back = new InventoryReader().read(List.of(file.toString()), InputStream.nullInputStream());
        assertEquals(KINDS.size(), back.objects().size());
    }

    /** The paths (JSON pointers, {@code ~1} for {@code /}) of every string value or map key holding the secret. */
    private static void secrets(JsonNode node, String path, List<String> found) {
        if (node.isTextual() && node.asText().contains(SECRET)) {
            found.add(path);
        } else if (node.isObject()) {
            node.properties().forEach(e -> {
                String child = path + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                if (e.getKey().contains(SECRET)) {
                    found.add(child);
                }
                secrets(e.getValue(), child, found);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                secrets(node.get(i), path + "/" + i, found);
            }
        }
    }

    /** Sets every property of a fabric8 model object: strings to the secret, lists to one element, maps to one. */
    private static void fill(Object o, int depth) throws Exception {
        for (Method m : o.getClass().getMethods()) {
            if (!m.getName().startsWith("set") || m.getParameterCount() != 1 || m.getName().equals("setApiVersion")
                    || m.getName().equals("setKind") || m.getName().startsWith("setAdditionalPropert")) {
                continue;
            }
            Object value = value(m.getGenericParameterTypes()[0], depth);
            if (value != null) {
                m.invoke(o, value);
            }
        }
    }

    private static Object value(Type type, int depth) throws Exception {
        if (type == String.class) {
            return SECRET;
        }
        if (type == Integer.class || type == int.class) {
            return 1;
        }
        if (type == Long.class || type == long.class) {
            return 1L;
        }
        if (type == Boolean.class || type == boolean.class) {
            return true;
        }
        if (type == IntOrString.class) {
            return new IntOrString(SECRET);
        }
        if (type == Quantity.class) {
            return new Quantity("1");
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Object e = value(p.getActualTypeArguments()[0], depth + 1);
            return e == null ? null : new ArrayList<>(List.of(e));
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            Object v = value(p.getActualTypeArguments()[1], depth + 1);
            return v == null ? null : new TreeMap<>(Map.of(SECRET + "-key", v));
        }
        if (type instanceof Class<?> c && c.getName().startsWith("io.fabric8.kubernetes.api.model") && depth < 12
                && !c.isInterface() && !c.isEnum()) {
            Object o = c.getDeclaredConstructor().newInstance();
            fill(o, depth + 1);
            return o;
        }
        return null;
    }
}
