package dev.psp2psa.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspDefault;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The values the Kyverno mutations write are the values PSP wrote, whatever separators they hold. */
class MutationValueTest {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();

    private static PodSecurityPolicy psp(String yaml) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readValue(yaml, PodSecurityPolicy.class);
    }

    private static Object value(PodSecurityPolicy psp, String path) {
        PspDefault d = ANALYZER.mutations(psp).stream().filter(m -> m.path().equals(path)).findFirst().orElseThrow();
        return MutationEmitter.value(d);
    }

    /**
     * selinux/mustrunas.go, mustRunAs.Generate writes the PSP's seLinuxOptions as they are: an MCS level with a
     * category list keeps its comma (it was cut to s0:c123 before).
     */
    @Test
    void anSeLinuxLevelKeepsItsCategories() throws Exception {
        PodSecurityPolicy psp = psp("""
                apiVersion: policy/v1beta1
                kind: PodSecurityPolicy
                metadata: {name: mcs}
                spec:
                  seLinux:
                    rule: MustRunAs
                    seLinuxOptions: {level: 's0:c123,c456', type: container_t}
                  runAsUser: {rule: RunAsAny}
                  supplementalGroups: {rule: RunAsAny}
                  fsGroup: {rule: RunAsAny}
                """);
        assertEquals(Map.of("level", "s0:c123,c456", "type", "container_t"),
                value(psp, "spec.securityContext.seLinuxOptions"));
    }

    /** capabilities.go, defaultCapabilities.Generate: the required drops as a sorted list (sets.String.List()). */
    @Test
    void requiredDropsAreAList() throws Exception {
        PodSecurityPolicy psp = psp("""
                apiVersion: policy/v1beta1
                kind: PodSecurityPolicy
                metadata: {name: drops}
                spec:
                  requiredDropCapabilities: [NET_RAW, ALL]
                  seLinux: {rule: RunAsAny}
                  runAsUser: {rule: RunAsAny}
                  supplementalGroups: {rule: RunAsAny}
                  fsGroup: {rule: RunAsAny}
                """);
        Object drop = ANALYZER.mutations(psp).stream().filter(m -> m.path().endsWith("capabilities.drop"))
                .map(MutationEmitter::value).findFirst().orElseThrow();
        assertEquals(List.of("ALL", "NET_RAW"), drop);
    }
}
