package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * {@link AdmissionView}: PSP admission of a pod's view decides, errs and mutates exactly as admission of the whole
 * pod, for random PSPs and random pods that also carry what the view drops (names, images, environment, probes,
 * resources, scheduling, ConfigMap and Secret names, other annotations); and pods that differ only in that have
 * equal views.
 */
class AdmissionViewProperties {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();

    @Property(tries = 400)
    void admissionOfTheViewIsAdmissionOfThePod(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        Random r = new Random(seed);
        PodSecurityPolicy psp = Generators.psp(r);
        Generators.PodParts pod = Generators.pod(r);
        decorate(pod, r);
        AdmissionView view = AdmissionView.of(pod.meta(), pod.spec());

        Admission whole = ANALYZER.admit(psp, pod.meta(), pod.spec());
        Admission seen = ANALYZER.admit(psp, view.metadata(), view.spec());
        assertEquals(whole.allowed(), seen.allowed());
        // Errors about the token volume name it as the view does.
        assertEquals(whole.errors().toString().replaceAll("kube-api-access-[a-z0-9]{5}", "kube-api-access-xxxxx"),
                seen.errors().toString());
        assertEquals(AdmissionDiff.fieldsSetBy("Pod", pod.meta(), pod.spec(), whole),
                AdmissionDiff.fieldsSetBy("Pod", view.metadata(), view.spec(), seen));
    }

    /**
     * A pod whose first mount is of a ConfigMap and whose second is of a hostPath volume that must be read-only:
     * PSP's error names volumeMounts[1], and so must the view's (it once dropped the ConfigMap mount).
     */
    @net.jqwik.api.Example
    void theViewKeepsTheIndexOfEachMount() {
        admissionOfTheViewIsAdmissionOfThePod(245379L);
    }

    @Property(tries = 200)
    void podsThatDifferOnlyInWhatPspNeverReadsHaveEqualViews(
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        Generators.PodParts a = Generators.pod(new Random(seed));
        Generators.PodParts b = Generators.pod(new Random(seed));
        decorate(a, new Random(seed + 1));
        decorate(b, new Random(seed + 2));
        assertEquals(AdmissionView.of(a.meta(), a.spec()), AdmissionView.of(b.meta(), b.spec()));
    }

    @Property(tries = 100)
    void theViewDoesNotChangeThePod(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        Generators.PodParts pod = Generators.pod(new Random(seed));
        decorate(pod, new Random(seed + 1));
        Generators.PodParts same = Generators.pod(new Random(seed));
        decorate(same, new Random(seed + 1));
        AdmissionView.of(pod.meta(), pod.spec());
        assertEquals(same.spec(), pod.spec());
        assertEquals(same.meta(), pod.meta());
    }

    @org.junit.jupiter.api.Test
    void securityFieldsAreKept() {
        Generators.PodParts pod = Generators.pod(new Random(7));
        PodSpec spec = pod.spec();
        spec.setHostNetwork(true);
        spec.setContainers(new ArrayList<>(List.of(new Container())));
        spec.getContainers().get(0).setName("app");
        spec.getContainers().get(0).setImage("nginx");
        AdmissionView view = AdmissionView.of(pod.meta(), spec);
        assertEquals(Boolean.TRUE, view.spec().getHostNetwork());
        assertEquals("app", view.spec().getContainers().get(0).getName());
        assertNull(view.spec().getContainers().get(0).getImage());
        PodSpec other = AdmissionView.of(pod.meta(), spec).spec();
        other.setHostNetwork(false);
        assertNotEquals(view, new AdmissionView(view.metadata(), other));
    }

    /** Adds, at random, what PSP admission never reads. */
    static void decorate(Generators.PodParts pod, Random r) {
        ObjectMeta meta = pod.meta();
        meta.setName("pod-" + r.nextInt(1000));
        meta.setNamespace("ns-" + r.nextInt(5));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", "a" + r.nextInt(10));
        meta.setLabels(labels);
        Map<String, String> annotations = meta.getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(meta.getAnnotations());
        annotations.put("prometheus.io/port", Integer.toString(r.nextInt(10000)));
        meta.setAnnotations(annotations);
        PodSpec spec = pod.spec();
        spec.setNodeName("node-" + r.nextInt(100));
        spec.setHostname("host-" + r.nextInt(100));
        spec.setTolerations(new ArrayList<>(List.of(new Toleration("NoExecute", "k" + r.nextInt(3), "Exists", 300L,
                null))));
        spec.setPriority(r.nextInt(3));
        List<Container> all = new ArrayList<>(spec.getContainers() == null ? List.of() : spec.getContainers());
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        for (Container c : all) {
            c.setImage("registry.example/" + r.nextInt(100) + ":" + r.nextInt(9));
            c.setEnv(new ArrayList<>(List.of(new EnvVar("A", "v" + r.nextInt(1000), null))));
            c.setArgs(new ArrayList<>(List.of("--x=" + r.nextInt(5))));
            Probe probe = new ProbeBuilder().withPeriodSeconds(1 + r.nextInt(10)).build();
            c.setReadinessProbe(probe);
            c.setResources(new ResourceRequirements(null, Map.of("cpu", new Quantity(r.nextInt(4) + 1 + "")),
                    null));
        }
        {
            // The service account token volume, under a generated name, mounted by every container.
            String token = "kube-api-access-" + Integer.toString(36 * 36 * 36 * 36 + r.nextInt(1_000_000), 36)
                    .substring(0, 5);
            List<Volume> volumes = new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
            volumes.add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(token).withNewProjected()
                    .addNewSource().withNewServiceAccountToken().withPath("token").endServiceAccountToken()
                    .endSource().endProjected().build());
            spec.setVolumes(volumes);
            for (Container c : all) {
                List<io.fabric8.kubernetes.api.model.VolumeMount> mounts = new ArrayList<>(
                        c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts());
                mounts.add(new io.fabric8.kubernetes.api.model.VolumeMount("/var/run/secrets/kubernetes.io/"
                        + "serviceaccount", null, token, true, null, null, null));
                c.setVolumeMounts(mounts);
            }
        }
        if (spec.getVolumes() != null) {
            for (Volume v : spec.getVolumes()) {
                if (v.getConfigMap() != null) {
                    v.setConfigMap(new ConfigMapVolumeSource(r.nextInt(500), null, "cm-" + r.nextInt(100),
                            null));
                }
                if (v.getSecret() != null) {
                    v.setSecret(new SecretVolumeSource(420, null, null, "s-" + r.nextInt(100)));
                }
            }
        }
    }
}
