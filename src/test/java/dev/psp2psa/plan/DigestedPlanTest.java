package dev.psp2psa.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import dev.psp2psa.report.PlanJson;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Planning from digests (pods evaluated as they were read, as analyze and convert do) gives the plan of planning
 * from the whole objects, for every sample and several target versions.
 */
class DigestedPlanTest {

    private static final Path SAMPLES = Path.of("samples");

    @ParameterizedTest
    @ValueSource(strings = {"multi-tenant", "cluster", "authenticated-privileged", "failing-pods"})
    void aPlanFromDigestsIsThePlanFromWholeObjects(String sample) {
        for (Version v : List.of(Version.NEWEST, Version.of(24), Version.of(18))) {
            for (boolean users : List.of(false, true)) {
                PlanRequest request = new PlanRequest(v, new TreeSet<>(PlanRequest.DEFAULT_EXEMPT), users);
                List<String> paths = List.of(SAMPLES.resolve(sample).toString());
                Inventory whole = new InventoryReader().read(paths, InputStream.nullInputStream());
                Inventory digested = new InventoryReader().read(paths, InputStream.nullInputStream(),
                        WorkloadDigests.standard(v));
                assertFalse(digested.digests().isEmpty(), sample + " has workloads");
                assertTrue(digested.objects().stream().noneMatch(o -> Workload.of(o).isPresent()),
                        "no workload is kept whole");
                assertEquals(PlanJson.json(PlanBuilder.standard().build(whole, request)),
                        PlanJson.json(PlanBuilder.standard().build(digested, request)), sample + " at " + v);
            }
        }
    }

    @Test
    void digestsForAnotherTargetVersionAreRefused() {
        List<String> paths = List.of(SAMPLES.resolve("multi-tenant").toString());
        Inventory digested = new InventoryReader().read(paths, InputStream.nullInputStream(),
                WorkloadDigests.standard(Version.of(24)));
        PlanRequest request = new PlanRequest(Version.NEWEST, new TreeSet<>(), false);
        assertThrows(IllegalArgumentException.class, () -> PlanBuilder.standard().build(digested, request));
    }

    @Test
    void podsThatDifferOnlyInWhatNothingReadsShareTheirVerdictAndView() {
        WorkloadDigests digests = WorkloadDigests.standard(Version.NEWEST);
        PodSpec a = new PodSpecBuilder().addNewContainer().withName("app").withImage("nginx:1").endContainer()
                .withNodeName("node-1").build();
        PodSpec b = new PodSpecBuilder().addNewContainer().withName("app").withImage("nginx:2").endContainer()
                .withNodeName("node-2").build();
        PodDigest da = digests.digest(new Workload("Pod", "ns", "a", Source.of("f", 1), new ObjectMeta(), a));
        PodDigest db = digests.digest(new Workload("Pod", "ns", "b", Source.of("f", 2), new ObjectMeta(), b));
        assertSame(da.view(), db.view());
        assertSame(da.verdict(), db.verdict());
        assertEquals(Level.BASELINE, da.verdict().tightest());
        assertTrue(da.verdict().restrictedFailures().contains("runAsNonRoot"), da.verdict().toString());
        assertTrue(da.verdict().baselineFailures().isEmpty());
    }
}
