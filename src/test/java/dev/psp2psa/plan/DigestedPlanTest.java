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
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
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
                PlanRequest request = new PlanRequest(v, new TreeSet<String>(), users);
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

    /**
     * Many pods as kubectl lists them: replicas of a few templates that differ in names, nodes, images, labels,
     * other annotations and the generated token volume name (read once per template), and pods that differ in what
     * the checks and PSP rules read. Planned from digests, the plan is the plan of the whole objects.
     */
    @Test
    void replicasAreReadOnceAndPlanAsTheWholeObjects(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.util.Random r = new java.util.Random(5);
        List<String> namespaces = List.of("tenant-a", "tenant-b", "monitoring", "ingress-nginx", "calico-system");
        List<String> accounts = List.of("default", "legacy-api", "node-exporter", "ingress-nginx", "calico-node");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            String template = "t" + r.nextInt(12);
            java.util.Random t = new java.util.Random(template.hashCode());
            String token = "kube-api-access-" + Long.toString(36L * 36 * 36 * 36 + r.nextInt(1_000_000), 36)
                    .substring(0, 5);
            StringBuilder sc = new StringBuilder();
            if (t.nextBoolean()) {
                sc.append("\"runAsNonRoot\": true, ");
            }
            if (t.nextInt(3) == 0) {
                sc.append("\"privileged\": true, ");
            }
            if (t.nextBoolean()) {
                sc.append("\"allowPrivilegeEscalation\": false, \"capabilities\": {\"drop\": [\"ALL\"]}, ");
            }
            sc.append("\"readOnlyRootFilesystem\": ").append(t.nextBoolean());
            String annotations = "\"prometheus.io/port\": \"" + r.nextInt(9999) + "\""
                    + (t.nextInt(3) == 0 ? ", \"container.apparmor.security.beta.kubernetes.io/app\": \"runtime/default\""
                            : "")
                    + (r.nextInt(10) == 0 ? ", \"seccomp.security.alpha.kubernetes.io/pod\": \"runtime/default\"" : "");
            String hostPath = t.nextInt(4) == 0 ? ", {\"name\": \"logs\", \"hostPath\": {\"path\": \"/var/log\"}}" : "";
            String mount = hostPath.isEmpty() ? "" : ", {\"name\": \"logs\", \"mountPath\": \"/logs\""
                    + (t.nextBoolean() ? ", \"readOnly\": true" : "") + "}";
            int ns = t.nextInt(namespaces.size());
            items.append(i == 0 ? "" : ",\n").append("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {")
                    .append("\"name\": \"").append(template).append("-").append(i).append("\", \"namespace\": \"")
                    .append(namespaces.get(ns)).append("\", \"uid\": \"u").append(r.nextLong())
                    .append("\", \"labels\": {\"app\": \"").append(template).append("\", \"pod\": \"").append(i)
                    .append("\"}, \"annotations\": {").append(annotations).append("}}, \"spec\": {")
                    .append("\"serviceAccountName\": \"").append(accounts.get(ns)).append("\", ")
                    .append(t.nextInt(5) == 0 ? "\"hostNetwork\": true, " : "")
                    .append("\"nodeName\": \"node-").append(r.nextInt(50)).append("\", \"hostname\": \"h")
                    .append(i).append("\", \"containers\": [{\"name\": \"app\", \"image\": \"registry/app:")
                    .append(r.nextInt(100)).append("\", \"env\": [{\"name\": \"A\", \"value\": \"").append(r.nextInt())
                    .append("\"}], \"securityContext\": {").append(sc).append("}, \"volumeMounts\": [{\"name\": \"")
                    .append(token).append("\", \"mountPath\": \"/var/run/secrets/kubernetes.io/serviceaccount\", ")
                    .append("\"readOnly\": true}").append(mount).append("]}], \"volumes\": [{\"name\": \"").append(token)
                    .append("\", \"projected\": {\"sources\": [{\"serviceAccountToken\": {\"path\": \"token\"}}]}}")
                    .append(hostPath).append("]}, \"status\": {\"phase\": \"Running\", \"podIP\": \"10.0.0.")
                    .append(r.nextInt(255)).append("\"}}");
        }
        java.nio.file.Files.writeString(dir.resolve("pods.json"), "{\"apiVersion\": \"v1\", \"items\": [\n" + items
                + "], \"kind\": \"List\", \"metadata\": {\"resourceVersion\": \"\"}}\n");
        List<String> paths = List.of(SAMPLES.resolve("multi-tenant").resolve("psps.yaml").toString(),
                SAMPLES.resolve("multi-tenant").resolve("rbac.yaml").toString(),
                SAMPLES.resolve("multi-tenant").resolve("namespaces.yaml").toString(),
                dir.resolve("pods.json").toString());
        for (boolean users : List.of(false, true)) {
            PlanRequest request = new PlanRequest(Version.NEWEST, new TreeSet<String>(), users);
            Inventory whole = new InventoryReader().read(paths, InputStream.nullInputStream());
            WorkloadDigests digests = WorkloadDigests.standard(Version.NEWEST);
            java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
            WorkloadDigester counting = new WorkloadDigester() {
                @Override
                public java.util.Optional<WorkloadDigest> digest(
                        dev.psp2psa.inventory.Sourced<? extends io.fabric8.kubernetes.api.model.HasMetadata> o) {
                    java.util.Optional<WorkloadDigest> d = digests.digest(o);
                    d.ifPresent(x -> read.incrementAndGet());
                    return d;
                }

                @Override
                public boolean readsAnnotation(String key) {
                    return digests.readsAnnotation(key);
                }

                @Override
                public java.util.Optional<WorkloadDigest> digestLike(String key, String ns, String name, Source s) {
                    return digests.digestLike(key, ns, name, s);
                }

                @Override
                public void remember(String key, WorkloadDigest d) {
                    digests.remember(key, d);
                }
            };
            Inventory digested = new InventoryReader().read(paths, InputStream.nullInputStream(), counting);
            assertEquals(400, digested.digests().size());
            // 12 templates, with and without the pod seccomp annotation; when converting threads race for a new
            // template, each may read one of its pods whole.
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            assertTrue(read.get() <= 24 * threads && read.get() < 400 / 4, "pods read whole: " + read.get());
            long views = digested.digests().stream().map(d -> System.identityHashCode(((PodDigest) d).view()))
                    .distinct().count();
            assertTrue(views <= 24, "one view per template: " + views);
            String a = PlanJson.json(PlanBuilder.standard().build(whole, request));
            assertEquals(a, PlanJson.json(PlanBuilder.standard().build(digested, request)));
            assertTrue(a.contains("\"workload\": \"Pod/"), "some pods rely on PSP defaults");
        }
    }
}
