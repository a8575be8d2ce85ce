package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.format.Json;
import dev.psp2psa.input.ClusterReader;
import dev.psp2psa.input.Duplicates;
import dev.psp2psa.input.InputRequest;
import dev.psp2psa.input.Inputs;
import dev.psp2psa.input.PolicyDirReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.PolicySet;
import dev.psp2psa.inventory.WorkloadDigester;
import dev.psp2psa.plan.PlanRequest;
import dev.psp2psa.psp.Generators;
import dev.psp2psa.pss.Version;
import dev.psp2psa.report.PolicyReportRenderer;
import dev.psp2psa.report.SarifRenderer;
import dev.psp2psa.report.VerifyRenderer;
import dev.psp2psa.verify.FirstRead;
import dev.psp2psa.verify.VerifyDigester;
import dev.psp2psa.verify.VerifyReport;
import dev.psp2psa.verify.VerifyRequest;
import dev.psp2psa.verify.VerifyService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code verify} reading its input twice and judging each pod as it is read ({@link VerifyDigester}) gives byte for
 * byte the report of the whole-object path ({@link VerifyService#verify} over the objects kept whole), in every
 * format: on every sample with the policies convert writes for it, and on generated pods (many sharing a spec, in
 * namespaces and under service accounts that differ, read before the RBAC that grants their PSPs).
 */
class VerifyStreamingTest {

    private static final VerifyService SERVICE = VerifyService.standard();

    static Stream<Path> samples() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            return s.filter(Files::isDirectory).filter(p -> !p.endsWith("failing-pods")).sorted().toList().stream();
        }
    }

    private static Inventory read(List<String> paths, WorkloadDigester digester) {
        InputRequest request = new InputRequest(paths, InputStream.nullInputStream(), null, null, Map.of(),
                ClusterReader.DEFAULT_PAGE_SIZE, digester, Duplicates.MERGE_IDENTICAL);
        return Inputs.read(request, origin -> ClusterReader.Progress.NONE);
    }

    private static Path convert(String input, Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("convert", "-f", input, "-o", dir.toString(), "--cluster-version",
                VerifyCommandTest.ALL_ENGINES));
        args.addAll(List.of(more));
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return dir;
    }

    private static void assertSameReport(List<String> paths, Path policies) {
        PolicySet set = PolicyDirReader.standard().read(policies.toString());
        PlanRequest plan = new PlanRequest(Version.of(32), "--cluster-version", set.writtenFor() == null
                ? Version.NEWEST : set.writtenFor(), new TreeSet<>(), false);
        VerifyRequest request = new VerifyRequest(plan, true);
        VerifyReport whole = SERVICE.verify(read(paths, null), set, request);
        FirstRead first = SERVICE.firstRead(request);
        Inventory planned = read(paths, first);
        VerifyDigester digester = SERVICE.digester(planned, set, request, first.repeated());
        Inventory judged = read(paths, digester);
        assertTrue(judged.objects().stream().noneMatch(o -> o.object() instanceof Pod), "the pods were not kept");
        VerifyReport streamed = SERVICE.verify(digester, judged, set, request);
        assertEquals(VerifyRenderer.json(whole), VerifyRenderer.json(streamed), paths.toString());
        assertEquals(VerifyRenderer.table(whole), VerifyRenderer.table(streamed), paths.toString());
        Path here = Path.of("").toAbsolutePath();
        assertEquals(SarifRenderer.verify(whole, here), SarifRenderer.verify(streamed, here));
        assertEquals(PolicyReportRenderer.verify(whole, here), PolicyReportRenderer.verify(streamed, here));
    }

    /** The command: files are read twice, while --save-inventory reads once, whole; stdout and stderr are the same. */
    private static void assertSameRun(Path tmp, String input, Path policies, String format) {
        String[] args = {"verify", "-f", input, "--policies", policies.toString(), "--format", format};
        CliRun streamed = CliRun.run(args);
        List<String> wholeArgs = new ArrayList<>(List.of(args));
        wholeArgs.addAll(List.of("--save-inventory", tmp.resolve("inventory-" + format + ".yaml").toString()));
        CliRun whole = CliRun.run(wholeArgs.toArray(String[]::new));
        assertEquals(whole.out(), streamed.out(), input + " " + format);
        assertEquals(whole.err(), streamed.err(), input + " " + format);
        assertEquals(whole.exitCode(), streamed.exitCode(), input + " " + format);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleGivesTheSameReport(Path sample, @TempDir Path tmp) {
        Path policies = convert(sample.toString(), tmp.resolve("out"));
        assertSameReport(List.of(sample.toString()), policies);
        for (String format : List.of("table", "json")) {
            assertSameRun(tmp, sample.toString(), policies, format);
        }
        Path hardened = convert(sample.toString(), tmp.resolve("hardened"), "--hardening", "samples/hardening.yaml");
        assertSameReport(List.of(sample.toString()), hardened);
    }

    @Test
    void generatedPodsGiveTheSameReport(@TempDir Path tmp) throws Exception {
        Path input = Files.createDirectories(tmp.resolve("input"));
        // Pods first (a directory is read in name order), the PSPs and the RBAC that grants them after.
        Files.writeString(input.resolve("0-pods.json"), Json.mapper().writeValueAsString(podList(pods(false))));
        Files.writeString(input.resolve("1-copies.json"), Json.mapper().writeValueAsString(podList(pods(true))));
        for (String f : List.of("namespaces.yaml", "psps.yaml", "rbac.yaml", "workloads.yaml")) {
            Files.copy(Path.of("samples/multi-tenant", f), input.resolve("z-" + f));
        }
        Path policies = convert(input.toString(), tmp.resolve("out"));
        assertSameReport(List.of(input.toString()), policies);
        for (String format : List.of("table", "json")) {
            assertSameRun(tmp, input.toString(), policies, format);
        }
    }

    /** 60 pod specs, each as 3 pods in namespaces and under service accounts that differ; or 10 copies of some. */
    private static List<Object> pods(boolean copies) {
        Random r = new Random(42);
        List<String> namespaces = List.of("tenant-a", "tenant-b", "monitoring", "calico-system", "unnamed");
        List<String> accounts = List.of("default", "legacy-api", "node-exporter", "calico-node");
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Generators.PodParts parts = Generators.pod(r);
            for (int copy = 0; copy < 3; copy++) {
                if (copies && (i % 6 != 0 || copy != 0)) {
                    continue;
                }
                Pod pod = new PodBuilder().withMetadata(new ObjectMetaBuilder(parts.meta()).withName("pod-" + i + "-"
                        + copy).withNamespace(namespaces.get((i + copy) % namespaces.size())).build())
                        .withSpec(parts.spec()).build();
                if (pod.getSpec() != null) {
                    pod.getSpec().setServiceAccountName(accounts.get((i + 2 * copy) % accounts.size()));
                }
                pod.setApiVersion("v1");
                pod.setKind("Pod");
                items.add(pod);
            }
        }
        return items;
    }

    private static Map<String, Object> podList(List<Object> items) {
        return Map.of("apiVersion", "v1", "kind", "List", "items", items);
    }
}
