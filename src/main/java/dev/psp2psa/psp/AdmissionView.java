package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The parts of a pod that PSP admission reads and writes, and nothing else: what {@link PspAnalyzer#admit} needs to
 * decide and to mutate exactly as it would for the whole pod. Pods that differ only in what PSP admission never
 * looks at (names, images, environment, probes, resources, scheduling, the names of the ConfigMaps and Secrets they
 * mount, status) have equal views, so the plan admits each distinct view once however many pods share it.
 *
 * <p>Kept: the seccomp and AppArmor annotations; of the spec the host namespaces ({@code hostNetwork},
 * {@code hostPID}, {@code hostIPC}, {@code hostUsers}, {@code shareProcessNamespace}), the pod security context,
 * {@code runtimeClassName}, {@code os}, the service account fields, the containers (init and ephemeral too) with
 * only their name, ports, security context, volume mounts, volume devices and restart policy, and the volumes,
 * where the sources whose content PSP never reads (configMap, secret, downwardAPI, emptyDir,
 * persistentVolumeClaim) are kept as empty sources of their type, a projected source as empty when it is only
 * service-account-token sources and as one Secret source otherwise, and their mounts become empty mounts in their
 * place (PSP reads the mounts of hostPath volumes only, and its errors name a mount by its index); the service account token volume the API server adds to every pod under a
 * generated name ({@code kube-api-access-} and five random characters) is named {@code kube-api-access-xxxxx}
 * ({@link PodCreate#TOKEN_VOLUME}), so that the pods of one
 * template have one view. The view shares these parts with the pod (both are read only; {@link PspAnalyzer#admit}
 * works on a copy). A jqwik property checks that admission of the view and of the pod agree on every decision,
 * error and mutation (errors about the token volume name it {@code kube-api-access-xxxxx}). A mount at the token path
 * ({@link PodCreate#TOKEN_MOUNT_PATH}) is kept as that path alone: ServiceAccount admission mounts no token into a
 * container that has one.
 *
 * @param metadata the pod's security annotations (never {@code null})
 * @param spec     the pod's spec without what PSP admission never reads (never {@code null})
 */
public record AdmissionView(ObjectMeta metadata, PodSpec spec) {

    /** The view of a pod; {@code null} metadata or spec count as empty. */
    public static AdmissionView of(ObjectMeta podMetadata, PodSpec podSpec) {
        ObjectMeta meta = new ObjectMeta();
        Map<String, String> annotations = podMetadata == null ? null : podMetadata.getAnnotations();
        if (annotations != null) {
            Map<String, String> kept = new TreeMap<>();
            annotations.forEach((k, v) -> {
                if (isSecurityAnnotation(k)) {
                    kept.put(k, v);
                }
            });
            if (!kept.isEmpty()) {
                meta.setAnnotations(kept);
            }
        }
        PodSpec spec = new PodSpec();
        if (podSpec == null) {
            return new AdmissionView(meta, spec);
        }
        spec.setHostNetwork(podSpec.getHostNetwork());
        spec.setHostPID(podSpec.getHostPID());
        spec.setHostIPC(podSpec.getHostIPC());
        spec.setHostUsers(podSpec.getHostUsers());
        spec.setShareProcessNamespace(podSpec.getShareProcessNamespace());
        spec.setSecurityContext(podSpec.getSecurityContext());
        spec.setRuntimeClassName(podSpec.getRuntimeClassName());
        spec.setOs(podSpec.getOs());
        spec.setServiceAccountName(podSpec.getServiceAccountName());
        spec.setAutomountServiceAccountToken(podSpec.getAutomountServiceAccountToken());
        // Volumes whose content PSP never reads are kept as empty sources of their type; their mounts become empty
        // placeholders (PSP reads mounts only of hostPath volumes, and names them by index).
        Set<String> emptied = new HashSet<>();
        if (podSpec.getVolumes() != null) {
            List<Volume> volumes = new ArrayList<>();
            for (Volume v : podSpec.getVolumes()) {
                Volume view = volume(v);
                if (view != v) {
                    emptied.add(v.getName());
                }
                volumes.add(view);
            }
            spec.setVolumes(volumes);
        }
        spec.setContainers(podSpec.getContainers() == null ? null
                : podSpec.getContainers().stream().map(c -> container(c, emptied)).toList());
        spec.setInitContainers(podSpec.getInitContainers() == null ? null
                : podSpec.getInitContainers().stream().map(c -> container(c, emptied)).toList());
        spec.setEphemeralContainers(podSpec.getEphemeralContainers() == null ? null
                : podSpec.getEphemeralContainers().stream().map(c -> ephemeral(c, emptied)).toList());
        return new AdmissionView(meta, spec);
    }

    private static final Pattern TOKEN_VOLUME = Pattern.compile("kube-api-access-[a-z0-9]{5}");

    /** Annotations PSP admission reads or sets: seccomp (pod and containers) and AppArmor. */
    public static boolean isSecurityAnnotation(String key) {
        return key.equals(PspNames.SECCOMP_POD) || key.startsWith(PspNames.SECCOMP_CONTAINER_PREFIX)
                || key.startsWith(PspNames.APPARMOR_CONTAINER_PREFIX);
    }

    /**
     * The mounts of the volumes that were not emptied; each mount of an emptied volume becomes an empty mount in its
     * place (its path alone at the token path), so that the index PSP's errors give a mount stays the pod's. The list
     * itself when it has no mount of an emptied volume.
     */
    private static List<VolumeMount> mounts(List<VolumeMount> mounts, Set<String> emptied) {
        if (mounts == null || emptied.isEmpty() || mounts.stream().noneMatch(m -> emptied.contains(m.getName()))) {
            return mounts;
        }
        List<VolumeMount> kept = new ArrayList<>();
        for (VolumeMount m : mounts) {
            if (!emptied.contains(m.getName())) {
                kept.add(m);
            } else {
                VolumeMount placeholder = new VolumeMount();
                if (PodCreate.TOKEN_MOUNT_PATH.equals(m.getMountPath())) {
                    placeholder.setMountPath(m.getMountPath());
                }
                kept.add(placeholder);
            }
        }
        return kept;
    }

    private static Container container(Container c, Set<String> emptied) {
        Container view = new Container();
        view.setName(c.getName());
        view.setPorts(c.getPorts());
        view.setSecurityContext(c.getSecurityContext());
        view.setVolumeMounts(mounts(c.getVolumeMounts(), emptied));
        view.setVolumeDevices(c.getVolumeDevices());
        view.setRestartPolicy(c.getRestartPolicy());
        return view;
    }

    private static EphemeralContainer ephemeral(EphemeralContainer c, Set<String> emptied) {
        EphemeralContainer view = new EphemeralContainer();
        view.setName(c.getName());
        view.setPorts(c.getPorts());
        view.setSecurityContext(c.getSecurityContext());
        view.setVolumeMounts(mounts(c.getVolumeMounts(), emptied));
        view.setVolumeDevices(c.getVolumeDevices());
        view.setTargetContainerName(c.getTargetContainerName());
        return view;
    }

    private static Volume volume(Volume v) {
        Volume empty = new Volume();
        empty.setName(v.getName());
        if (v.getConfigMap() != null) {
            empty.setConfigMap(new ConfigMapVolumeSource());
        } else if (v.getSecret() != null) {
            empty.setSecret(new SecretVolumeSource());
        } else if (v.getProjected() != null) {
            // PSP reads one fact of a projected volume: whether it is only service-account-token sources
            // (VolumesRule.isOnlyServiceAccountTokenSources). An empty source list is; one Secret source is not.
            ProjectedVolumeSource projected = new ProjectedVolumeSource();
            if (!VolumesRule.isOnlyServiceAccountTokenSources(v.getProjected())) {
                VolumeProjection other = new VolumeProjection();
                other.setSecret(new SecretProjection());
                projected.setSources(List.of(other));
            }
            empty.setProjected(projected);
            if (v.getName() != null && TOKEN_VOLUME.matcher(v.getName()).matches()) {
                // The API server names the service account token volume of every pod differently.
                empty.setName(PodCreate.TOKEN_VOLUME);
            }
        } else if (v.getDownwardAPI() != null) {
            empty.setDownwardAPI(new DownwardAPIVolumeSource());
        } else if (v.getEmptyDir() != null) {
            empty.setEmptyDir(new EmptyDirVolumeSource());
        } else if (v.getPersistentVolumeClaim() != null) {
            empty.setPersistentVolumeClaim(new PersistentVolumeClaimVolumeSource());
        } else {
            return v;
        }
        // A volume with one of these sources and another one is invalid, but PSP would judge it by the first.
        return VolumeTypes.sources(v) == 1 ? empty : v;
    }
}
