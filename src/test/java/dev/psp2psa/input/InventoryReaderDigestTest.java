package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Reading with a {@link WorkloadDigester}: objects holding pods become digests as they are read (streamed out of
 * long Lists), everything else is kept; duplicates and errors are reported as without one; files parsed in parallel
 * give the result of a sequential read.
 */
class InventoryReaderDigestTest extends ReaderTestSupport {

    /** A digest that remembers which object it stands for. */
    private record Seen(String kind, String namespace, String name, Source source, String serviceAccount)
            implements WorkloadDigest {
    }

    /** Digests what holds a pod; records on which threads it ran. */
    private static final class Recorder implements WorkloadDigester {
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public Optional<WorkloadDigest> digest(Sourced<? extends HasMetadata> object) {
            threads.add(Thread.currentThread().getName());
            return Workload.of(object).map(w -> new Seen(w.kind(), w.namespace(), w.name(), w.source(),
                    w.serviceAccount()));
        }
    }

    private Inventory readDigesting(WorkloadDigester digester, String... paths) {
        return new InventoryReader(options()).read(List.of(paths), InputStream.nullInputStream(), digester);
    }

    private static String pod(String ns, String name) {
        return "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"" + name + "\", \"namespace\": \""
                + ns + "\"}, \"spec\": {\"serviceAccountName\": \"app\", \"containers\": [{\"name\": \"c\", "
                + "\"image\": \"nginx\"}]}}";
    }

    private static String list(String... items) {
        // As kubectl writes it: items before kind.
        return "{\"apiVersion\": \"v1\", \"items\": [" + String.join(",\n", items) + "], \"kind\": \"List\", "
                + "\"metadata\": {\"resourceVersion\": \"\"}}";
    }

    private static final String NAMESPACE = "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": "
            + "{\"name\": \"a\"}}";

    private static List<String> digests(Inventory inventory) {
        return inventory.digests().stream()
                .map(d -> d.kind() + " " + d.namespace() + "/" + d.name() + " @ " + d.source() + " sa="
                        + d.serviceAccount())
                .toList();
    }

    @Test
    void podsAndTemplatesBecomeDigestsAndEverythingElseIsKept() {
        write("in.json", list(NAMESPACE, pod("a", "p1"),
                "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"web\"}, "
                        + "\"spec\": {\"template\": {\"spec\": {\"containers\": []}}}}",
                "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\"}}",
                pod("b", "p2")));
        Inventory inventory = readDigesting(new Recorder(), "in.json");
        assertEquals(List.of("Namespace a @ in.json:1 (Namespace)"), objects(inventory));
        assertEquals(List.of("Pod a/p1 @ in.json:2 sa=app", "Deployment default/web @ in.json:3 sa=default",
                "Pod b/p2 @ in.json:5 sa=app"), digests(inventory));
        assertEquals(1, inventory.skipped().get("ConfigMap"));
    }

    @Test
    void withoutADigesterNothingIsDigested() {
        write("in.json", list(pod("a", "p1")));
        Inventory inventory = read("in.json");
        assertEquals(List.of("Pod a/p1 @ in.json:1 (Pod)"), objects(inventory));
        assertTrue(inventory.digests().isEmpty());
    }

    @Test
    void aDigestedPodDefinedTwiceDifferentlyIsStillAnError() {
        write("a.json", list(pod("a", "p1")));
        write("b.json", pod("a", "p1").replace("\"app\"", "\"other\""));
        InputException e = assertThrows(InputException.class, () -> readDigesting(new Recorder(), "a.json",
                "b.json"));
        assertError(e, "b.json", 1, 0, "Pod \"a/p1\" is defined twice, differently: also at a.json:1; keep the copy "
                + "the cluster holds and remove the other.");
        InputException whole = fails("a.json", "b.json");
        assertEquals(whole.located(), e.located(), "the same error as without a digester");
    }

    @Test
    void theValuesOfACapturedItemAreAtTheirPlaces() {
        write("list.json", "{\"apiVersion\": \"v1\", \"items\": [\n{\"apiVersion\": \"v1\", \"kind\": \"Pod\", "
                + "\"metadata\": {\"name\": \"p\"}, \"spec\": {\"containers\": [5]}}\n], \"kind\": \"List\"}");
        InputException e = assertThrows(InputException.class, () -> readDigesting(new Recorder(), "list.json"));
        assertError(e, "list.json", 2, 88, "field spec.containers[0] of Pod \"p\" must be a mapping, not an integer.");
        assertEquals(fails("list.json").located(), e.located(), "the same place as without a digester");
    }

    @Test
    void inDigestingRunsJsonSkipsWhatNothingReads() {
        String badStatus = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": "
                + "{\"containers\": [{\"name\": \"c\", \"env\": 5, \"resources\": []}], \"tolerations\": 1}, "
                + "\"status\": 5}";
        write("p.json", badStatus);
        assertEquals(1, readDigesting(new Recorder(), "p.json").digests().size());
        // Read whole (check, verify, --save-inventory), the same fields are type-checked.
        assertTrue(fails("p.json").getMessage().contains("must be"), fails("p.json").getMessage());
        // YAML is not pruned (a skipped value could hold an anchor used later).
        write("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\nstatus: 5\n");
        assertThrows(InputException.class, () -> readDigesting(new Recorder(), "p.yaml"));
    }

