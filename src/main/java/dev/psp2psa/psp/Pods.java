package dev.psp2psa.psp;

import dev.psp2psa.format.Json;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-safe access to the parts of a pod that PSP admission reads and writes, as PSP's security context accessors. */
final class Pods {

    private Pods() {
    }

    /** A deep copy of a pod made of the given metadata and spec; either may be {@code null}. */
    static Pod copy(ObjectMeta meta, PodSpec spec) {
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        // fabric8's builders copy nested objects, lists and maps (not the immutable strings and numbers).
        pod.setMetadata(meta == null ? new ObjectMeta() : new ObjectMetaBuilder(meta).build());
        pod.setSpec(spec == null ? new PodSpec() : new PodSpecBuilder(spec).build());
        return pod;
    }

    /** A pod made of the given metadata and spec themselves (not copied); either may be {@code null}. */
    static Pod wrap(ObjectMeta meta, PodSpec spec) {
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(meta == null ? new ObjectMeta() : meta);
        pod.setSpec(spec == null ? new PodSpec() : spec);
        return pod;
    }

    static Pod copy(Pod pod) {
        return copy(pod.getMetadata(), pod.getSpec());
    }

    static <T> T deepCopy(T value, Class<T> type) {
        try {
            return Json.mapper().readValue(Json.mapper().writeValueAsBytes(value), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pod's annotations, never {@code null}; created on the pod when {@code create} is set. */
    static Map<String, String> annotations(Pod pod, boolean create) {
        if (pod.getMetadata() == null) {
            if (!create) {
                return Map.of();
            }
            pod.setMetadata(new ObjectMeta());
        }
        if (pod.getMetadata().getAnnotations() == null) {
            if (!create) {
                return Map.of();
            }
            pod.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        return pod.getMetadata().getAnnotations();
    }

    /** The pod-level security context, or {@code null}; created when {@code create} is set. */
    static PodSecurityContext podSc(Pod pod, boolean create) {
        PodSpec spec = pod.getSpec();
        if (spec.getSecurityContext() == null && create) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        return spec.getSecurityContext();
    }

    /** One init, regular or ephemeral container, with its field path, as PSP's VisitContainersWithPath. */
    static final class Ref {
        final String path;
        private final Container container;
        private final EphemeralContainer ephemeral;

        private Ref(String path, Container container, EphemeralContainer ephemeral) {
            this.path = path;
            this.container = container;
            this.ephemeral = ephemeral;
        }

        String name() {
            return Nulls.str(container != null ? container.getName() : ephemeral.getName());
        }

        SecurityContext sc() {
            return container != null ? container.getSecurityContext() : ephemeral.getSecurityContext();
        }

        SecurityContext sc(boolean create) {
            if (sc() == null && create) {
                if (container != null) {
                    container.setSecurityContext(new SecurityContext());
                } else {
                    ephemeral.setSecurityContext(new SecurityContext());
                }
            }
            return sc();
        }

        List<ContainerPort> ports() {
            return Nulls.nonNull(container != null ? container.getPorts() : ephemeral.getPorts());
        }

        List<VolumeMount> mounts() {
            return Nulls.nonNull(container != null ? container.getVolumeMounts() : ephemeral.getVolumeMounts());
        }

        String scPath() {
            return path + ".securityContext";
        }
    }

    /** Init containers, then containers, then ephemeral containers, as PSP's visitor. */
    static List<Ref> containers(Pod pod) {
        List<Ref> all = new ArrayList<>();
        PodSpec spec = pod.getSpec();
        List<Container> init = Nulls.nonNull(spec.getInitContainers());
        for (int i = 0; i < init.size(); i++) {
            if (init.get(i) != null) {
                all.add(new Ref("spec.initContainers[" + i + "]", init.get(i), null));
            }
        }
        List<Container> regular = Nulls.nonNull(spec.getContainers());
        for (int i = 0; i < regular.size(); i++) {
            if (regular.get(i) != null) {
                all.add(new Ref("spec.containers[" + i + "]", regular.get(i), null));
            }
        }
        List<EphemeralContainer> eph = Nulls.nonNull(spec.getEphemeralContainers());
        for (int i = 0; i < eph.size(); i++) {
            if (eph.get(i) != null) {
                all.add(new Ref("spec.ephemeralContainers[" + i + "]", null, eph.get(i)));
            }
        }
        return all;
    }

    static Long effectiveRunAsUser(Pod pod, Ref c) {
        if (c.sc() != null && c.sc().getRunAsUser() != null) {
            return c.sc().getRunAsUser();
        }
        PodSecurityContext p = podSc(pod, false);
        return p == null ? null : p.getRunAsUser();
    }

    static Long effectiveRunAsGroup(Pod pod, Ref c) {
        if (c.sc() != null && c.sc().getRunAsGroup() != null) {
            return c.sc().getRunAsGroup();
        }
        PodSecurityContext p = podSc(pod, false);
        return p == null ? null : p.getRunAsGroup();
    }

    static Boolean effectiveRunAsNonRoot(Pod pod, Ref c) {
        if (c.sc() != null && c.sc().getRunAsNonRoot() != null) {
            return c.sc().getRunAsNonRoot();
        }
        PodSecurityContext p = podSc(pod, false);
        return p == null ? null : p.getRunAsNonRoot();
    }

    static SELinuxOptions effectiveSeLinux(Pod pod, Ref c) {
        if (c.sc() != null && c.sc().getSeLinuxOptions() != null) {
            return c.sc().getSeLinuxOptions();
        }
        PodSecurityContext p = podSc(pod, false);
        return p == null ? null : p.getSeLinuxOptions();
    }

    // Field errors, formatted as Kubernetes' field.Error prints them.

    static String invalid(String path, Object value, String detail) {
        String v = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return path + ": Invalid value: " + v + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }

    static String forbidden(String path, String detail) {
        return path + ": Forbidden: " + detail;
    }

    static String required(String path, String detail) {
        return path + ": Required value" + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
}
