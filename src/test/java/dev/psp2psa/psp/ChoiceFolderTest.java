package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The multi-PSP cases of src/test/resources/dev/psp2psa/psp/choice/ (see its README): the PSP that must win for the
 * pod, and whether it had to mutate the pod, from admission.go's computeSecurityContext.
 */
class ChoiceFolderTest {

    private static final Path CHOICE = Path.of("src", "test", "resources", "dev", "psp2psa", "psp", "choice");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();

    @TestFactory
    Stream<DynamicTest> everyChoiceFolder() throws IOException {
        var dirs = Files.list(CHOICE).filter(Files::isDirectory).sorted().toList();
        assertFalse(dirs.isEmpty());
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> check(d)));
    }

    private static void check(Path dir) throws IOException {
        Map<String, PodSecurityPolicy> psps = new TreeMap<>();
        try (MappingIterator<PodSecurityPolicy> it = YAML.readerFor(PodSecurityPolicy.class)
                .readValues(dir.resolve("psps.yaml").toFile())) {
            for (PodSecurityPolicy p : it.readAll()) {
                assertEquals(java.util.List.of(), ANALYZER.configurationErrors(p), p.getMetadata().getName());
                psps.put(p.getMetadata().getName(), p);
            }
        }
        Pod submitted = YAML.readValue(dir.resolve("pod.yaml").toFile(), Pod.class);
        Pod pod = PodCreate.beforePsp(submitted.getMetadata(), submitted.getSpec(), null);
        PspChoice choice = PspChoice.choose(psps.keySet(),
                name -> ANALYZER.admit(psps.get(name), pod.getMetadata(), pod.getSpec()), pod.getMetadata(),
                pod.getSpec());
        String expected = Files.readString(dir.resolve("winner.txt")).strip();
        String actual = choice.psp() == null ? "none" : choice.psp() + (choice.mutated() ? " mutated" : " unchanged");
        assertEquals(expected, actual, dir + ": " + choice.denials());
    }
}
