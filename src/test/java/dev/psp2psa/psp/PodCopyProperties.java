package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * {@link Pods#copy}: the copy equals the pod and shares nothing mutable with it, so that admission (which mutates
 * its copy deeply: security contexts, capabilities, annotations) never changes its input.
 */
class PodCopyProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 300)
    void aCopyIsEqualAndIndependent(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) throws Exception {
        Random r = new Random(seed);
        Generators.PodParts parts = Generators.pod(r);
        AdmissionViewProperties.decorate(parts, r);
        String before = JSON.writeValueAsString(parts);
        Pod copy = Pods.copy(parts.meta(), parts.spec());
        assertEquals(parts.meta(), copy.getMetadata());
        assertEquals(parts.spec(), copy.getSpec());
        assertEquals(JSON.writeValueAsString(parts.spec()), JSON.writeValueAsString(copy.getSpec()));
        // Change everything of the copy that admission may change, and more.
        for (int i = 0; i < 5; i++) {
            PodSecurityPolicy psp = Generators.psp(new Random(seed + i));
            for (PspRule rule : PspRuleRegistry.standard().all()) {
                rule.mutate(psp, copy);
            }
        }
        scribble(copy);
        assertEquals(before, JSON.writeValueAsString(parts), "the original must not change");
    }

    /** Changes every nested object, list and map of the pod in place. */
    private static void scribble(Pod pod) {
        Pods.annotations(pod, true).put("changed", "yes");
        if (pod.getMetadata().getLabels() != null) {
            pod.getMetadata().getLabels().put("changed", "yes");
        }
        Pods.podSc(pod, true).setRunAsUser(4242L);
        if (pod.getSpec().getSecurityContext().getSupplementalGroups() != null) {
            pod.getSpec().getSecurityContext().getSupplementalGroups().add(4242L);
        }
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        all.addAll(pod.getSpec().getInitContainers());
        for (Container c : all) {
            if (c.getSecurityContext() == null) {
                c.setSecurityContext(new SecurityContext());
            }
            c.getSecurityContext().setPrivileged(true);
            if (c.getSecurityContext().getCapabilities() == null) {
                c.getSecurityContext().setCapabilities(new Capabilities());
            }
            Capabilities caps = c.getSecurityContext().getCapabilities();
            if (caps.getAdd() != null) {
                caps.getAdd().add("CHANGED");
            }
            if (caps.getDrop() != null) {
                caps.getDrop().add("CHANGED");
            }
            if (c.getSecurityContext().getSeLinuxOptions() != null) {
                c.getSecurityContext().getSeLinuxOptions().setLevel("changed");
            }
            c.getVolumeMounts().forEach(m -> m.setReadOnly(true));
            c.getVolumeMounts().add(new VolumeMount());
            c.getEnv().clear();
            c.getPorts().forEach(p -> p.setHostPort(1));
            if (c.getResources() != null && c.getResources().getLimits() != null) {
                c.getResources().getLimits().put("changed", new Quantity("1"));
            }
        }
        for (Volume v : pod.getSpec().getVolumes()) {
            if (v.getHostPath() != null) {
                v.getHostPath().setPath("/changed");
            }
            v.setName("changed");
        }
        pod.getSpec().getTolerations().clear();
    }
}
