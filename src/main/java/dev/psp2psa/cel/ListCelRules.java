package dev.psp2psa.cel;

import static dev.psp2psa.cel.PodCel.POD_SC;
import static dev.psp2psa.cel.PodCel.SPEC;
import static dev.psp2psa.cel.PodCel.allContainers;
import static dev.psp2psa.cel.PodCel.has;
import static dev.psp2psa.cel.PodCel.lit;

import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedHostPath;
import io.fabric8.kubernetes.api.model.policy.v1beta1.HostPortRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** The translators of the list rules: capabilities, hostPorts, sysctls, volumes, allowedHostPaths. */
final class ListCelRules {

    private ListCelRules() {
    }

    private record Rule(String id, Function<PodSecurityPolicy, Optional<CelPredicate>> f) implements CelRule {
        @Override
        public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
            return f.apply(psp);
        }
    }

    /**
     * {@code capabilities}: each container adds only allowed or default capabilities ({@code *} allows any) and drops
     * every required one; with default or required capabilities, its capabilities must be set (PSP validates the
     * capabilities it generated, so an unset capabilities field fails).
     */
    static CelRule capabilities() {
        return new Rule("capabilities", psp -> {
            PodSecurityPolicySpec spec = PspValues.spec(psp);
            List<String> defaultAdd = PspValues.list(spec.getDefaultAddCapabilities());
            List<String> allowed = PspValues.list(spec.getAllowedCapabilities());
            List<String> required = PspValues.list(spec.getRequiredDropCapabilities());
            boolean allowAll = allowed.contains("*");
            boolean needCaps = !defaultAdd.isEmpty() || !required.isEmpty();
            if (!needCaps && allowAll) {
                return Optional.empty();
            }
            String caps = "c.securityContext.capabilities";
            TreeSet<String> addable = new TreeSet<>(allowed);
            addable.addAll(defaultAdd);
            String addCheck = allowAll ? "true"
                    : addable.isEmpty() ? "!has(" + caps + ".add) || size(" + caps + ".add) == 0"
                    : "!has(" + caps + ".add) || " + caps + ".add.all(a, " + PodCel.in("a", addable) + ")";
            List<String> drop = new ArrayList<>();
            for (String r : new TreeSet<>(required)) {
                drop.add(lit(r) + " in " + caps + ".drop");
            }
            String dropCheck = required.isEmpty() ? "true" : "has(" + caps + ".drop) && " + String.join(" && ", drop);
            String present = has("c", "securityContext", "capabilities");
            String perContainer = needCaps ? PodCel.and(present, addCheck, dropCheck)
                    : "!(" + present + ") || " + PodCel.group(addCheck);
            List<String> sentence = new ArrayList<>();
            if (!allowAll) {
                sentence.add(addable.isEmpty() ? "forbids adding capabilities"
                        : "allows containers to add only the capabilities " + PodCel.list(addable));
            }
            if (!required.isEmpty()) {
                sentence.add("requires them to drop " + PodCel.list(required));
            }
            if (!defaultAdd.isEmpty()) {
                sentence.add("requires securityContext.capabilities to be set (it defaulted " + PodCel.list(defaultAdd)
                        + ")");
            }
            return Optional.of(CelPredicate.exact(allContainers(perContainer), PspValues.psp(psp) + " "
                    + String.join(" and ", sentence) + " (securityContext.capabilities)."));
        });
    }

    /**
     * {@code hostPorts}: every container port with a host port above 0 lies in a range. Ranges that cover 1-65535
     * admit every port the API server accepts, so they need no predicate.
     */
    static CelRule hostPorts() {
        return new Rule("hostPorts", psp -> {
            List<long[]> ranges = PspValues.list(PspValues.spec(psp).getHostPorts()).stream()
                    .map(r -> new long[] {min(r), max(r)}).toList();
            String covered = PspValues.inRanges("p", ranges);
            if (coversAllPorts(ranges)) {
                return Optional.empty();
            }
            String hp = "p.hostPort";
            String port = PodCel.or("!has(" + hp + ")", hp + " <= 0", PspValues.inRanges(hp, ranges));
            return Optional.of(CelPredicate.exact(allContainers("!has(c.ports) || c.ports.all(p, " + port + ")"),
                    PspValues.psp(psp) + (ranges.isEmpty() || covered.equals("false") ? " forbids host ports"
                            : " allows only the host ports " + PspValues.rangesText(ranges))
                            + " (spec.containers[*].ports[*].hostPort)."));
        });
    }

    private static long min(HostPortRange r) {
        return r.getMin() == null ? 0 : r.getMin();
    }

    private static long max(HostPortRange r) {
        return r.getMax() == null ? 0 : r.getMax();
    }

    private static boolean coversAllPorts(List<long[]> ranges) {
        long next = 1;
        List<long[]> sorted = new ArrayList<>(ranges.stream().filter(r -> r[0] <= r[1]).toList());
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] r : sorted) {
            if (r[0] <= next && r[1] >= next) {
                next = r[1] + 1;
            }
        }
        return next > 65535;
    }

    /** The safe sysctls of PSP admission (the kubelet's safe list in Kubernetes 1.24), as SysctlsRule. */
    static final Set<String> PSP_SAFE = dev.psp2psa.psp.PspNames.SAFE_SYSCTLS;

    /** Whether the sysctl name (a CEL string) matches one of the patterns (exact names, or prefixes ending in *). */
    private static String matches(String name, List<String> patterns) {
        TreeSet<String> exact = new TreeSet<>();
        TreeSet<String> prefixes = new TreeSet<>();
        for (String p : patterns) {
            if (p.endsWith("*")) {
                prefixes.add(p.substring(0, p.length() - 1));
            } else {
                exact.add(p);
            }
        }
        if (prefixes.contains("")) {
            return "true";
        }
        List<String> terms = new ArrayList<>();
        if (!exact.isEmpty()) {
            terms.add(PodCel.in(name, exact));
        }
        prefixes.forEach(p -> terms.add(name + ".startsWith(" + lit(p) + ")"));
        return PodCel.or(terms);
    }

    /**
     * {@code allowedUnsafeSysctls} and {@code forbiddenSysctls}: every pod sysctl is not forbidden, and is safe or
     * allowed.
     */
    static CelRule sysctls() {
        return new Rule("sysctls", psp -> {
            PodSecurityPolicySpec spec = PspValues.spec(psp);
            List<String> forbidden = PspValues.list(spec.getForbiddenSysctls());
            List<String> allowed = new ArrayList<>(PspValues.list(spec.getAllowedUnsafeSysctls()));
            String n = "(has(s.name) ? s.name : '')";
            List<String> ok = new ArrayList<>(PSP_SAFE);
            ok.addAll(allowed);
            String notForbidden = forbidden.isEmpty() ? "true" : "!(" + matches(n, forbidden) + ")";
            String permitted = matches(n, ok);
            String cond = PodCel.and(notForbidden, permitted);
            if (cond.equals("true")) {
                return Optional.empty();
            }
            String list = POD_SC + ".sysctls";
            List<String> sentence = new ArrayList<>();
            sentence.add("allows only the safe sysctls" + (allowed.isEmpty() ? "" : " and " + PodCel.list(allowed)));
            if (!forbidden.isEmpty()) {
                sentence.add("forbids " + PodCel.list(forbidden));
            }
            return Optional.of(CelPredicate.exact("!(" + has(SPEC, "securityContext", "sysctls") + ") || " + list + ".all(s, " + cond
                    + ")", PspValues.psp(psp) + " " + String.join(" and ", sentence)
                    + " (spec.securityContext.sysctls)."));
        });
    }

    /** PSP's volume type names and the pod's JSON keys for them (they differ only for cephFS). */
    static final Map<String, String> VOLUME_KEYS = new LinkedHashMap<>();

    static {
        for (String t : List.of("awsElasticBlockStore", "azureDisk", "azureFile", "cephFS", "cinder", "configMap",
                "csi", "downwardAPI", "emptyDir", "ephemeral", "fc", "flexVolume", "flocker", "gcePersistentDisk",
                "gitRepo", "glusterfs", "hostPath", "iscsi", "nfs", "persistentVolumeClaim", "photonPersistentDisk",
                "portworxVolume", "projected", "quobyte", "rbd", "scaleIO", "secret", "storageos", "vsphereVolume")) {
            VOLUME_KEYS.put(t, t.equals("cephFS") ? "cephfs" : t);
        }
    }

    /**
     * {@code volumes}: every volume's source is an allowed type. With {@code *}, only sources PSP does not know (the
     * image volume source) fail. A volume has one source (API validation); the API server defaults a volume without
     * one to emptyDir.
     */
    static CelRule volumes() {
        return new Rule("volumes", psp -> {
            List<String> allowed = PspValues.list(PspValues.spec(psp).getVolumes());
            if (allowed.contains("*")) {
                return Optional.of(CelPredicate.exact(PodCel.allVolumes("!has(v.image)"), PspValues.psp(psp)
                        + " allows every volume type PSP knows, which excludes image volumes (spec.volumes[*].image)."));
            }
            TreeSet<String> types = new TreeSet<>(allowed.stream().filter(VOLUME_KEYS::containsKey).toList());
            if (types.isEmpty()) {
                return Optional.of(CelPredicate.exact("!has(" + SPEC + ".volumes) || size(" + SPEC + ".volumes) == 0",
                        PspValues.psp(psp) + " allows no volumes (spec.volumes)."));
            }
            String any = PodCel.or(types.stream().map(t -> "has(v." + VOLUME_KEYS.get(t) + ")").toList());
            return Optional.of(CelPredicate.exact(PodCel.allVolumes(any), PspValues.psp(psp)
                    + " allows only the volume types " + PodCel.list(types) + " (spec.volumes)."));
        });
    }

    /** A path segment other than {@code .} and {@code ..}, as a RE2 pattern. */
    private static final String SEGMENT = "(?:[^/.][^/]*|\\.[^/.][^/]*|\\.\\.[^/]+)";
    /** A path in the form Go's path.Clean returns it (except "."), as a RE2 pattern. */
    static final String CLEAN_PATH = "^(?:/|/?" + SEGMENT + "(?:/" + SEGMENT + ")*)$";

    /** Whether the clean path (a CEL string) has the clean prefix at a segment boundary, as PSP's hasPathPrefix. */
    private static String hasPrefix(String path, String prefix) {
        if (prefix.endsWith("/")) {
            return path + ".startsWith(" + lit(prefix) + ")";
        }
        return path + " == " + lit(prefix) + " || " + path + ".startsWith(" + lit(prefix + "/") + ")";
    }

    /**
     * {@code allowedHostPaths}: every hostPath volume's path has an allowed prefix; when every matching prefix is
     * read-only, every mount of the volume is read-only. An approximation: CEL cannot clean paths, so only paths
     * already in clean form are admitted.
     */
    static CelRule allowedHostPaths() {
        return new Rule("allowedHostPaths", psp -> {
            List<AllowedHostPath> entries = PspValues.list(PspValues.spec(psp).getAllowedHostPaths());
            if (entries.isEmpty()) {
                return Optional.empty();
            }
            TreeSet<String> writable = new TreeSet<>();
            TreeSet<String> readOnly = new TreeSet<>();
            for (AllowedHostPath a : entries) {
                (PspValues.isTrue(a.getReadOnly()) ? readOnly : writable).add(dev.psp2psa.psp.HostPaths.cleanPath(PspValues.str(a.getPathPrefix())));
            }
            readOnly.removeAll(writable);
            String path = "(has(v.hostPath.path) ? v.hostPath.path : '')";
            String name = "(has(v.name) ? v.name : '')";
            String mountsReadOnly = allContainers("!has(c.volumeMounts) || c.volumeMounts.all(m, (has(m.name) ? m.name"
                    + " : '') != " + name + " || (has(m.readOnly) && m.readOnly))");
            List<String> options = new ArrayList<>();
            writable.forEach(p -> options.add(hasPrefix(path, p)));
            if (!readOnly.isEmpty()) {
                options.add(PodCel.and(PodCel.or(readOnly.stream().map(p -> hasPrefix(path, p)).toList()),
                        mountsReadOnly));
            }
            String cond = PodCel.and(path + ".matches(" + lit(CLEAN_PATH) + ")", PodCel.or(options));
            List<String> sentence = new ArrayList<>();
            if (!writable.isEmpty()) {
                sentence.add(PodCel.list(writable));
            }
            if (!readOnly.isEmpty()) {
                sentence.add(PodCel.list(readOnly) + " (mounted read-only)");
            }
            return Optional.of(CelPredicate.approximation(PodCel.allVolumes("!has(v.hostPath) || " + PodCel.group(cond)),
                    PspValues.psp(psp) + " allows hostPath volumes only under " + String.join(" and ", sentence)
                            + " (spec.volumes[*].hostPath.path, volumeMounts[*].readOnly).",
                    "CEL cannot clean paths as PSP did (Go path.Clean), so a host path that is not in clean form "
                            + "(a '.', '..' or empty segment, or a trailing '/') is rejected even where PSP allowed "
                            + "it after cleaning."));
        });
    }
}
