package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The gap definition, for random PSPs, levels and versions: a rule reports a restriction beyond a level exactly when
 * some pod passes the level and the rule (after the PSP's mutation) rejects it. When it reports one, its witness is
 * such a pod; when it reports none, no sampled pod in scope that passes the level is rejected by the rule.
 */
class PspGapProperties {

    static final List<Version> VERSIONS = List.of(Version.NEWEST, Version.of(34), Version.of(24), Version.of(22),
            Version.of(18), Version.of(7));
    private static final PspRuleRegistry RULES = PspRuleRegistry.standard();
    private static final PodSecurityEvaluator PSS = PodSecurityEvaluator.standard();
    private static final int PODS = 12;

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Sets what restricted asks of a pod where the pod leaves it unset, so that more sampled pods pass it. */
    static void harden(Pod pod) {
        Pods.podSc(pod, true);
        if (pod.getSpec().getSecurityContext().getRunAsNonRoot() == null) {
            pod.getSpec().getSecurityContext().setRunAsNonRoot(true);
        }
        if (pod.getSpec().getSecurityContext().getSeccompProfile() == null) {
            pod.getSpec().getSecurityContext().setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            if (c.sc(true).getAllowPrivilegeEscalation() == null) {
                c.sc().setAllowPrivilegeEscalation(false);
            }
            if (c.sc().getCapabilities() == null) {
                Capabilities caps = new Capabilities();
                caps.setDrop(new ArrayList<>(List.of("ALL")));
                c.sc().setCapabilities(caps);
            }
        }
    }

    /** One random edit of a pod that passes restricted, touching the fields of one rule. */
    static void tweak(Random r, Pod pod) {
        io.fabric8.kubernetes.api.model.SecurityContext sc = AbstractRule.firstContainerSc(pod);
        switch (r.nextInt(17)) {
            case 0 -> sc.getCapabilities().setAdd(new ArrayList<>(List.of(Generators.pick(r, "NET_BIND_SERVICE",
                    "CHOWN", "SYS_ADMIN", "KILL", "NET_RAW"))));
            case 1 -> {
                String type = Generators.pick(r, VolumeTypes.names().toArray(new String[0]));
                io.fabric8.kubernetes.api.model.Volume v = VolumeTypes.volume("v" + r.nextInt(3), type);
                if (v.getHostPath() != null) {
                    v.getHostPath().setPath(Generators.pick(r, "/var/log/app", "/etc", "/data/x", "/", "/proc"));
                    io.fabric8.kubernetes.api.model.VolumeMount m = new io.fabric8.kubernetes.api.model.VolumeMount();
                    m.setName(v.getName());
                    m.setMountPath("/mnt");
                    m.setReadOnly(Generators.pick(r, null, true, false));
                    pod.getSpec().getContainers().get(0).setVolumeMounts(new ArrayList<>(List.of(m)));
                }
                if (v.getCsi() != null) {
                    v.getCsi().setDriver(Generators.pick(r, "csi.example.com", "other.csi"));
                }
                if (v.getFlexVolume() != null) {
                    v.getFlexVolume().setDriver(Generators.pick(r, "example.com/flex", "other/flex"));
                }
                VolumesRule.addVolume(pod, v);
            }
            case 2 -> sc.setRunAsUser(Generators.pick(r, 0L, 1L, 50L, 100L, 101L, 1000L, 1500L, 2001L, 5000L));
            case 3 -> pod.getSpec().setHostUsers(false);
            case 4 -> Pods.podSc(pod, true).setRunAsNonRoot(Generators.pick(r, false, null));
            case 5 -> sc.setRunAsGroup(Generators.pick(r, 0L, 1L, 50L, 1000L, 5000L));
            case 6 -> Pods.podSc(pod, true).setFsGroup(Generators.pick(r, 0L, 1L, 50L, 1000L, 5000L));
            case 7 -> Pods.podSc(pod, true).setSupplementalGroups(new ArrayList<>(List.of(
                    Generators.pick(r, 0L, 1L, 50L, 1000L, 5000L))));
            case 8 -> pod.getSpec().setRuntimeClassName(Generators.pick(r, "gvisor", "runc", "kata"));
            case 9 -> Pods.podSc(pod, true).setSeLinuxOptions(Generators.pick(r,
                    new io.fabric8.kubernetes.api.model.SELinuxOptions(null, null, "container_t", null),
                    new io.fabric8.kubernetes.api.model.SELinuxOptions("s0:c1,c2", null, null, null),
                    new io.fabric8.kubernetes.api.model.SELinuxOptions("s0:c2,c1", null, "container_t", null),
                    new io.fabric8.kubernetes.api.model.SELinuxOptions(null, null, "container_engine_t", null)));
            case 10 -> {
                String profile = Generators.pick(r, "runtime/default", "localhost/profile", "localhost/x",
                        "unconfined", "docker/default", "");
                if (profile.isEmpty()) {
                    Pods.podSc(pod, true).setSeccompProfile(null);
                    Pods.annotations(pod, true).remove(SeccompRule.POD_KEY);
                } else {
                    SeccompRule.setPodProfile(pod, profile);
                }
            }
            case 11 -> Pods.annotations(pod, true).put(AppArmorRule.CONTAINER_PREFIX + "app",
                    Generators.pick(r, "runtime/default", "localhost/x", "localhost/other", "unconfined"));
            case 12 -> Pods.podSc(pod, true).setSysctls(new ArrayList<>(List.of(new io.fabric8.kubernetes.api.model
                    .Sysctl(Generators.pick(r, "kernel.shm_rmid_forced", "net.ipv4.tcp_keepalive_time",
                            "net.ipv4.ip_local_reserved_ports", "kernel.msgmax", "net.core.somaxconn",
                            "net.ipv4.tcp_rmem"), "1"))));
            case 13 -> sc.setProcMount(Generators.pick(r, "Unmasked", "Default"));
            case 14 -> sc.setAllowPrivilegeEscalation(Generators.pick(r, true, null));
            case 15 -> sc.setReadOnlyRootFilesystem(Generators.pick(r, false, true));
            default -> {
                io.fabric8.kubernetes.api.model.ContainerPort cp = new io.fabric8.kubernetes.api.model.ContainerPort();
                cp.setContainerPort(8080);
                cp.setHostPort(Generators.pick(r, 80, 8080, 8500, 1));
                pod.getSpec().getContainers().get(0).setPorts(new ArrayList<>(List.of(cp)));
                sc.setPrivileged(r.nextBoolean() ? true : null);
                pod.getSpec().setHostNetwork(r.nextBoolean() ? true : null);
            }
        }
    }

    /**
     * Random pods (some conformed to the PSP's rules, some hardened), the restricted base pod with one to three
     * random edits, and every rule's gap witness.
     */
    static List<Pod> samples(Random r, PodSecurityPolicy psp, Level level, Version v) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < PODS; i++) {
            Generators.PodParts parts = Generators.pod(r);
            Pod pod = Pods.copy(parts.meta(), parts.spec());
            if (r.nextBoolean()) {
                RULES.all().forEach(rule -> rule.prepare(psp, pod));
            }
            if (r.nextBoolean()) {
                harden(pod);
            }
            pods.add(pod);
        }
        for (int i = 0; i < PODS; i++) {
            Pod pod = Gaps.basePod();
            int edits = 1 + r.nextInt(3);
            for (int e = 0; e < edits; e++) {
                tweak(r, pod);
            }
            pods.add(pod);
        }
        for (PspRule rule : RULES.all()) {
            PspAnalyzer.standard().gapWitness(rule, psp, level, v).ifPresent(pods::add);
        }
        return pods;
    }

    @Property(tries = 300)
    void aGapHasAWitnessAndNoGapMeansNoRejection(@ForAll("seeds") long seed) {
        Random r = new Random(seed);
        PodSecurityPolicy psp = Generators.psp(r);
        Level level = Generators.pick(r, Level.values());
        Version v = VERSIONS.get(r.nextInt(VERSIONS.size()));
        boolean admitsNoPod = !PspAnalyzer.standard().configurationErrors(psp).isEmpty();
        List<Pod> samples = samples(r, psp, level, v);
        List<Pod> passing = samples.stream()
                .filter(p -> Gaps.inScope(p.getMetadata(), p.getSpec()))
                .filter(p -> PSS.evaluate(p, level, v).allowed()).toList();
        Statistics.label("sampled pods passing the level").collect(passing.size() - RULES.all().stream()
                .filter(rule -> PspAnalyzer.standard().gapWitness(rule, psp, level, v).isPresent()).count());
        for (PspRule rule : RULES.all()) {
            Optional<String> gap = PspAnalyzer.standard().restriction(rule, psp, level, v);
            Optional<Pod> witness = PspAnalyzer.standard().gapWitness(rule, psp, level, v);
            Statistics.label("gap").collect(rule.id(), level, gap.isPresent());
            assertEquals(gap.isPresent(), witness.isPresent(), rule.id());
            if (admitsNoPod) {
                assertTrue(gap.isEmpty(), rule.id());
                continue;
            }
            if (gap.isPresent()) {
                String text = gap.get();
                assertTrue(text.endsWith(".") && !text.substring(0, text.length() - 1).contains(". "), text);
                Pod w = witness.get();
                assertTrue(Gaps.inScope(w.getMetadata(), w.getSpec()), rule.id());
                assertTrue(PSS.evaluate(w, level, v).allowed(), () -> rule.id() + " witness fails " + level + " " + v
                        + "\n" + new Witness(w.getMetadata(), w.getSpec(), "").yaml());
                assertFalse(validateAfterMutation(rule, psp, w).isEmpty(), () -> rule.id() + " admits its witness: "
                        + text + "\n" + new Witness(w.getMetadata(), w.getSpec(), "").yaml());
                continue;
            }
            for (Pod pod : passing) {
                List<String> errors = validateAfterMutation(rule, psp, pod);
                assertEquals(List.of(), errors, () -> rule.id() + " reports no gap at " + level + " " + v
                        + " for PSP " + psp.getSpec() + " " + psp.getMetadata().getAnnotations() + " but rejects\n"
                        + new Witness(pod.getMetadata(), pod.getSpec(), "").yaml());
            }
        }
    }

    private static List<String> validateAfterMutation(PspRule rule, PodSecurityPolicy psp, Pod pod) {
        Pod mutated = Pods.copy(pod);
        rule.mutate(psp, mutated);
        return rule.validate(psp, mutated);
    }
}