    @Test
    void filesAreParsedInParallelWithTheResultOfASequentialRead() {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < 12; f++) {
            List<String> pods = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                pods.add(pod("ns" + f, "p" + i));
            }
            write("d/f" + (char) ('a' + f) + ".json", list(pods.toArray(String[]::new)));
            write("d/n" + (char) ('a' + f) + ".yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: n" + f
                    + "}\n");
            names.add("d/f" + (char) ('a' + f) + ".json");
        }
        Recorder recorder = new Recorder();
        Inventory digested = readDigesting(recorder, "d");
        Inventory whole = read("d");
        List<String> expected = new ArrayList<>();
        for (Sourced<HasMetadata> s : whole.objects()) {
            Workload.of(s).ifPresent(w -> expected.add(w.kind() + " " + w.namespace() + "/" + w.name() + " @ "
                    + w.source() + " sa=" + w.serviceAccount()));
        }
        assertEquals(12 * 200, expected.size());
        assertEquals(expected, digests(digested), "digests in input order");
        assertEquals(objects(whole).stream().filter(o -> o.startsWith("Namespace")).toList(), objects(digested));
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertTrue(recorder.threads.size() > 1, "parsed on several threads: " + recorder.threads);
        }
    }

    @Test
    void theFirstProblemInInputOrderIsReportedWhateverFinishesFirst() {
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            big.add(pod("a", "p" + i));
        }
        write("d/1.json", list(big.toArray(String[]::new)));
        write("d/2.json", pod("a", "p7"));            // duplicates an object of the large file before it
        write("d/3.json", "{\"kind\": ");               // a syntax error in a small file after it
        InputException e = assertThrows(InputException.class, () -> readDigesting(new Recorder(), "d"));
        assertEquals("d/2.json", e.file());
        assertTrue(e.getMessage().contains("defined twice"), e.getMessage());

        write("d/2.json", "{\"kind\": 5}");
        InputException syntax = assertThrows(InputException.class, () -> readDigesting(new Recorder(), "d"));
        assertEquals("d/2.json", syntax.file(), syntax.located());
    }

    /** Items of JSON Lists are read as tokens in digesting runs; their problems are reported as in any other run. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": {\"hostNetwork\": \"yes\"}}",
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"},\n \"spec\": {\"containers\": [{\"name\": \"c\",\n \"securityContext\": {\"runAsUser\": 1.5}}]}}",
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"generateName\": \"p-\"}}",
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": {\"x\": 1}}}",
        "{\"apiVersion\": \"v1\", \"kind\": 5, \"metadata\": {\"name\": \"p\"}}",
        "{\"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}}",
        "{\"apiVersion\": \"v1\", \"metadata\": {\"name\": \"p\"}}",
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}}",
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\", \"labels\": {\"a\": \"1\", \"a\": \"2\"}}}",
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": []}",
        "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": {\"hostPID\": 1}}]}",
        "\"a string\"",
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": {\"containers\": [{\"name\": \"c\", \"ports\": [{\"hostPort\": true}]}]}}",
        "{\"apiVersion\": \"rbac.authorization.k8s.io/v1\", \"kind\": \"RoleBinding\", \"metadata\": {\"name\": \"b\", \"namespace\": \"a\"}, \"roleRef\": 5}"
    })
    void problemsOfItemsAreReportedAsWhenReadWhole(String item) {
        write("list.json", list(pod("a", "ok"), "\n" + item));
        InputException whole = fails("list.json");
        InputException digesting = assertThrows(InputException.class, () -> readDigesting(new Recorder(),
                "list.json"));
        assertEquals(whole.located(), digesting.located());
    }

    @Test
    void aPodTakesTheSameValuesWhenReadAsTokens() {
        String rich = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\", \"namespace\": "
                + "\"a\", \"annotations\": {\"container.apparmor.security.beta.kubernetes.io/c\": \"runtime/default\"}},"
                + " \"spec\": {\"hostNetwork\": true, \"securityContext\": {\"runAsUser\": 0, \"fsGroup\": "
                + "9223372036854775807, \"sysctls\": [{\"name\": \"kernel.x\", \"value\": \"1\"}]}, \"containers\": "
                + "[{\"name\": \"c\", \"ports\": [{\"containerPort\": 80, \"hostPort\": 80}], \"securityContext\": "
                + "{\"capabilities\": {\"add\": [\"NET_ADMIN\"]}, \"privileged\": false}}], \"volumes\": [{\"name\":"
                + " \"h\", \"hostPath\": {\"path\": \"/var\"}}, {\"name\": \"e\", \"emptyDir\": {\"sizeLimit\": "
                + "\"1Gi\"}}]}}";
        write("list.json", list(rich));
        Inventory whole = read("list.json");
        List<Sourced<HasMetadata>> kept = new ArrayList<>();
        WorkloadDigester keep = o -> {
            synchronized (kept) {
                kept.add(new Sourced<>(o.object(), o.source()));
            }
            return Optional.empty();
        };
        readDigesting(keep, "list.json");
        assertFalse(kept.isEmpty());
        for (Sourced<HasMetadata> k : kept) {
            assertEquals(whole.objects().get(0).object(), k.object());
            assertEquals(whole.objects().get(0).source(), k.source());
        }
    }
}
