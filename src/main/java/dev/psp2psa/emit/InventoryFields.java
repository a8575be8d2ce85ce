package dev.psp2psa.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psp2psa.psp.AdmissionView;
import dev.psp2psa.psp.PspNames;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What {@code --save-inventory} keeps of each kind: exactly the fields some psp2psa command reads (an allow-list, not
 * a deny-list), so that nothing the analysis never reads (environment values, commands and arguments, probe headers,
 * arbitrary annotations and labels, {@code last-applied-configuration}, volume details) leaves the cluster in a file.
 *
 * <p>Kept: {@code apiVersion}, {@code kind}, {@code metadata.name} and {@code namespace} of every object; the
 * PodSecurity labels of Namespaces (and {@code kubernetes.io/metadata.name}); the labels of ClusterRoles (aggregation
 * selects by them); the seccomp and AppArmor annotations of PSPs and pods; the spec of PSPs, the rules of roles, the
 * subjects and role of bindings; {@code automountServiceAccountToken} of ServiceAccounts; of pod specs (pods, pod
 * templates, workloads) the host namespaces, security contexts (without Windows credential specs), runtime class,
 * OS, service account fields, and of each container its name, image, ports, security context, volume and device
 * mounts, resources and only the {@code host} and {@code port} of its probes and lifecycle handlers; of volumes
 * their name and type, with a hostPath's path, a CSI or flexVolume driver and the service-account-token sources of a
 * projected volume.
 */
final class InventoryFields {

    /** How a value is kept: whole, as an object of allowed members, each element of a list, or filtered keys. */
    private interface Keep {
        JsonNode apply(JsonNode node);
    }

    private static final Keep WHOLE = node -> node;

    /** An object's allowed members, each kept as its own rule says; other members are dropped. */
    private static Keep fields(Map<String, Keep> allowed) {
        return node -> {
            if (!(node instanceof ObjectNode object)) {
                return node;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Keep keep = allowed.get(e.getKey());
                if (keep != null) {
                    out.set(e.getKey(), keep.apply(e.getValue()));
                }
            }
            return out;
        };
    }

    /** Each element of a list kept by the rule. */
    private static Keep each(Keep element) {
        return node -> {
            if (!(node instanceof ArrayNode array)) {
                return node;
            }
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            array.forEach(e -> out.add(element.apply(e)));
            return out;
        };
    }

