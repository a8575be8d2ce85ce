package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code allowedHostPaths}: the host path prefixes hostPath volumes may use, some read-only; no opinion. */
final class AllowedHostPathsRule extends AbstractRule {

    AllowedHostPathsRule() {
        super("allowedHostPaths", List.of("allowedHostPaths"), List.of(), List.of(),
                "The path prefixes hostPath volumes may use, and which of them must be mounted read-only.", false);
    }

    @Override
    public List<String> configurationErrors(PodSecurityPolicy psp) {
        return SpecValidation.hostPaths(Psps.spec(psp)).stream().map(e -> "allowedHostPaths: " + e).toList();
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
            paths.add(Nulls.str(a.getPathPrefix()));
            paths.add(HostPaths.cleanPath(Nulls.str(a.getPathPrefix())) + "-psp2psa");
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
                .map(a -> (Nulls.str(a.getPathPrefix()).isEmpty() ? "\"\"" : a.getPathPrefix())
                        + (Nulls.isTrue(a.getReadOnly()) ? " (read-only)" : ""))
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
            if (hasPathPrefix(hostPath, Nulls.str(a.getPathPrefix()))) {
                if (!Nulls.isTrue(a.getReadOnly())) {
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
        List<Volume> volumes = Nulls.nonNull(pod.getSpec().getVolumes());
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            if (v == null || v.getHostPath() == null) {
                continue;
            }
            String hostPath = Nulls.str(v.getHostPath().getPath());
            boolean[] allows = allows(psp, hostPath);
            if (!allows[0]) {
                errors.add(Pods.invalid("spec.volumes[" + i + "].hostPath.pathPrefix", hostPath,
                        "is not allowed to be used"));
            } else if (allows[1]) {
                for (Pods.Ref c : Pods.containers(pod)) {
                    List<VolumeMount> mounts = c.mounts();
                    for (int m = 0; m < mounts.size(); m++) {
                        VolumeMount vm = mounts.get(m);
                        if (vm != null && Nulls.str(vm.getName()).equals(Nulls.str(v.getName()))
                                && !Nulls.isTrue(vm.getReadOnly())) {
                            errors.add(Pods.invalid(c.path + ".volumeMounts[" + m + "].readOnly", false,
                                    "must be read-only"));
                        }
                    }
                }
            }
        }
        return errors;
    }

    /** A path segment other than {@code .} and {@code ..}, as a RE2 pattern. */
    private static final String SEGMENT = "(?:[^/.][^/]*|\\.[^/.][^/]*|\\.\\.[^/]+)";
    /** A path in the form Go's path.Clean returns it (except "."), as a RE2 pattern. */
    static final String CLEAN_PATH = "^(?:/|/?" + SEGMENT + "(?:/" + SEGMENT + ")*)$";

    /** Whether the clean path (a CEL string) has the clean prefix at a segment boundary, as {@link #hasPathPrefix}. */
    private static String celHasPrefix(String path, String prefix) {
        if (prefix.endsWith("/")) {
            return path + ".startsWith(" + PodCel.lit(prefix) + ")";
        }
        return path + " == " + PodCel.lit(prefix) + " || " + path + ".startsWith(" + PodCel.lit(prefix + "/") + ")";
    }

    /**
     * Every hostPath volume's path has an allowed prefix; when every matching prefix is read-only, every mount of the
     * volume is read-only. An approximation: CEL cannot clean paths, so only paths already in clean form are
     * admitted.
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        List<AllowedHostPath> entries = Psps.list(Psps.spec(psp).getAllowedHostPaths());
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> writable = new TreeSet<>();
        TreeSet<String> readOnly = new TreeSet<>();
        for (AllowedHostPath a : entries) {
            (Nulls.isTrue(a.getReadOnly()) ? readOnly : writable).add(HostPaths.cleanPath(Nulls.str(a.getPathPrefix())));
        }
        readOnly.removeAll(writable);
        String path = "(has(v.hostPath.path) ? v.hostPath.path : '')";
        String name = "(has(v.name) ? v.name : '')";
        String mountsReadOnly = PodCel.allContainers("!has(c.volumeMounts) || c.volumeMounts.all(m, (has(m.name) ? "
                + "m.name : '') != " + name + " || (has(m.readOnly) && m.readOnly))");
        List<String> options = new ArrayList<>();
        writable.forEach(p -> options.add(celHasPrefix(path, p)));
        if (!readOnly.isEmpty()) {
            options.add(PodCel.and(PodCel.or(readOnly.stream().map(p -> celHasPrefix(path, p)).toList()),
                    mountsReadOnly));
        }
        String cond = PodCel.and(path + ".matches(" + PodCel.lit(CLEAN_PATH) + ")", PodCel.or(options));
        List<String> sentence = new ArrayList<>();
        if (!writable.isEmpty()) {
            sentence.add(PodCel.list(writable));
        }
        if (!readOnly.isEmpty()) {
            sentence.add(PodCel.list(readOnly) + " (mounted read-only)");
        }
        return Optional.of(CelPredicate.approximation(PodCel.allVolumes("!has(v.hostPath) || " + PodCel.group(cond)),
                Psps.named(psp) + " allows hostPath volumes only under " + String.join(" and ", sentence)
                        + " (spec.volumes[*].hostPath.path, volumeMounts[*].readOnly).",
                "CEL cannot clean paths as PSP did (Go path.Clean), so a host path that is not in clean form "
                        + "(a '.', '..' or empty segment, or a trailing '/') is rejected even where PSP allowed "
                        + "it after cleaning."));
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPHostFilesystem"));
    }

    /** The prefixes any PSP allows, read-only when every PSP that lists it does; empty when some PSP lists none. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        TreeMap<String, Boolean> prefixes = new TreeMap<>();
        for (PodSecurityPolicy p : psps) {
            List<AllowedHostPath> allowed = Psps.list(Psps.spec(p).getAllowedHostPaths());
            if (allowed.isEmpty()) {
                return Optional.empty();
            }
            allowed.forEach(a -> prefixes.merge(a.getPathPrefix(), Boolean.TRUE.equals(a.getReadOnly()),
                    Boolean::logicalAnd));
        }
        List<Object> out = new ArrayList<>();
        prefixes.forEach((prefix, readOnly) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pathPrefix", prefix);
            m.put("readOnly", readOnly);
            out.add(m);
        });
        return Optional.of(LibraryParameters.of(Map.of("allowedHostPaths", out)));
    }
}
