package dev.psp2psa.psp;

import dev.psp2psa.pss.Level;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The gap machinery shared by the rules: the base pod that gap witnesses are edited from, and the pods the gap
 * definition ranges over ({@link PspAnalyzer#gapWitness} searches them). A gap of a rule at a level is a pod in scope that passes PSS at that
 * level and version and that the rule rejects after the PSP's mutation.
 */
public final class Gaps {

    private Gaps() {
    }

    /** One thing a rule restricts: a phrase (no period), and edits of {@link #basePod()} that may show it. */
    record Part(String text, List<Consumer<Pod>> probes) {

        Part {
            probes = List.copyOf(probes);
        }

        Part(String text, Consumer<Pod> probe) {
            this(text, List.of(probe));
        }
    }

    /**
     * A pod that passes PSS restricted at every version: one container {@code app} dropping ALL capabilities without
     * privilege escalation, runAsNonRoot and the RuntimeDefault seccomp profile at pod level.
     */
    public static Pod basePod() {
        ObjectMeta meta = new ObjectMeta();
        meta.setName("gap-witness");
        PodSpec spec = new PodSpec();
        PodSecurityContext psc = new PodSecurityContext();
        psc.setRunAsNonRoot(true);
        psc.setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
        spec.setSecurityContext(psc);
        Container app = new Container();
        app.setName("app");
        app.setImage("registry.example/app:1.0");
        SecurityContext sc = new SecurityContext();
        sc.setAllowPrivilegeEscalation(false);
        Capabilities caps = new Capabilities();
        caps.setDrop(new ArrayList<>(List.of("ALL")));
        sc.setCapabilities(caps);
        app.setSecurityContext(sc);
        spec.setContainers(new ArrayList<>(List.of(app)));
        return Pods.copy(meta, spec);
    }

    /**
     * Whether the gap definition ranges over the pod: it is a valid API object in the ways PSP admission's model
     * relies on ({@link PodCreate#validate} finds nothing, a Windows pod sets no Linux-only security field, a HostProcess pod sets hostNetwork, AppArmor
     * annotations name existing containers, seccomp annotations agree with the fields), and every volume has a
     * source PSP knows ({@code image} volumes postdate PSP, so their rejection is not a PSP restriction).
     */
    public static boolean inScope(ObjectMeta metadata, PodSpec spec) {
        Pod pod = Pods.copy(metadata, spec);
        PodSpec s = pod.getSpec();
        if (!PodCreate.validate(pod).isEmpty()) {
            return false;
        }
        for (Volume v : Nulls.nonNull(s.getVolumes())) {
            if (v != null && VolumeTypes.typeOf(v).isEmpty()) {
                return false;
            }
        }
        if (s.getOs() != null && "windows".equals(s.getOs().getName()) && setsLinuxFields(pod)) {
            return false;
        }
        if (hostProcess(pod) && !Nulls.isTrue(s.getHostNetwork())) {
            return false;
        }
        Set<String> names = Pods.containers(pod).stream().map(Pods.Ref::name).collect(Collectors.toSet());
        Map<String, String> annotations = Pods.annotations(pod, false);
        for (String key : annotations.keySet()) {
            if (key.startsWith(AppArmorRule.CONTAINER_PREFIX)
                    && !names.contains(key.substring(AppArmorRule.CONTAINER_PREFIX.length()))) {
                return false;
            }
        }
        PodSecurityContext psc = s.getSecurityContext();
        if (psc != null && !seccompAgrees(psc.getSeccompProfile(), annotations.get(SeccompRule.POD_KEY))) {
            return false;
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            if (c.sc() != null && !seccompAgrees(c.sc().getSeccompProfile(),
                    annotations.get(SeccompRule.CONTAINER_PREFIX + c.name()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean seccompAgrees(SeccompProfile field, String annotation) {
        if (field == null || annotation == null) {
            return true;
        }
        String fromField = SeccompRule.annotationFor(field);
        return fromField.equals(annotation)
                || (fromField.equals("runtime/default") && annotation.equals("docker/default"));
    }

    private static boolean hostProcess(Pod pod) {
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        if (psc != null && hostProcess(psc.getWindowsOptions())) {
            return true;
        }
        return Pods.containers(pod).stream().anyMatch(c -> c.sc() != null && hostProcess(c.sc().getWindowsOptions()));
    }

    private static boolean hostProcess(WindowsSecurityContextOptions o) {
        return o != null && Nulls.isTrue(o.getHostProcess());
    }

    /** The fields the API server forbids on Windows pods (spec.os.name: windows) that PSP rules read. */
    private static boolean setsLinuxFields(Pod pod) {
        PodSecurityContext p = pod.getSpec().getSecurityContext();
        if (p != null && (p.getSeLinuxOptions() != null || p.getSeccompProfile() != null || p.getFsGroup() != null
                || !Nulls.nonNull(p.getSysctls()).isEmpty() || p.getRunAsUser() != null || p.getRunAsGroup() != null
                || !Nulls.nonNull(p.getSupplementalGroups()).isEmpty() || p.getAppArmorProfile() != null)) {
            return true;
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            SecurityContext sc = c.sc();
            if (sc != null && (sc.getSeLinuxOptions() != null || sc.getSeccompProfile() != null
                    || sc.getCapabilities() != null || sc.getReadOnlyRootFilesystem() != null
                    || sc.getPrivileged() != null || sc.getAllowPrivilegeEscalation() != null
                    || sc.getProcMount() != null || sc.getRunAsUser() != null || sc.getRunAsGroup() != null
                    || sc.getAppArmorProfile() != null)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the rule rejects the pod after the rule's mutation (the pod itself is not changed). */
    static boolean rejects(PspRule rule, PodSecurityPolicy psp, Pod pod) {
        Pod mutated = Pods.copy(pod);
        rule.mutate(psp, mutated);
        return !rule.validate(psp, mutated).isEmpty();
    }

    /** Values joined with commas, in the given order; an empty value shows as {@code ""}. */
    static String list(Collection<String> values) {
        return values.stream().map(Gaps::shown).collect(Collectors.joining(", "));
    }

    /** Values joined with commas and a final "and"; an empty value shows as {@code ""}. */
    static String and(List<String> values) {
        List<String> shown = values.stream().map(Gaps::shown).toList();
        if (shown.size() <= 1) {
            return String.join("", shown);
        }
        return String.join(", ", shown.subList(0, shown.size() - 1)) + " and " + shown.get(shown.size() - 1);
    }

    private static String shown(String value) {
        return value.isEmpty() ? "\"\"" : value;
    }

    /** The level's name for sentences. */
    static String name(Level level) {
        return Objects.requireNonNull(level, "level").id();
    }
}
