package dev.psp2psa.input;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kinds psp2psa reads, the API versions accepted for each, and the one fabric8 class each is read into. Older
 * API versions of a kind have the same shape for every field psp2psa looks at, so they are read into the current
 * class and their {@code apiVersion} is rewritten to the canonical one: downstream code sees one class and one
 * apiVersion per kind.
 */
final class Kinds {

    record Spec(String kind, Class<? extends HasMetadata> type, String apiVersion, boolean namespaced,
            Set<String> accepted) {
    }

    private static final String RBAC = "rbac.authorization.k8s.io/";
    private static final Set<String> CORE = Set.of("v1");
    private static final Set<String> RBAC_VERSIONS = Set.of(RBAC + "v1", RBAC + "v1beta1");
    private static final Set<String> APPS_VERSIONS =
            Set.of("apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1");

    private static final Map<String, Spec> BY_KIND = List.of(
            new Spec("PodSecurityPolicy", PodSecurityPolicy.class, "policy/v1beta1", false,
                    Set.of("policy/v1beta1", "extensions/v1beta1")),
            new Spec("ClusterRole", ClusterRole.class, RBAC + "v1", false, RBAC_VERSIONS),
            new Spec("ClusterRoleBinding", ClusterRoleBinding.class, RBAC + "v1", false, RBAC_VERSIONS),
            new Spec("Role", Role.class, RBAC + "v1", true, RBAC_VERSIONS),
            new Spec("RoleBinding", RoleBinding.class, RBAC + "v1", true, RBAC_VERSIONS),
            new Spec("ServiceAccount", ServiceAccount.class, "v1", true, CORE),
            new Spec("Namespace", Namespace.class, "v1", false, CORE),
            new Spec("Pod", Pod.class, "v1", true, CORE),
            new Spec("PodTemplate", PodTemplate.class, "v1", true, CORE),
            new Spec("ReplicationController", ReplicationController.class, "v1", true, CORE),
            new Spec("Deployment", Deployment.class, "apps/v1", true, APPS_VERSIONS),
            new Spec("ReplicaSet", ReplicaSet.class, "apps/v1", true, APPS_VERSIONS),
            new Spec("StatefulSet", StatefulSet.class, "apps/v1", true, APPS_VERSIONS),
            new Spec("DaemonSet", DaemonSet.class, "apps/v1", true, APPS_VERSIONS),
            new Spec("Job", Job.class, "batch/v1", true, Set.of("batch/v1")),
            new Spec("CronJob", CronJob.class, "batch/v1", true, Set.of("batch/v1", "batch/v1beta1")))
            .stream().collect(Collectors.toUnmodifiableMap(Spec::kind, Function.identity()));

    private Kinds() {
    }

    /** The spec for a kind psp2psa reads in this API version, or empty when objects of it are skipped. */
    static Optional<Spec> lookup(String kind, String apiVersion) {
        Spec spec = BY_KIND.get(kind);
        return spec != null && spec.accepted().contains(apiVersion) ? Optional.of(spec) : Optional.empty();
    }

    /** The API version objects of a kind psp2psa reads carry once read (the canonical one), or empty. */
    static Optional<String> canonicalApiVersion(String kind) {
        return Optional.ofNullable(BY_KIND.get(kind)).map(Spec::apiVersion);
    }

    /** Whether psp2psa reads this kind in some API version. */
    static boolean isRead(String kind) {
        return BY_KIND.containsKey(kind);
    }

    /**
     * The key under which a skipped object is counted: its kind, or for a kind psp2psa reads but in an API version
     * it does not, {@code Kind (apiVersion)}, so that the count shows why it was skipped.
     */
    static String skippedKey(String kind, String apiVersion) {
        return isRead(kind) ? kind + " (" + apiVersion + ")" : kind;
    }
}
