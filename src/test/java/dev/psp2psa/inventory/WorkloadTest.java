package dev.psp2psa.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static Sourced<HasMetadata> sourced(HasMetadata o) {
        return new Sourced<>(o, Source.of("f.yaml", 3));
    }

    @Test
    void cronJobUsesTheJobTemplatesPodTemplate() {
        var cj = new CronJobBuilder().withNewMetadata().withName("nightly").withNamespace("batch").endMetadata()
                .withNewSpec().withSchedule("* * * * *").withNewJobTemplate().withNewSpec().withNewTemplate()
                .withNewMetadata().addToAnnotations("a", "b").endMetadata()
                .withNewSpec().withServiceAccountName("runner").withHostPID(true).endSpec()
                .endTemplate().endSpec().endJobTemplate().endSpec().build();
        Workload w = Workload.of(sourced(cj)).orElseThrow();
        assertEquals("CronJob", w.kind());
        assertEquals("batch", w.namespace());
        assertEquals("nightly", w.name());
        assertEquals(Boolean.TRUE, w.podSpec().getHostPID());
        assertEquals("b", w.podMetadata().getAnnotations().get("a"));
        assertEquals("runner", w.serviceAccount());
        assertEquals(Source.of("f.yaml", 3), w.source());
    }

    @Test
    void podWithoutNamespaceIsInDefaultAndRunsAsDefault() {
        var pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().endSpec().build();
        Workload w = Workload.of(sourced(pod)).orElseThrow();
        assertEquals("default", w.namespace());
        assertEquals("default", w.serviceAccount());
    }

    @Test
    void deploymentWithoutTemplateHasNoSpec() {
        var d = new DeploymentBuilder().withNewMetadata().withName("d").withNamespace("n").endMetadata()
                .withNewSpec().endSpec().build();
        Workload w = Workload.of(sourced(d)).orElseThrow();
        assertNull(w.podSpec());
    }

    @Test
    void namespacesAreNotWorkloads() {
        assertTrue(Workload.of(sourced(new NamespaceBuilder().withNewMetadata().withName("x").endMetadata().build()))
                .isEmpty());
    }
}
