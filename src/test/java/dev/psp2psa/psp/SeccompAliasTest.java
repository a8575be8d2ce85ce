package dev.psp2psa.psp;

import static dev.psp2psa.psp.Fixtures.container;
import static dev.psp2psa.psp.Fixtures.meta;
import static dev.psp2psa.psp.Fixtures.permissive;
import static dev.psp2psa.psp.Fixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The runtime-default alias of PSP's seccomp strategy: since kubernetes/kubernetes#95985 (1.20; #95990 in 1.19.4,
 * fixing #95817) {@code NewStrategy} in {@code pkg/security/podsecuritypolicy/seccomp/strategy.go} allows
 * {@code runtime/default} when {@code docker/default} is listed and the reverse. Before it, psp2psa took a
 * {@code docker/default}-only PSP (flannel's, EKS's) as admitting no pod, so its level came out restricted with no
 * reasons.
 */
class SeccompAliasTest {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();
    private static final SeccompRule RULE = new SeccompRule();

    private static PodSecurityPolicy dockerDefaultOnly() {
        PodSecurityPolicy psp = permissive();
        Map<String, String> a = new LinkedHashMap<>();
        a.put(SeccompRule.ALLOWED_KEY, "docker/default");
        a.put(SeccompRule.DEFAULT_KEY, "docker/default");
        psp.getMetadata().setAnnotations(a);
        return psp;
    }

    private static Pod pod(ObjectMeta meta, PodSpec spec) {
        Pod pod = new Pod();
        pod.setMetadata(meta);
        pod.setSpec(spec);
        return pod;
    }

    static PodSecurityPolicy flannel() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readValue(
                Path.of("src/test/resources/dev/psp2psa/psp/real/psp-flannel-unprivileged.yaml").toFile(),
                PodSecurityPolicy.class);
    }

    @Test
    void eitherNameAllowsBoth() {
        assertEquals(List.of("docker/default", "runtime/default"), SeccompRule.withAlias(List.of("docker/default")));
        assertEquals(List.of("runtime/default", "docker/default"), SeccompRule.withAlias(List.of("runtime/default")));
        assertEquals(List.of("runtime/default", "docker/default"),
                SeccompRule.withAlias(List.of("runtime/default", "docker/default")));
        assertEquals(List.of("localhost/a", ""), SeccompRule.withAlias(List.of("localhost/a", "")));
    }

    @Test
    void aDockerDefaultOnlyPspIsNoConfigurationError() {
        assertEquals(List.of(), RULE.configurationErrors(dockerDefaultOnly()));
    }

    /** Each form of the runtime default passes validation: annotations and fields, pod and container level. */
    @Test
    void runtimeDefaultPassesADockerDefaultOnlyPsp() {
        PodSecurityPolicy psp = dockerDefaultOnly();
        assertEquals(List.of(), RULE.validate(psp, pod(meta(SeccompRule.POD_KEY, "runtime/default"),
                spec(container("app")))));
        assertEquals(List.of(), RULE.validate(psp, pod(meta(SeccompRule.POD_KEY, "docker/default"),
                spec(container("app")))));
        PodSpec fields = spec(container("app"));
        fields.setSecurityContext(new PodSecurityContext());
        fields.getSecurityContext().setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
        assertEquals(List.of(), RULE.validate(psp, pod(meta(), fields)));
        assertFalse(RULE.validate(psp, pod(meta(SeccompRule.POD_KEY, "unconfined"), spec(container("app"))))
                .isEmpty());
    }

    /**
     * A pod without a profile is admitted: Generate writes docker/default, PrepareForCreate copies it into the
     * field as RuntimeDefault, and validation accepts both.
     */
    @Test
    void aPodWithoutProfileIsAdmittedWithTheDefault() {
        ObjectMeta meta = meta();
        PodSpec spec = spec(container("app"));
        Admission a = ANALYZER.admit(dockerDefaultOnly(), meta, spec);
        assertEquals(Map.of(), a.errors());
        assertEquals("docker/default", a.metadata().getAnnotations().get(SeccompRule.POD_KEY));
        // The API server turns the docker/default annotation into the RuntimeDefault field after PSP.
        assertEquals("RuntimeDefault",
                PodCreate.stored(a.metadata(), a.spec()).getSpec().getSecurityContext().getSeccompProfile().getType());
    }

    /**
     * flannel's PSP allows hostNetwork, hostPath and NET_ADMIN: its level is privileged, for those reasons, and the
     * reasons name no seccomp problem.
     */
    @Test
    void flannelsPspIsPrivilegedForItsHostAccess() throws IOException {
        PodSecurityPolicy psp = flannel();
        assertEquals(List.of(), ANALYZER.configurationErrors(psp));
        PspLevel level = ANALYZER.level(psp, Version.of(24));
        assertEquals(Level.PRIVILEGED, level.level());
        Set<String> fields = level.reasons().stream().map(PspLevel.Reason::field).collect(Collectors.toSet());
        assertTrue(fields.containsAll(Set.of("hostNetwork", "allowedCapabilities")), fields.toString());
        assertFalse(fields.contains(SeccompRule.ALLOWED_KEY), fields.toString());
    }
}
