package dev.psp2psa.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.format.Json;
import dev.psp2psa.input.ClusterReader;
import dev.psp2psa.input.Duplicates;
import dev.psp2psa.input.InputRequest;
import dev.psp2psa.input.Inputs;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.WorkloadDigester;
import dev.psp2psa.psp.Generators;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import dev.psp2psa.report.CheckRenderer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code check} judging each pod as it is read ({@link CheckDigester}) gives byte for byte the report of the
 * whole-object path ({@link CheckService#check} over the objects kept whole): on every sample, with and without a
 * level, and on generated pods of which many share a spec (judged once, named each).
 */
class CheckStreamingTest {

    private static final CheckService SERVICE = CheckService.standard();

    static Stream<Path> samples() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            return s.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    private static Inventory read(List<String> paths, WorkloadDigester digester) {
        InputRequest request = new InputRequest(paths, InputStream.nullInputStream(), null, null, Map.of(),
                ClusterReader.DEFAULT_PAGE_SIZE, digester, Duplicates.KEEP);
        return Inputs.read(request, origin -> ClusterReader.Progress.NONE);
    }

    private static void assertSameReport(List<String> paths, CheckRequest request) {
        CheckReport whole = SERVICE.check(read(paths, null), request);
        Inventory streamed = read(paths, SERVICE.digester(request));
        assertTrue(streamed.objects().stream().noneMatch(o -> o.object() instanceof Pod),
                "the pods were digested, not kept");
        assertEquals(CheckRenderer.json(whole), CheckRenderer.json(SERVICE.check(streamed, request)), paths.toString());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleGivesTheSameReport(Path sample) {
        for (Optional<Level> level : List.of(Optional.<Level>empty(), Optional.of(Level.RESTRICTED),
                Optional.of(Level.BASELINE))) {
            assertSameReport(List.of(sample.toString()), new CheckRequest(level, Version.NEWEST));
        }
    }

    @Test
    void generatedPodsSharingSpecsGiveTheSameReport(@TempDir Path tmp) throws Exception {
        Random r = new Random(42);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Generators.PodParts parts = Generators.pod(r);
            for (int copy = 0; copy < 3; copy++) {
                Pod pod = new PodBuilder().withMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(
                        parts.meta()).withName("pod-" + i + "-" + copy).withNamespace("ns-" + (i % 4)).build())
                        .withSpec(parts.spec()).build();
                pod.setApiVersion("v1");
                pod.setKind("Pod");
                items.add(pod);
            }
        }
        Map<String, Object> list = Map.of("apiVersion", "v1", "kind", "List", "items", items);
        Path file = tmp.resolve("pods.json");
        Files.writeString(file, Json.mapper().writeValueAsString(list));
        assertSameReport(List.of(file.toString()), new CheckRequest(Optional.empty(), Version.NEWEST));
        assertSameReport(List.of(file.toString()), new CheckRequest(Optional.of(Level.RESTRICTED), Version.NEWEST));
    }
}
