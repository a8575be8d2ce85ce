package dev.psp2psa.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelEvaluatorTest {

    private final CelEvaluator evaluator = new CelEvaluator();

    @Test
    void convertsPodsToPlainMapsWithoutNulls() {
        Pod pod = new Pod();
        pod.setMetadata(new ObjectMeta());
        pod.setSpec(new PodSpec());
        Container c = new Container();
        c.setName("c");
        ContainerPort port = new ContainerPort();
        port.setContainerPort(80);
        c.setPorts(List.of(port));
        List<Container> containers = new ArrayList<>();
        containers.add(c);
        containers.add(null);
        pod.getSpec().setContainers(containers);
        Volume v = new Volume();
        v.setName("v");
        pod.getSpec().setVolumes(List.of(v));
        Map<String, Object> object = CelEvaluator.toObject(pod);
        assertEquals(Map.of("containers", List.of(Map.of("name", "c", "ports", List.of(Map.of("containerPort", 80L)))),
                "volumes", List.of(Map.of("name", "v", "emptyDir", Map.of()))), object.get("spec"));
        assertTrue(evaluator.evaluate("object.spec.containers[0].ports[0].containerPort == 80", pod));
        assertFalse(evaluator.evaluate("has(object.spec.hostNetwork)", pod));
    }

    @Test
    void compileErrorsAndEvaluationErrorsAreClear() {
        CelEvaluator.CelError compile = assertThrows(CelEvaluator.CelError.class, () -> evaluator.compile("1 +"));
        assertTrue(compile.getMessage().startsWith("CEL does not compile"), compile.getMessage());
        assertThrows(CelEvaluator.CelError.class, () -> evaluator.compile("'not a boolean'"));
        CelEvaluator.CelError eval = assertThrows(CelEvaluator.CelError.class,
                () -> evaluator.evaluate("object.spec.securityContext.privileged", Map.of("spec", Map.of())));
        assertTrue(eval.getMessage().startsWith("CEL evaluation failed"), eval.getMessage());
    }

    @Test
    void cachesPrograms() {
        String e = "has(object.metadata)";
        for (int i = 0; i < 3; i++) {
            assertTrue(evaluator.evaluate(e, Map.of("metadata", Map.of())));
        }
    }

    @Test
    void anchoredMatchesBehaveTheSameForFullAndPartialMatch() {
        assertTrue(evaluator.evaluate("'s0:c1,c2'.matches('^s0:(?:c1|c2)(?:,(?:c1|c2))*,*$')", Map.of()));
        assertFalse(evaluator.evaluate("'xs0:c1'.matches('^s0:(?:c1|c2)(?:,(?:c1|c2))*,*$')", Map.of()));
    }
}
