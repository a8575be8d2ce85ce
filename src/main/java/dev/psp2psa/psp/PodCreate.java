package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.DownwardAPIProjection;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The steps of one pod CREATE in a Kubernetes 1.23/1.24 API server around PSP admission, each as the function it
 * models (cited in {@code docs/psp-semantics.md}, "The request path"):
 *
 * <ol>
 *   <li>{@link #defaults}: decoding and API defaulting ({@code Convert_v1_PodSpec_To_core_PodSpec} in
 *       {@code pkg/apis/core/v1/conversion.go}, {@code SetDefaults_PodSpec} in {@code pkg/apis/core/v1/defaults.go});</li>
 *   <li>{@link #serviceAccountAdmission}: the ServiceAccount admission plugin
 *       ({@code plugin/pkg/admission/serviceaccount/admission.go}), which runs before PSP;</li>
 *   <li>PSP admission ({@link PspAnalyzer#admit}, {@link PspAnalyzer#choose});</li>
 *   <li>{@link #prepareForCreate}: the pod registry strategy's seccomp annotation/field copy, <em>after</em> PSP;</li>
 *   <li>{@link #validate}: the API validation errors that PSP's own mutations can cause
 *       ({@code ValidateSecurityContext} in {@code pkg/apis/core/validation/validation.go}).</li>
 * </ol>
 *
 * Pure: every step works on the pod it is given (a copy where it says so).
 */
public final class PodCreate {

    /** {@code DefaultAPITokenMountPath}: where ServiceAccount admission mounts the token. */
    public static final String TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    /** {@code ServiceAccountVolumeName}: the prefix of the token volume's generated name. */
    public static final String TOKEN_VOLUME_PREFIX = "kube-api-access-";
    /** The name psp2psa gives the token volume; the API server appends five random characters instead. */
    public static final String TOKEN_VOLUME = TOKEN_VOLUME_PREFIX + "xxxxx";
    /** {@code WarnOnlyBoundTokenExpirationSeconds}: the token lifetime ServiceAccount admission writes. */
    static final long TOKEN_EXPIRATION_SECONDS = 3607L;

    private PodCreate() {
    }

    /**
     * The pod as decoding and API defaulting leave it, as a copy: {@code serviceAccountName} taken from the
     * deprecated {@code serviceAccount} when it is empty ({@code Convert_v1_PodSpec_To_core_PodSpec}), and under
     * {@code hostNetwork: true} every container and init container port's {@code hostPort} set to its
     * {@code containerPort} when it is 0 ({@code SetDefaults_PodSpec}, {@code defaultHostNetworkPorts}).
     */
    public static Pod defaults(ObjectMeta metadata, PodSpec spec) {
        Pod pod = Pods.copy(metadata, spec);
        PodSpec s = pod.getSpec();
        if (Nulls.str(s.getServiceAccountName()).isEmpty() && !Nulls.str(s.getServiceAccount()).isEmpty()) {
            s.setServiceAccountName(s.getServiceAccount());
        }
        if (Boolean.TRUE.equals(s.getHostNetwork())) {
            defaultHostNetworkPorts(s.getContainers());
            defaultHostNetworkPorts(s.getInitContainers());
        }
        return pod;
    }

    /**
     * What a 1.23/1.24 API server keeps of a pod's security fields, in place: it decodes requests without knowing
     * the fields later versions added, and drops them silently (no server-side field validation before 1.25):
     * {@code securityContext.appArmorProfile} (pod and containers, 1.30), {@code hostUsers} (1.25),
     * {@code seLinuxChangePolicy} (1.32) and {@code supplementalGroupsPolicy} (1.31) of the pod security context,
     * and the {@code image} volume source (1.31), which leaves a volume without a source, that
     * {@code SetDefaults_Volume} makes an {@code emptyDir}. PSP never saw these fields.
     */
    public static void dropFieldsUnknownTo124(Pod pod) {
        PodSpec s = pod.getSpec();
        s.setHostUsers(null);
        if (s.getSecurityContext() != null) {
            s.getSecurityContext().setAppArmorProfile(null);
            s.getSecurityContext().setSeLinuxChangePolicy(null);
            s.getSecurityContext().setSupplementalGroupsPolicy(null);
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            if (c.sc() != null) {
                c.sc().setAppArmorProfile(null);
            }
        }
        for (Volume v : s.getVolumes() == null ? List.<Volume>of() : s.getVolumes()) {
            if (v.getImage() != null) {
                v.setImage(null);
                if (VolumeTypes.sources(v) == 0) {
                    v.setEmptyDir(new io.fabric8.kubernetes.api.model.EmptyDirVolumeSource());
                }
            }
        }
    }

    /** Whether {@link #defaults} would change the pod (so callers may keep the original when it would not). */
    public static boolean defaultsChange(PodSpec spec) {
        if (spec == null) {
            return false;
        }
        if (Nulls.str(spec.getServiceAccountName()).isEmpty() && !Nulls.str(spec.getServiceAccount()).isEmpty()) {
            return true;
        }
        return Boolean.TRUE.equals(spec.getHostNetwork())
                && (hasUnsetHostPort(spec.getContainers()) || hasUnsetHostPort(spec.getInitContainers()));
    }

    private static boolean hasUnsetHostPort(List<Container> containers) {
        if (containers == null) {
            return false;
        }
        for (Container c : containers) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if ((p.getHostPort() == null || p.getHostPort() == 0) && p.getContainerPort() != null
                        && p.getContainerPort() != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void defaultHostNetworkPorts(List<Container> containers) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (p.getHostPort() == null || p.getHostPort() == 0) {
                    p.setHostPort(p.getContainerPort());
                }
            }
        }
    }

    /**
     * Whether ServiceAccount admission mounts the token ({@code shouldAutomount}): the pod's
     * {@code automountServiceAccountToken} wins, then the ServiceAccount's ({@code null} when the input does not hold
     * it or it sets none), else true.
     */
    public static boolean automounts(PodSpec spec, Boolean accountAutomount) {
        if (spec != null && spec.getAutomountServiceAccountToken() != null) {
            return spec.getAutomountServiceAccountToken();
        }
        return accountAutomount == null || accountAutomount;
    }

    /**
     * ServiceAccount admission of a pod, in place ({@code Admit} and {@code mountServiceAccountToken}): an empty
     * {@code serviceAccountName} becomes {@code default}; unless {@link #automounts} says no, every init container and
     * container without a mount at {@link #TOKEN_MOUNT_PATH} gets a read-only mount of the token volume there, and
     * the pod gets the projected token volume ({@code TokenVolumeSource}) unless it already has a volume named
     * {@code kube-api-access-*}, which is used instead. Mirror pods (annotation {@code kubernetes.io/config.mirror})
     * are left as they are. The plugin's check that the ServiceAccount exists is not modelled: the input need not
     * hold ServiceAccounts.
     */
    public static void serviceAccountAdmission(Pod pod, Boolean accountAutomount) {
        if (Pods.annotations(pod, false).containsKey("kubernetes.io/config.mirror")) {
            return;
        }
        PodSpec spec = pod.getSpec();
        if (Nulls.str(spec.getServiceAccountName()).isEmpty()) {
            spec.setServiceAccountName("default");
        }
        if (!automounts(spec, accountAutomount)) {
            return;
        }
        String volumeName = null;
        for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
            if (Nulls.str(v.getName()).startsWith(TOKEN_VOLUME_PREFIX)) {
                volumeName = v.getName();
                break;
            }
        }
        boolean hasVolume = volumeName != null;
        String name = hasVolume ? volumeName : TOKEN_VOLUME;
        boolean needsVolume = mountToken(spec.getInitContainers(), name) | mountToken(spec.getContainers(), name);
        if (!hasVolume && needsVolume) {
            List<Volume> volumes = spec.getVolumes() == null ? new ArrayList<>() : new ArrayList<>(spec.getVolumes());
            volumes.add(tokenVolume(name));
            spec.setVolumes(volumes);
        }
    }

    private static boolean mountToken(List<Container> containers, String volumeName) {
        boolean mounted = false;
        for (Container c : containers == null ? List.<Container>of() : containers) {
            List<VolumeMount> mounts = c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts();
            if (mounts.stream().noneMatch(m -> TOKEN_MOUNT_PATH.equals(m.getMountPath()))) {
                List<VolumeMount> out = new ArrayList<>(mounts);
                VolumeMount m = new VolumeMount();
                m.setName(volumeName);
                m.setReadOnly(true);
                m.setMountPath(TOKEN_MOUNT_PATH);
                out.add(m);
                c.setVolumeMounts(out);
                mounted = true;
            }
        }
        return mounted;
    }

    /** The projected volume ServiceAccount admission adds ({@code TokenVolumeSource}), with API defaults. */
    static Volume tokenVolume(String name) {
        ServiceAccountTokenProjection token = new ServiceAccountTokenProjection();
        token.setPath("token");
        token.setExpirationSeconds(TOKEN_EXPIRATION_SECONDS);
        VolumeProjection tokenSource = new VolumeProjection();
        tokenSource.setServiceAccountToken(token);
        ConfigMapProjection ca = new ConfigMapProjection();
        ca.setName("kube-root-ca.crt");
        ca.setItems(List.of(new KeyToPath("ca.crt", null, "ca.crt")));
        VolumeProjection caSource = new VolumeProjection();
        caSource.setConfigMap(ca);
        DownwardAPIVolumeFile ns = new DownwardAPIVolumeFile();
        ns.setPath("namespace");
        ns.setFieldRef(new ObjectFieldSelector("v1", "metadata.namespace"));
        DownwardAPIProjection downward = new DownwardAPIProjection();
        downward.setItems(List.of(ns));
        VolumeProjection nsSource = new VolumeProjection();
        nsSource.setDownwardAPI(downward);
        ProjectedVolumeSource projected = new ProjectedVolumeSource();
        projected.setDefaultMode(420);
        projected.setSources(List.of(tokenSource, caSource, nsSource));
        Volume v = new Volume();
        v.setName(name);
        v.setProjected(projected);
        return v;
    }

    /**
     * The pod as a 1.23/1.24 API server has it before PSP admission, as a copy: {@link #defaults} and
     * {@link #dropFieldsUnknownTo124}, then {@link #serviceAccountAdmission} with the ServiceAccount's
     * {@code automountServiceAccountToken}.
     */
    public static Pod beforePsp(ObjectMeta metadata, PodSpec spec, Boolean accountAutomount) {
        Pod pod = defaults(metadata, spec);
        dropFieldsUnknownTo124(pod);
        serviceAccountAdmission(pod, accountAutomount);
        return pod;
    }

    /**
     * The pod registry strategy's {@code PrepareForCreate} seccomp step ({@code applySeccompVersionSkew} in
     * {@code pkg/registry/core/pod/strategy.go}, 1.19 to 1.24), in place: at pod level and for every container, a
     * field without its annotation gets the annotation, an annotation without its field gets the field. It runs after
     * PSP admission, so PSP never sees what it adds.
     */
    public static void prepareForCreate(Pod pod) {
        Map<String, String> annotations = Pods.annotations(pod, false);
        PodSecurityContext podSc = Pods.podSc(pod, false);
        SeccompProfile podField = podSc == null ? null : podSc.getSeccompProfile();
        if (podField != null && !annotations.containsKey(PspNames.SECCOMP_POD)) {
            String a = SeccompRule.annotationFor(podField);
            if (!a.isEmpty()) {
                Pods.annotations(pod, true).put(PspNames.SECCOMP_POD, a);
            }
        } else if (podField == null && annotations.containsKey(PspNames.SECCOMP_POD)) {
            SeccompProfile f = SeccompRule.fieldFor(Nulls.str(annotations.get(PspNames.SECCOMP_POD)));
            if (f != null) {
                Pods.podSc(pod, true).setSeccompProfile(f);
            }
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            String key = PspNames.SECCOMP_CONTAINER_PREFIX + c.name();
            SeccompProfile field = c.sc() == null ? null : c.sc().getSeccompProfile();
            Map<String, String> current = Pods.annotations(pod, false);
            if (field != null && !current.containsKey(key)) {
                String a = SeccompRule.annotationFor(field);
                if (!a.isEmpty()) {
                    Pods.annotations(pod, true).put(key, a);
                }
            } else if (field == null && current.containsKey(key)) {
                SeccompProfile f = SeccompRule.fieldFor(Nulls.str(current.get(key)));
                if (f != null) {
                    c.sc(true).setSeccompProfile(f);
                }
            }
        }
    }

    /** Whether {@link #prepareForCreate} would change the pod: a seccomp annotation or field lacks its twin. */
    public static boolean prepareForCreateChanges(ObjectMeta metadata, PodSpec spec) {
        Map<String, String> annotations = metadata == null || metadata.getAnnotations() == null ? Map.of()
                : metadata.getAnnotations();
        if (spec == null) {
            return false;
        }
        boolean podField = spec.getSecurityContext() != null && spec.getSecurityContext().getSeccompProfile() != null;
        if (podField != annotations.containsKey(PspNames.SECCOMP_POD)) {
            return true;
        }
        for (Pods.Ref c : Pods.containers(Pods.wrap(metadata, spec))) {
            boolean field = c.sc() != null && c.sc().getSeccompProfile() != null;
            if (field != annotations.containsKey(PspNames.SECCOMP_CONTAINER_PREFIX + c.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pod as the API server creates it when no PSP applies (after the migration): {@link #defaults} and
     * {@link #prepareForCreate}; the given objects themselves (not copied) when neither changes them. This is the pod
     * that PSA and validating admission policies see. ServiceAccount admission's token volume is not added: no Pod
     * Security Standards check reads it.
     */
    public static Pod created(ObjectMeta metadata, PodSpec spec) {
        if (!defaultsChange(spec) && !prepareForCreateChanges(metadata, spec)) {
            return Pods.wrap(metadata, spec);
        }
        Pod pod = defaults(metadata, spec);
        prepareForCreate(pod);
        return pod;
    }

    /**
     * The pod as a cluster without PSP (the target cluster, which knows every field) creates it, as a copy:
     * {@link #defaults}, {@link #serviceAccountAdmission}, then {@link #prepareForCreate}. This is what validating admission (PSA, admission policies,
     * webhooks) sees once PSP is gone.
     */
    public static Pod withoutPsp(ObjectMeta metadata, PodSpec spec, Boolean accountAutomount) {
        Pod pod = defaults(metadata, spec);
        serviceAccountAdmission(pod, accountAutomount);
        prepareForCreate(pod);
        return pod;
    }

    /** A copy of the pod after {@link #prepareForCreate}: the pod as stored. */
    public static Pod stored(ObjectMeta metadata, PodSpec spec) {
        Pod pod = Pods.copy(metadata, spec);
        prepareForCreate(pod);
        return pod;
    }

    /**
     * The API validation errors of a pod that PSP's mutations can cause ({@code ValidateSecurityContext} in
     * {@code pkg/apis/core/validation/validation.go}): a container with {@code allowPrivilegeEscalation: false} and
     * {@code privileged: true}, or with {@code allowPrivilegeEscalation: false} and {@code CAP_SYS_ADMIN} (spelled
     * so) in {@code capabilities.add}. The API server rejects such a pod after PSP admitted it, so it is never created.
     */
    public static List<String> validate(Pod pod) {
        List<String> errors = new ArrayList<>();
        for (Pods.Ref c : Pods.containers(pod)) {
            SecurityContext sc = c.sc();
            if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                continue;
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                errors.add(Pods.invalid(c.path + ".securityContext", "allowPrivilegeEscalation: false, privileged: true",
                        "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
            }
            if (sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null
                    && sc.getCapabilities().getAdd().contains("CAP_SYS_ADMIN")) {
                errors.add(Pods.invalid(c.path + ".securityContext", "allowPrivilegeEscalation: false, "
                        + "capabilities.add: CAP_SYS_ADMIN",
                        "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
            }
        }
        return errors;
    }
}