    /** A string map (labels, annotations) with only the keys the predicate allows. */
    private static Keep keys(Predicate<String> allowed) {
        return node -> {
            if (!(node instanceof ObjectNode object)) {
                return node;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            object.properties().forEach(e -> {
                if (allowed.test(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                }
            });
            return out;
        };
    }

    /** An object of members of which only the names are kept, each as an empty object (a volume's type). */
    private static Keep typesOnly(Map<String, Keep> detailed) {
        return node -> {
            if (!(node instanceof ObjectNode object)) {
                return node;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            object.properties().forEach(e -> {
                Keep keep = detailed.get(e.getKey());
                if (keep != null) {
                    out.set(e.getKey(), keep.apply(e.getValue()));
                } else if (e.getValue().isObject()) {
                    out.set(e.getKey(), JsonNodeFactory.instance.objectNode());
                }
            });
            return out;
        };
    }

    private static Map<String, Keep> of(Object... pairs) {
        Map<String, Keep> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Keep) pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, Keep> whole(String... names) {
        Map<String, Keep> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, WHOLE);
        }
        return m;
    }

    private static Map<String, Keep> plus(Map<String, Keep> a, Map<String, Keep> b) {
        Map<String, Keep> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static final Keep WINDOWS = fields(whole("hostProcess"));

    private static final Map<String, Keep> SECURITY_CONTEXT = plus(whole("allowPrivilegeEscalation", "capabilities",
            "privileged", "procMount", "readOnlyRootFilesystem", "runAsGroup", "runAsNonRoot", "runAsUser",
            "seLinuxOptions", "seccompProfile", "appArmorProfile"), of("windowsOptions", WINDOWS));

    private static final Keep POD_SECURITY_CONTEXT = fields(plus(SECURITY_CONTEXT, whole("fsGroup",
            "fsGroupChangePolicy", "supplementalGroups", "supplementalGroupsPolicy", "sysctls",
            "seLinuxChangePolicy")));

    /** A probe or lifecycle handler: only where it connects (hostProbesAndHostLifecycle reads the host). */
    private static final Keep HANDLER = fields(of("httpGet", fields(whole("host", "port")), "tcpSocket",
            fields(whole("host", "port"))));

    private static final Keep CONTAINER = fields(plus(whole("name", "image", "resources", "restartPolicy"),
            of("securityContext", fields(SECURITY_CONTEXT),
                    "ports", each(fields(whole("containerPort", "hostPort", "hostIP", "protocol"))),
                    "volumeMounts", each(fields(whole("name", "mountPath", "readOnly", "recursiveReadOnly",
                            "mountPropagation", "subPath", "subPathExpr"))),
                    "volumeDevices", each(fields(whole("name", "devicePath"))),
                    "livenessProbe", HANDLER, "readinessProbe", HANDLER, "startupProbe", HANDLER,
                    "lifecycle", fields(of("postStart", HANDLER, "preStop", HANDLER)))));

    private static final Keep VOLUME = typesOnly(of("name", WHOLE,
            "hostPath", fields(whole("path", "type")),
            "csi", fields(whole("driver", "readOnly")),
            "flexVolume", fields(whole("driver", "readOnly")),
            "projected", fields(of("sources", each(typesOnly(of("serviceAccountToken", WHOLE)))))));

    private static final Keep POD_SPEC = fields(plus(whole("hostNetwork", "hostPID", "hostIPC", "hostUsers",
            "shareProcessNamespace", "runtimeClassName", "os", "serviceAccountName", "serviceAccount",
            "automountServiceAccountToken"),
            of("securityContext", POD_SECURITY_CONTEXT, "containers", each(CONTAINER), "initContainers",
                    each(CONTAINER), "ephemeralContainers", each(CONTAINER), "volumes", each(VOLUME))));

    private static final Predicate<String> POD_ANNOTATIONS = AdmissionView::isSecurityAnnotation;

    private static final Set<String> PSP_ANNOTATIONS = Set.of(PspNames.SECCOMP_ALLOWED, PspNames.SECCOMP_DEFAULT,
            PspNames.APPARMOR_ALLOWED, PspNames.APPARMOR_DEFAULT);

    private static Keep metadata(Map<String, Keep> more) {
        return fields(plus(whole("name", "namespace"), more));
    }

    private static final Keep TEMPLATE = fields(of("metadata", metadata(of("annotations", keys(POD_ANNOTATIONS))),
            "spec", POD_SPEC));

    private static final Keep WORKLOAD = fields(of("spec", fields(of("template", TEMPLATE))));

    private static final Map<String, Keep> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("PodSecurityPolicy", fields(of("metadata", metadata(of("annotations",
                keys(PSP_ANNOTATIONS::contains))), "spec", WHOLE)));
        KINDS.put("ClusterRole", fields(of("metadata", metadata(of("labels", WHOLE)), "rules", WHOLE,
                "aggregationRule", WHOLE)));
        KINDS.put("Role", fields(of("metadata", metadata(of()), "rules", WHOLE)));
        KINDS.put("ClusterRoleBinding", fields(of("metadata", metadata(of()), "roleRef", WHOLE, "subjects",
                WHOLE)));
        KINDS.put("RoleBinding", KINDS.get("ClusterRoleBinding"));
        KINDS.put("ServiceAccount", fields(of("metadata", metadata(of()), "automountServiceAccountToken", WHOLE)));
        KINDS.put("Namespace", fields(of("metadata", metadata(of("labels", keys(k -> k.startsWith(
                "pod-security.kubernetes.io/") || k.equals("kubernetes.io/metadata.name")))))));
        KINDS.put("Pod", fields(of("metadata", metadata(of("annotations", keys(POD_ANNOTATIONS))),
                "spec", POD_SPEC)));
        KINDS.put("PodTemplate", fields(of("metadata", metadata(of()), "template", TEMPLATE)));
        for (String kind : new String[] {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job",
            "ReplicationController"}) {
            KINDS.put(kind, fields(of("metadata", metadata(of()), "spec", fields(of("template", TEMPLATE)))));
        }
        KINDS.put("CronJob", fields(of("metadata", metadata(of()), "spec", fields(of("jobTemplate", WORKLOAD)))));
    }

    private InventoryFields() {
    }

    /** The object with only what psp2psa reads of its kind; an object of another kind is not kept (null). */
    static ObjectNode keep(ObjectNode object) {
        Keep keep = KINDS.get(object.path("kind").asText());
        if (keep == null) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("apiVersion", object.get("apiVersion"));
        out.set("kind", object.get("kind"));
        out.setAll((ObjectNode) keep.apply(object));
        return out;
    }

    /** The kinds an inventory keeps. */
    static Set<String> kinds() {
        return KINDS.keySet();
    }
}
