package dev.psp2psa.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Comparator;
import java.util.Optional;

/**
 * A pod or the pod template of a workload, as PSA sees it: the pod's metadata and spec, with the owning
 * object's kind, namespace, name and source. A CronJob's pod template is {@code spec.jobTemplate.spec.template}.
 */
public record Workload(
        String kind, String namespace, String name, Source source, ObjectMeta podMetadata, PodSpec podSpec) {

    /** The namespace of objects that name none, as {@code kubectl apply} would with the default context. */
    public static final String DEFAULT_NAMESPACE = "default";

    /** Sorted by source (file, then line), then kind and name. */
    public static final Comparator<Workload> ORDER = Comparator.comparing(Workload::source)
            .thenComparing(Workload::kind)
            .thenComparing(Workload::name);

    /** The pod or pod template held by the object, or empty when the object holds none. */
    public static Optional<Workload> of(Sourced<? extends HasMetadata> sourced) {
        HasMetadata o = sourced.object();
        PodTemplateSpec template = null;
        if (o instanceof Pod pod) {
            return Optional.of(create(sourced, pod.getMetadata(), pod.getSpec()));
        } else if (o instanceof PodTemplate pt) {
            template = pt.getTemplate();
        } else if (o instanceof Deployment d && d.getSpec() != null) {
            template = d.getSpec().getTemplate();
        } else if (o instanceof ReplicaSet rs && rs.getSpec() != null) {
            template = rs.getSpec().getTemplate();
        } else if (o instanceof StatefulSet ss && ss.getSpec() != null) {
            template = ss.getSpec().getTemplate();
        } else if (o instanceof DaemonSet ds && ds.getSpec() != null) {
            template = ds.getSpec().getTemplate();
        } else if (o instanceof Job job && job.getSpec() != null) {
            template = job.getSpec().getTemplate();
        } else if (o instanceof CronJob cj && cj.getSpec() != null && cj.getSpec().getJobTemplate() != null
                && cj.getSpec().getJobTemplate().getSpec() != null) {
            template = cj.getSpec().getJobTemplate().getSpec().getTemplate();
        } else if (o instanceof ReplicationController rc && rc.getSpec() != null) {
            template = rc.getSpec().getTemplate();
        } else {
            return Optional.empty();
        }
        return Optional.of(template == null
                ? create(sourced, null, null)
                : create(sourced, template.getMetadata(), template.getSpec()));
    }

    private static Workload create(Sourced<? extends HasMetadata> sourced, ObjectMeta meta, PodSpec spec) {
        String ns = sourced.namespace();
        return new Workload(sourced.kind(), ns == null || ns.isEmpty() ? DEFAULT_NAMESPACE : ns,
                sourced.name(), sourced.source(), meta, spec);
    }

    /** The service account pods of this workload run as; {@code default} when none is named. */
    public String serviceAccount() {
        String sa = podSpec == null ? null : podSpec.getServiceAccountName();
        if (sa == null || sa.isEmpty()) {
            sa = podSpec == null ? null : podSpec.getServiceAccount();
        }
        return sa == null || sa.isEmpty() ? "default" : sa;
    }
}
