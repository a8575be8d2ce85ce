package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodOS;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedCSIDriver;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedFlexVolume;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedHostPath;
import io.fabric8.kubernetes.api.model.policy.v1beta1.FSGroupStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.HostPortRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RunAsGroupStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RunAsUserStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RuntimeClassStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.SELinuxStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.SupplementalGroupsStrategyOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Random PSPs (every field, wildcards, ranges, annotations present or absent) and pods, for the properties. */
public final class Generators {

    private Generators() {
    }

    static Arbitrary<PodSecurityPolicy> psps() {
        return Arbitraries.randomValue(Generators::psp);
    }

    static Arbitrary<long[]> seeds() {
        return Arbitraries.longs().map(l -> new long[] {l});
    }

    @SafeVarargs
    static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }

    static boolean p(Random r, double probability) {
        return r.nextDouble() < probability;
    }

    static List<String> subset(Random r, double probability, String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (p(r, probability)) {
                out.add(v);
            }
        }
        return out;
    }

    static IDRange range(long min, long max) {
        return new IDRange(max, min);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A random PSP: half of them a hardened (restricted-like) PSP with up to three fields taken from a random one. */
    @SuppressWarnings("unchecked")
    public static PodSecurityPolicy psp(Random r) {
        PodSecurityPolicy random = randomPsp(r);
        if (p(r, 0.5)) {
            return random;
        }
        PodSecurityPolicy hardened = hardenedPsp(r);
        Map<String, Object> spec = JSON.convertValue(hardened.getSpec(), Map.class);
        Map<String, Object> other = JSON.convertValue(random.getSpec(), Map.class);
        List<String> keys = new ArrayList<>(new java.util.TreeSet<>(other.keySet()));
        keys.add("@seccomp");
        keys.add("@apparmor");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String key = keys.get(r.nextInt(keys.size()));
            if (key.startsWith("@")) {
                String prefix = key.equals("@seccomp") ? "seccomp." : "apparmor.";
                hardened.getMetadata().getAnnotations().keySet().removeIf(k -> k.startsWith(prefix));
                random.getMetadata().getAnnotations().forEach((k, v) -> {
                    if (k.startsWith(prefix)) {
                        hardened.getMetadata().getAnnotations().put(k, v);
                    }
                });
            } else {
                spec.put(key, other.get(key));
            }
        }
        hardened.setSpec(JSON.convertValue(spec, PodSecurityPolicySpec.class));
        return hardened;
    }

    static PodSecurityPolicy hardenedPsp(Random r) {
        PodSecurityPolicySpec s = new PodSecurityPolicySpec();
        s.setPrivileged(false);
        s.setAllowedCapabilities(pick(r, List.of(), List.of("NET_BIND_SERVICE")));
        s.setRequiredDropCapabilities(List.of("ALL"));
        s.setVolumes(subset(r, 0.7, "configMap", "secret", "emptyDir", "projected", "downwardAPI",
                "persistentVolumeClaim", "csi", "ephemeral"));
        s.setHostNetwork(false);
        s.setHostIPC(false);
        s.setHostPID(false);
        s.setSeLinux(p(r, 0.2) ? new SELinuxStrategyOptions("RunAsAny", null)
                : new SELinuxStrategyOptions("MustRunAs", pick(r, new SELinuxOptions(null, null, "container_t", null),
                        new SELinuxOptions("s0:c1,c2", null, null, null), new SELinuxOptions(null, null, null, null))));
        s.setRunAsUser(new RunAsUserStrategyOptions(null, "MustRunAsNonRoot"));
        s.setRunAsGroup(pick(r, null, new RunAsGroupStrategyOptions(List.of(range(1000, 2000)), "MustRunAs"),
                new RunAsGroupStrategyOptions(List.of(range(1, 65535)), "MayRunAs")));
        s.setSupplementalGroups(pick(r, new SupplementalGroupsStrategyOptions(null, "RunAsAny"),
                new SupplementalGroupsStrategyOptions(List.of(range(1, 65535)), "MustRunAs")));
        s.setFsGroup(pick(r, new FSGroupStrategyOptions(null, "RunAsAny"),
                new FSGroupStrategyOptions(List.of(range(1, 65535)), "MayRunAs")));
        s.setReadOnlyRootFilesystem(p(r, 0.3));
        s.setAllowPrivilegeEscalation(false);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SeccompRule.ALLOWED_KEY, pick(r, "runtime/default", "runtime/default,localhost/profile",
                "docker/default,runtime/default"));
        if (p(r, 0.7)) {
            annotations.put(SeccompRule.DEFAULT_KEY, "runtime/default");
        }
        annotations.put(AppArmorRule.ALLOWED_KEY, pick(r, "runtime/default", "runtime/default,localhost/x"));
        if (p(r, 0.7)) {
            annotations.put(AppArmorRule.DEFAULT_KEY, "runtime/default");
        }
        PodSecurityPolicy psp = new PodSecurityPolicy();
        psp.setMetadata(new ObjectMeta());
        psp.getMetadata().setName("hardened-" + Integer.toHexString(r.nextInt(1 << 16)));
        psp.getMetadata().setAnnotations(annotations);
        psp.setSpec(s);
        return psp;
    }

    static PodSecurityPolicy randomPsp(Random r) {
        PodSecurityPolicySpec s = new PodSecurityPolicySpec();
        s.setPrivileged(p(r, 0.15) ? Boolean.TRUE : pick(r, null, false));
        s.setAllowedCapabilities(subset(r, 0.15, "NET_BIND_SERVICE", "CHOWN", "KILL", "NET_RAW", "SYS_ADMIN", "*"));
        s.setDefaultAddCapabilities(subset(r, 0.1, "NET_BIND_SERVICE", "CHOWN", "NET_RAW"));
        s.setRequiredDropCapabilities(pick(r, List.of(), List.of("ALL"), List.of("ALL"), List.of("NET_RAW"),
                List.of("ALL", "NET_RAW")));
        List<String> volumes = subset(r, 0.6, "configMap", "secret", "emptyDir", "projected", "downwardAPI",
                "persistentVolumeClaim", "csi", "ephemeral");
        volumes.addAll(subset(r, 0.12, "hostPath", "nfs", "flexVolume", "gitRepo", "none", "*", "cephFS"));
        s.setVolumes(volumes);
        if (p(r, 0.3)) {
            s.setAllowedHostPaths(pick(r, List.of(new AllowedHostPath("/var/log", true)),
                    List.of(new AllowedHostPath("/data", false), new AllowedHostPath("/var/log", true)),
                    List.of(new AllowedHostPath("/etc", null))));
        }
        if (p(r, 0.3)) {
            s.setAllowedFlexVolumes(List.of(new AllowedFlexVolume(pick(r, "example.com/flex", "other/flex"))));
        }
        if (p(r, 0.3)) {
            s.setAllowedCSIDrivers(List.of(new AllowedCSIDriver(pick(r, "csi.example.com", "other.csi"))));
        }
        s.setHostNetwork(p(r, 0.15));
        s.setHostPID(p(r, 0.1) ? Boolean.TRUE : null);
        s.setHostIPC(p(r, 0.1));
        if (p(r, 0.3)) {
            s.setHostPorts(pick(r, List.of(new HostPortRange(80, 80)), List.of(new HostPortRange(0, 0)),
                    List.of(new HostPortRange(9000, 8000), new HostPortRange(0, 0)),
                    List.of(new HostPortRange(65535, 1))));
        }
        SELinuxOptions options = pick(r, new SELinuxOptions(null, null, "container_t", null),
                new SELinuxOptions("s0:c1,c2", null, null, null), new SELinuxOptions(null, null, "spc_t", null),
                new SELinuxOptions(null, null, null, "system_u"), new SELinuxOptions(null, null, "container_engine_t", null),
                new SELinuxOptions(null, "sysadm_r", null, null));
        s.setSeLinux(p(r, 0.5) ? new SELinuxStrategyOptions("RunAsAny", null)
                : new SELinuxStrategyOptions("MustRunAs", options));
        s.setRunAsUser(pick(r, new RunAsUserStrategyOptions(null, "RunAsAny"),
                new RunAsUserStrategyOptions(null, "MustRunAsNonRoot"), new RunAsUserStrategyOptions(null, "MustRunAsNonRoot"),
                new RunAsUserStrategyOptions(List.of(range(1000, 2000)), "MustRunAs"),
                new RunAsUserStrategyOptions(List.of(range(0, 100)), "MustRunAs")));
        s.setRunAsGroup(pick(r, null, new RunAsGroupStrategyOptions(null, "RunAsAny"),
                new RunAsGroupStrategyOptions(List.of(range(1000, 2000)), "MustRunAs"),
                new RunAsGroupStrategyOptions(List.of(range(1, 100)), "MayRunAs")));
        s.setSupplementalGroups(pick(r, new SupplementalGroupsStrategyOptions(null, "RunAsAny"),
                new SupplementalGroupsStrategyOptions(List.of(range(1000, 2000)), "MustRunAs"),
                new SupplementalGroupsStrategyOptions(List.of(range(1, 100)), "MayRunAs")));
        s.setFsGroup(pick(r, new FSGroupStrategyOptions(null, "RunAsAny"),
                new FSGroupStrategyOptions(List.of(range(1000, 2000)), "MustRunAs"),
                new FSGroupStrategyOptions(List.of(range(1, 100)), "MayRunAs")));
        s.setReadOnlyRootFilesystem(p(r, 0.2));
        Boolean ape = pick(r, null, true, false, false);
        s.setAllowPrivilegeEscalation(ape);
        s.setDefaultAllowPrivilegeEscalation(Boolean.FALSE.equals(ape) ? pick(r, null, false) : pick(r, null, true, false));
        s.setAllowedUnsafeSysctls(pick(r, List.of(), List.of(), List.of("net.ipv4.tcp_keepalive_time"),
                List.of("kernel.msg*"), List.of("*"), List.of("net.core.somaxconn")));
        s.setForbiddenSysctls(pick(r, List.of(), List.of(), List.of("kernel.shm_rmid_forced"), List.of("kernel.*")));
        s.setAllowedProcMountTypes(pick(r, List.of(), List.of("Default"), List.of("Default", "Unmasked"),
                List.of("Unmasked")));
        s.setRuntimeClass(pick(r, null, new RuntimeClassStrategyOptions(List.of("*"), null),
                new RuntimeClassStrategyOptions(List.of("gvisor"), "gvisor"),
                new RuntimeClassStrategyOptions(List.of("runc"), null)));
        Map<String, String> annotations = new LinkedHashMap<>();
        String seccomp = pick(r, null, "runtime/default", "runtime/default,", "*", "localhost/profile,runtime/default",
                "unconfined,runtime/default", "docker/default", "runtime/default,localhost/*");
        if (seccomp != null) {
            annotations.put(SeccompRule.ALLOWED_KEY, seccomp);
        }
        String seccompDefault = pick(r, null, null, "runtime/default", "localhost/profile");
        if (seccompDefault != null && (seccomp != null || p(r, 0.2))) {
            annotations.put(SeccompRule.DEFAULT_KEY, seccompDefault);
        }
        String apparmor = pick(r, null, "runtime/default", "runtime/default,", "runtime/default,localhost/x",
                "unconfined,runtime/default", "localhost/x");
        if (apparmor != null) {
            annotations.put(AppArmorRule.ALLOWED_KEY, apparmor);
        }
        String apparmorDefault = pick(r, null, null, "runtime/default");
        if (apparmorDefault != null) {
            annotations.put(AppArmorRule.DEFAULT_KEY, apparmorDefault);
        }
        PodSecurityPolicy psp = new PodSecurityPolicy();
        psp.setMetadata(new ObjectMeta());
        psp.getMetadata().setName("psp-" + Integer.toHexString(r.nextInt(1 << 16)));
        psp.getMetadata().setAnnotations(annotations);
        psp.setSpec(s);
        return psp;
    }

    static <T> T maybe(Random r, double probability, Supplier<T> value) {
        return p(r, probability) ? value.get() : null;
    }

    static SeccompProfile seccomp(Random r) {
        return pick(r, new SeccompProfile(null, "RuntimeDefault"), new SeccompProfile(null, "Unconfined"),
                new SeccompProfile("profile", "Localhost"));
    }

    static AppArmorProfile appArmor(Random r) {
        return pick(r, new AppArmorProfile(null, "RuntimeDefault"), new AppArmorProfile(null, "Unconfined"),
                new AppArmorProfile("x", "Localhost"));
    }

    static SecurityContext containerSc(Random r) {
        if (p(r, clean ? 0.85 : 0.4)) {
            return null;
        }
        SecurityContext sc = new SecurityContext();
        sc.setPrivileged(maybe(r, 0.1, () -> p(r, 0.5)));
        sc.setAllowPrivilegeEscalation(maybe(r, 0.3, () -> p(r, 0.5)));
        if (p(r, 0.3)) {
            Capabilities caps = new Capabilities();
            caps.setAdd(subset(r, 0.2, "NET_BIND_SERVICE", "CHOWN", "NET_RAW", "SYS_ADMIN"));
            caps.setDrop(subset(r, 0.5, "ALL", "NET_RAW"));
            sc.setCapabilities(caps);
        }
        sc.setRunAsUser(maybe(r, 0.2, () -> pick(r, 0L, 1000L, 1500L, 50L)));
        sc.setRunAsNonRoot(maybe(r, 0.2, () -> p(r, 0.7)));
        sc.setRunAsGroup(maybe(r, 0.15, () -> pick(r, 0L, 1000L, 50L)));
        sc.setReadOnlyRootFilesystem(maybe(r, 0.2, () -> p(r, 0.6)));
        sc.setProcMount(maybe(r, 0.1, () -> pick(r, "Default", "Unmasked")));
        sc.setSeLinuxOptions(maybe(r, 0.1, () -> pick(r, new SELinuxOptions(null, null, "container_t", null),
                new SELinuxOptions(null, null, "spc_t", null))));
        sc.setSeccompProfile(maybe(r, 0.15, () -> seccomp(r)));
        sc.setAppArmorProfile(maybe(r, 0.1, () -> appArmor(r)));
        return sc;
    }

    static List<ContainerPort> ports(Random r) {
        List<ContainerPort> ports = new ArrayList<>();
        if (!clean && p(r, 0.3)) {
            ContainerPort cp = new ContainerPort();
            cp.setContainerPort(8080);
            cp.setHostPort(pick(r, null, 0, 80, 8080));
            ports.add(cp);
        }
        return ports;
    }

    static Container container(Random r, String name, List<String> volumeNames) {
        Container c = new Container();
        c.setName(name);
        c.setImage("registry.example/" + name + ":1");
        c.setSecurityContext(containerSc(r));
        c.setPorts(ports(r));
        List<VolumeMount> mounts = new ArrayList<>();
        for (String v : volumeNames) {
            if (p(r, 0.5)) {
                VolumeMount m = new VolumeMount();
                m.setName(v);
                m.setMountPath("/mnt/" + v);
                m.setReadOnly(maybe(r, 0.6, () -> p(r, 0.5)));
                mounts.add(m);
            }
        }
        c.setVolumeMounts(mounts);
        if (p(r, 0.05)) {
            Probe probe = new Probe();
            probe.setHttpGet(new HTTPGetAction("example.com", null, "/healthz", new IntOrString(8080), null));
            c.setLivenessProbe(probe);
        }
        return c;
    }

    static Volume volume(Random r, String name) {
        String type = clean ? pick(r, "configMap", "secret", "emptyDir", "projected", "csi", "none-source") : pick(r, "configMap", "secret", "emptyDir", "projected", "hostPath", "hostPath", "nfs",
                "flexVolume", "csi", "csi", "gitRepo", "none-source", "image");
        Volume v;
        if (type.equals("none-source")) {
            v = new Volume();
            v.setName(name);
        } else if (type.equals("image")) {
            v = new Volume();
            v.setName(name);
            v.setImage(new io.fabric8.kubernetes.api.model.ImageVolumeSource(null, "registry.example/data:1"));
        } else {
            v = VolumeTypes.volume(name, type);
        }
        if (v.getHostPath() != null) {
            v.getHostPath().setPath(pick(r, "/var/log/app", "/etc", "/data/x", "/var/logs"));
        }
        if (v.getCsi() != null) {
            v.getCsi().setDriver(pick(r, "csi.example.com", "other.csi"));
        }
        if (v.getFlexVolume() != null) {
            v.getFlexVolume().setDriver(pick(r, "example.com/flex", "other/flex"));
        }
        return v;
    }

    /** A pod: metadata and spec. */
    public record PodParts(ObjectMeta meta, PodSpec spec) {
    }

    public static PodParts pod(Random r) {
        clean = p(r, 0.5);
        return dirtyOrCleanPod(r);
    }

    /** Whether the pod being generated is a clean one: few security-relevant fields, so most PSPs admit it. */
    private static boolean clean;

    private static PodParts dirtyOrCleanPod(Random r) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName("pod");
        PodSpec spec = new PodSpec();
        List<Volume> volumes = new ArrayList<>();
        int nv = r.nextInt(3);
        for (int i = 0; i < nv; i++) {
            volumes.add(volume(r, "v" + i));
        }
        spec.setVolumes(volumes);
        List<String> volumeNames = volumes.stream().map(Volume::getName).toList();
        List<Container> containers = new ArrayList<>();
        int nc = 1 + r.nextInt(2);
        for (int i = 0; i < nc; i++) {
            containers.add(container(r, "c" + i, volumeNames));
        }
        spec.setContainers(containers);
        List<Container> init = new ArrayList<>();
        if (p(r, 0.3)) {
            init.add(container(r, "i0", volumeNames));
        }
        spec.setInitContainers(init);
        List<EphemeralContainer> eph = new ArrayList<>();
        if (p(r, 0.15)) {
            EphemeralContainer e = new EphemeralContainer();
            e.setName("e0");
            e.setImage("registry.example/debug:1");
            e.setSecurityContext(containerSc(r));
            eph.add(e);
        }
        spec.setEphemeralContainers(eph);
        if (!clean) {
            spec.setHostNetwork(maybe(r, 0.1, () -> p(r, 0.7)));
            spec.setHostPID(maybe(r, 0.08, () -> true));
            spec.setHostIPC(maybe(r, 0.08, () -> true));
        }
        spec.setHostUsers(maybe(r, 0.08, () -> false));
        spec.setRuntimeClassName(maybe(r, 0.2, () -> pick(r, "gvisor", "runc")));
        if (p(r, 0.05)) {
            spec.setOs(new PodOS("windows"));
        }
        if (p(r, clean ? 0.2 : 0.6)) {
            PodSecurityContext sc = new PodSecurityContext();
            sc.setRunAsUser(maybe(r, 0.2, () -> pick(r, 0L, 1000L, 1500L)));
            sc.setRunAsNonRoot(maybe(r, 0.3, () -> p(r, 0.8)));
            sc.setRunAsGroup(maybe(r, 0.15, () -> pick(r, 0L, 1000L, 50L)));
            sc.setFsGroup(maybe(r, 0.2, () -> pick(r, 1000L, 50L, 5000L)));
            if (p(r, 0.15)) {
                sc.setSupplementalGroups(new ArrayList<>(List.of(pick(r, 1000L, 50L, 5000L))));
            }
            sc.setSeLinuxOptions(maybe(r, 0.1, () -> pick(r, new SELinuxOptions(null, null, "container_t", null),
                    new SELinuxOptions("s0:c2,c1", null, null, null), new SELinuxOptions(null, null, "spc_t", null))));
            sc.setSeccompProfile(maybe(r, 0.3, () -> seccomp(r)));
            sc.setAppArmorProfile(maybe(r, 0.1, () -> appArmor(r)));
            if (p(r, 0.2)) {
                sc.setSysctls(new ArrayList<>(List.of(new Sysctl(pick(r, "kernel.shm_rmid_forced",
                        "net.ipv4.tcp_keepalive_time", "kernel.msgmax", "net.core.somaxconn"), "1"))));
            }
            if (Boolean.TRUE.equals(spec.getHostNetwork()) && p(r, 0.3)) {
                sc.setWindowsOptions(new WindowsSecurityContextOptions(null, null, true, null));
            }
            spec.setSecurityContext(sc);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (!clean && p(r, 0.15)) {
            annotations.put(SeccompRule.POD_KEY, pick(r, "runtime/default", "unconfined", "localhost/profile",
                    "docker/default"));
        }
        for (Container c : containers) {
            if (p(r, 0.08)) {
                annotations.put(SeccompRule.CONTAINER_PREFIX + c.getName(),
                        pick(r, "runtime/default", "unconfined", "localhost/profile"));
            }
            if (p(r, 0.3)) {
                annotations.put(AppArmorRule.CONTAINER_PREFIX + c.getName(),
                        pick(r, "runtime/default", "unconfined", "localhost/x"));
            }
        }
        meta.setAnnotations(annotations);
        return new PodParts(meta, spec);
    }
}
