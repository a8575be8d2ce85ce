package dev.psp2psa.pss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.UncheckedIOException;

/** Pods written as YAML for the check tests, and assertions on check results. */
final class TestPods {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TestPods() {
    }

    /** Parses a pod from YAML (apiVersion and kind may be left out). */
    static Pod pod(String yaml) {
        try {
            return YAML.readValue(yaml, Pod.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CheckResult run(Check check, String podYaml, int minor) {
        Pod pod = pod(podYaml);
        return check.check(pod.getMetadata(), pod.getSpec(), Version.of(minor));
    }

    static void assertAllowed(CheckResult result) {
        assertTrue(result.allowed(), () -> "expected allowed, got " + result);
        assertEquals(CheckResult.ALLOWED, result);
    }

    static void assertForbidden(CheckResult result, String reason, String detail) {
        assertFalse(result.allowed(), "expected forbidden");
        assertEquals(reason, result.reason());
        assertEquals(detail, result.detail());
    }
}
