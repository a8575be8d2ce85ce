package dev.psp2psa.psp;

import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedHostPath;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** {@code allowedHostPaths}: the host path prefixes hostPath volumes may use, some read-only; no opinion. */
final class AllowedHostPathsRule extends AbstractRule {

    AllowedHostPathsRule() {
        super("allowedHostPaths", List.of("allowedHostPaths"), List.of(), List.of(),
                "The path prefixes hostPath volumes may use, and which of them must be mounted read-only.", false);
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        return Optional.empty();
    }

    @Override
    public String baselineCondition() {
        return "no opinion (volumes takes precedence)";
    }

    @Override
    public String restrictedCondition() {
        return baselineCondition();
    }

    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        List<AllowedHostPath> allowed = Psps.list(Psps.spec(psp).getAllowedHostPaths());
        if (allowed.isEmpty()) {
            return List.of();
        }
        java.util.TreeSet<String> paths = new java.util.TreeSet<>(List.of("/", "/psp2psa-witness"));
        for (AllowedHostPath a : allowed) {
            paths.add(Pods.str(a.getPathPrefix()));
            paths.add(HostPaths.cleanPath(Pods.str(a.getPathPrefix())) + "-psp2psa");
        }
        List<java.util.function.Consumer<Pod>> probes = new ArrayList<>();
        for (String path : paths) {
            if (!path.startsWith("/")) {
                continue;
            }
            boolean[] allows = allows(psp, path);
            if (!allows[0]) {
                probes.add(pod -> VolumesRule.addVolume(pod, hostPath(path)));
            } else if (allows[1]) {
                probes.add(pod -> {
                    VolumesRule.addVolume(pod, hostPath(path));
                    VolumeMount m = new VolumeMount();
                    m.setName("host");
                    m.setMountPath("/host");
                    m.setReadOnly(false);
                    pod.getSpec().getContainers().get(0).setVolumeMounts(new ArrayList<>(List.of(m)));
                });
            }
        }
        List<String> prefixes = allowed.stream()
                .map(a -> (Pods.str(a.getPathPrefix()).isEmpty() ? "\"\"" : a.getPathPrefix())
                        + (Pods.isTrue(a.getReadOnly()) ? " (read-only)" : ""))
                .sorted().distinct().toList();
        return List.of(new Gaps.Part("hostPath volumes only under " + Gaps.and(prefixes), probes));
    }

    private static Volume hostPath(String path) {
        Volume v = VolumeTypes.volume("host", "hostPath");
        v.getHostPath().setPath(path);
        return v;
    }

    /** Whether the path is allowed, and whether it must be mounted read-only, as PSP's AllowsHostVolumePath. */
    static boolean[] allows(PodSecurityPolicy psp, String hostPath) {
        List<AllowedHostPath> allowed = Psps.list(Psps.spec(psp).getAllowedHostPaths());
        if (allowed.isEmpty()) {
            return new boolean[] {true, false};
        }
        boolean pathAllowed = false;
        boolean readOnly = false;
        for (AllowedHostPath a : allowed) {
            if (hasPathPrefix(hostPath, Pods.str(a.getPathPrefix()))) {
                if (!Pods.isTrue(a.getReadOnly())) {
                    return new boolean[] {true, false};
                }
                pathAllowed = true;
                readOnly = true;
            }
        }
        return new boolean[] {pathAllowed, readOnly};
    }

    /** Whether the cleaned path starts with the cleaned prefix at a path-segment boundary. */
    static boolean hasPathPrefix(String s, String prefix) {
        String path = HostPaths.cleanPath(s);
        String p = HostPaths.cleanPath(prefix);
        if (!path.startsWith(p)) {
            return false;
        }
        if (path.length() == p.length() || p.endsWith("/")) {
            return true;
        }
        return path.charAt(p.length()) == '/';
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        List<Volume> volumes = Pods.nonNull(pod.getSpec().getVolumes());
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            if (v == null || v.getHostPath() == null) {
                continue;
            }
            String hostPath = Pods.str(v.getHostPath().getPath());
            boolean[] allows = allows(psp, hostPath);
            if (!allows[0]) {
                errors.add(Pods.invalid("spec.volumes[" + i + "].hostPath.pathPrefix", hostPath,
                        "is not allowed to be used"));
            } else if (allows[1]) {
                for (Pods.Ref c : Pods.containers(pod)) {
                    List<VolumeMount> mounts = c.mounts();
                    for (int m = 0; m < mounts.size(); m++) {
                        VolumeMount vm = mounts.get(m);
                        if (vm != null && Pods.str(vm.getName()).equals(Pods.str(v.getName()))
                                && !Pods.isTrue(vm.getReadOnly())) {
                            errors.add(Pods.invalid(c.path + ".volumeMounts[" + m + "].readOnly", false,
                                    "must be read-only"));
                        }
                    }
                }
            }
        }
        return errors;
    }
}
