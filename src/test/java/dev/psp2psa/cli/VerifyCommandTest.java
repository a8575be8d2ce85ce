package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code psp2psa verify} and {@code check --policies} over the output of {@code convert}. */
class VerifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cluster version every engine runs on (VAP from 1.30, Kyverno ValidatingPolicy from 1.32). */
    static final String ALL_ENGINES = "v1.32";

    private static Path convert(String sample, Path dir) {
        CliRun r = CliRun.run("convert", "-f", sample, "-o", dir.toString(), "--cluster-version", ALL_ENGINES);
        assertEquals(0, r.exitCode(), r.err());
        return dir;
    }

    private static JsonNode json(CliRun r) throws IOException {
        assertTrue(r.problems().isEmpty(), r.err());
        return JSON.readTree(r.out());
    }

    private static String goldenOf(String sample, Path tmp) throws IOException {
        Path dir = convert(sample, tmp.resolve("out"));
        CliRun r = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", sample, "--policies", dir.toString(), "--format", "json");
        JsonNode root = json(r);
        assertEquals(0, root.path("counts").path("unexplained").asInt(), r.out());
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(r.out().contains(tmp.toString()), "the JSON holds no temporary path");
        return r.out();
    }

    @Test
    void clusterSample(@TempDir Path tmp) throws IOException {
        Approvals.verify(goldenOf("samples/cluster", tmp), new Options().forFile().withExtension(".json"));
    }

    @Test
    void multiTenantSample(@TempDir Path tmp) throws IOException {
        Approvals.verify(goldenOf("samples/multi-tenant", tmp), new Options().forFile().withExtension(".json"));
    }

    @Test
    void authenticatedPrivilegedSample(@TempDir Path tmp) throws IOException {
        Approvals.verify(goldenOf("samples/authenticated-privileged", tmp),
                new Options().forFile().withExtension(".json"));
    }

    /**
     * samples/failing-pods holds pods and no PodSecurityPolicy: analyze, convert and verify refuse it (exit 3, one
     * line, nothing written) instead of planning every namespace as if PSP rejected every pod.
     */
    @Test
    void anInputWithoutPspsIsRefused(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(tmp.resolve("policies"));
        for (String[] args : List.of(new String[] {"analyze", "-f", "samples/failing-pods"},
                new String[] {"convert", "-f", "samples/failing-pods", "-o", out.toString()},
                new String[] {"verify", "-f", "samples/failing-pods", "--policies", tmp.resolve("policies").toString()})) {
            CliRun r = CliRun.run(args);
            assertEquals(3, r.exitCode(), args[0] + ": " + r.err());
            assertEquals("", r.out(), args[0]);
            assertTrue(r.err().startsWith("error: the input holds no PodSecurityPolicy (19 object(s) read). Pass the "
                    + "PSPs with -f"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertFalse(Files.exists(out), "convert wrote nothing");
        CliRun v1 = CliRun.runWithStdin("apiVersion: policy/v1\nkind: PodSecurityPolicy\nmetadata: {name: x}\n"
                + "spec: {}\n", "analyze", "-f", "-");
        assertEquals(3, v1.exitCode(), v1.err());
        assertTrue(v1.err().contains("1 skipped as PodSecurityPolicy (policy/v1)): psp2psa reads PodSecurityPolicy "
                + "as policy/v1beta1 or extensions/v1beta1."), v1.err());
    }

    @Test
    void tableSummarisesTheCountsAndExplainsEachDisagreement(@TempDir Path tmp) {
        Path dir = convert("samples/cluster", tmp.resolve("out"));
        CliRun r = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("explained: It relied on defaults of PSP baseline"), r.out());
        assertTrue(r.out().contains(" 0 unexplained."), r.out());
        assertFalse(r.out().contains("UNEXPLAINED"), r.out());
    }

    @Test
    void jsonShapeAndOrder(@TempDir Path tmp) throws IOException {
        Path dir = convert("samples/cluster", tmp.resolve("out"));
        JsonNode root = json(CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", dir.toString(),
                "--format", "json"));
        for (String k : List.of("total", "bothAdmit", "bothDeny", "nowDenied", "nowAdmitted", "explained",
                "unexplained", "byEngine")) {
            assertTrue(root.path("counts").has(k), k);
        }
        assertEquals(List.of("gatekeeper", "kyverno", "vap"), fieldNames(root.path("counts").path("byEngine")));
        JsonNode results = root.path("results");
        long sum = 0;
        for (String k : List.of("bothAdmit", "bothDeny", "nowDenied", "nowAdmitted")) {
            sum += root.path("counts").path(k).asLong();
        }
        assertEquals(results.size(), sum);
        String previous = null;
        for (JsonNode r : results) {
            for (String k : List.of("source", "namespace", "kind", "name", "serviceAccount", "old", "new", "agree",
                    "explanation")) {
                assertTrue(r.has(k), k + " in " + r);
            }
            assertTrue(r.path("old").has("allowed") && r.path("old").has("psp"), r.toString());
            assertTrue(r.path("new").has("allowed") && r.path("new").path("violations").isArray(), r.toString());
            assertEquals(r.path("old").path("allowed").asBoolean(), !r.path("old").path("psp").isNull(),
                    "old.psp is the admitting PSP, or null: " + r);
            for (JsonNode v : r.path("new").path("violations")) {
                assertTrue(v.has("engine") && v.has("policy") && v.has("message"), v.toString());
            }
            String key = r.path("source").asText() + "\u0000" + r.path("name").asText();
            if (previous != null) {
                assertTrue(previous.compareTo(key) <= 0, "sorted by source then name: " + previous + " > " + key);
            }
            previous = key;
        }
        assertTrue(results.toString().contains("generated:restricted/"), "boundary pods are generated");
    }

    @Test
    void aWorkloadThatReliedOnADefaultIsNowDeniedAndExplained(@TempDir Path tmp) throws IOException {
        Path dir = convert("samples/cluster", tmp.resolve("out"));
        JsonNode root = json(CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", dir.toString(),
                "--format", "json", "--no-boundary-pods"));
        JsonNode storefront = find(root, "storefront");
        assertEquals("nowDenied", storefront.path("outcome").asText());
        assertFalse(storefront.path("agree").asBoolean());
        assertTrue(storefront.path("explained").asBoolean());
        assertEquals("baseline", storefront.path("old").path("psp").asText());
        assertTrue(storefront.path("explanation").asText()
                .contains("spec.template.spec.securityContext.seccompProfile.type=RuntimeDefault"),
                storefront.toString());
        assertEquals(0, root.path("counts").path("generated").asInt());
    }

    @Test
    void droppingAPolicyOpensSomethingAndFails(@TempDir Path tmp) throws IOException {
        Path dir = convert("samples/cluster", tmp.resolve("out"));
        Files.delete(dir.resolve("vap/psp2psa-psps-restricted.yaml"));
        Files.delete(dir.resolve("vap/psp2psa-psps-restricted-binding.yaml"));
        deleteTree(dir.resolve("kyverno"));
        CliRun r = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", dir.toString(), "--format", "json");
        assertEquals(1, r.exitCode(), r.out());
        JsonNode root = json(r);
        assertTrue(root.path("counts").path("unexplained").asInt() > 0);
        boolean found = false;
        for (JsonNode res : root.path("results")) {
            if (res.path("outcome").asText().equals("nowAdmitted") && !res.path("explained").asBoolean()
                    && res.path("source").asText().startsWith("generated:restricted/")
                    && res.path("namespace").asText().equals("batch")) {
                String rule = res.path("source").asText().split("/")[1];
                assertTrue(res.path("explanation").asText().contains("restricted: " + rule + ":"),
                        "names the PSP and the rule: " + res);
                found = true;
            }
        }
        assertTrue(found, r.out());
        CliRun table = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", dir.toString());
        assertEquals(1, table.exitCode());
        assertTrue(table.out().contains("UNEXPLAINED: PSP rejected it (restricted: "), table.out());
    }

    /**
     * A tree checked against a cluster older than the one it was written for: PSA evaluates pins newer than itself as
     * its own version, and the engines it cannot run are left out, each said; verify and check default to the
     * version the tree was written for.
     */
    @Test
    void policiesAreCheckedAsTheClusterVersionRunsThem(@TempDir Path tmp) throws IOException {
        Path dir = convert("samples/cluster", tmp.resolve("out"));
        CliRun old = CliRun.run("check", "-f", "samples/cluster/workloads/shop.yaml", "--policies", dir.toString(),
                "--cluster-version", "v1.24", "--format", "json");
        assertTrue(old.err().contains("warning: " + dir + "/vap/ is left out: ValidatingAdmissionPolicy "
                + "v1 is served from Kubernetes 1.30, not by v1.24."), old.err());
        assertTrue(old.err().contains("/kyverno/ is left out: no Kyverno release for v1.24 runs CEL"),
                old.err());
        JsonNode results = JSON.readTree(old.out()).path("results");
        for (JsonNode r : results) {
            assertTrue(r.path("enforce").asText().endsWith(":v1.24"), "capped at the cluster version: " + r);
            r.path("violations").forEach(v -> assertEquals("gatekeeper", v.path("engine").asText(), v.toString()));
        }
        assertTrue(results.size() > 0);

        CliRun same = CliRun.run("verify", "-f", "samples/cluster", "--policies", dir.toString(), "--format", "json");
        assertEquals(0, same.exitCode(), same.err());
        assertTrue(same.err().contains("note: planned for Kubernetes v1.32 (the version psp2psa convert wrote the "
                + "policies directory for)"), same.err());
        assertEquals(List.of("gatekeeper", "kyverno", "vap"),
                fieldNames(JSON.readTree(same.out()).path("counts").path("byEngine")));
    }

    /**
     * A 1.24 cluster (the default) runs only Gatekeeper among the engines, with Rego templates: verify executes the CEL
     * each Rego was translated from (kept in an annotation, checked to be still what the Rego says), and refuses a
     * template whose Rego was edited, since it cannot execute Rego.
     */
    @Test
    void aRegoOnlyTreeForV124IsVerifiedThroughItsCel(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("out");
        CliRun c = CliRun.run("convert", "-f", "samples/cluster", "-o", dir.toString());
        assertEquals(0, c.exitCode(), c.err());
        CliRun r = CliRun.run("verify", "-f", "samples/cluster", "--policies", dir.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.out());
        JsonNode root = json(r);
        assertEquals(List.of("gatekeeper"), fieldNames(root.path("counts").path("byEngine")));
        assertEquals(0, root.path("counts").path("unexplained").asInt());
        assertTrue(root.path("counts").path("bothDeny").asInt() > 0);

        Path template = dir.resolve("gatekeeper/templates/psp2psa-ns-shop.yaml");
        Files.writeString(template, Files.readString(template).replace("violation[{\"msg\": msg}] {",
                "violation_off[{\"msg\": msg}] {"));
        CliRun edited = CliRun.run("verify", "-f", "samples/cluster", "--policies", dir.toString());
        assertEquals(3, edited.exitCode(), edited.err());
        assertTrue(edited.err().contains("is not the translation of its psp2psa.dev/cel-validations any more"),
                edited.err());
    }

    /**
     * A cluster whose only PSP is granted cluster-wide (to {@code system:serviceaccounts}): in a listed namespace, in
     * one the input does not name and in {@code default}, every pod PSP rejected (each PSP reason's and gap's witness)
     * is denied by PSA plus each engine, and every pod it admitted, with the fields it set (the twins), is admitted
     * by each: the emitted CEL of every engine is executed on each pod.
     */
    @Test
    void theOnlyPspGrantedClusterWideHoldsInListedUnlistedAndDefaultNamespaces(@TempDir Path tmp) throws IOException {
        String input = "src/test/resources/dev/psp2psa/cli/cluster-wide";
        Path dir = convert(input, tmp.resolve("out"));
        CliRun r = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", input, "--policies", dir.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.out());
        JsonNode root = json(r);
        assertEquals(0, root.path("counts").path("unexplained").asInt());
        java.util.Map<String, java.util.Set<String>> outcomes = new java.util.TreeMap<>();
        for (JsonNode res : root.path("results")) {
            if (!res.path("source").asText().startsWith("generated:")) {
                continue;
            }
            String ns = res.path("namespace").asText();
            boolean oldAllowed = res.path("old").path("allowed").asBoolean();
            JsonNode byEngine = res.path("new").path("allowedByEngine");
            assertEquals(List.of("gatekeeper", "kyverno", "vap"), fieldNames(byEngine), res.toString());
            for (String engine : List.of("gatekeeper", "kyverno", "vap")) {
                if (!oldAllowed) {
                    assertFalse(byEngine.path(engine).asBoolean(), "PSP rejected it, " + engine + " must: " + res);
                }
            }
            if (oldAllowed && res.path("source").asText().endsWith("/twin")) {
                for (String engine : List.of("gatekeeper", "kyverno", "vap")) {
                    assertTrue(byEngine.path(engine).asBoolean(), "PSP admitted it, " + engine + " must: " + res);
                }
            }
            outcomes.computeIfAbsent(ns, k -> new java.util.TreeSet<>()).add(res.path("outcome").asText());
        }
        for (String ns : List.of("team-a", "team-b", "psp2psa-unlisted", "default")) {
            assertTrue(outcomes.getOrDefault(ns, java.util.Set.of()).containsAll(List.of("bothDeny", "bothAdmit")),
                    ns + ": " + outcomes);
        }
    }

    /**
     * The issue-11 pod: hostPID, hostNetwork, a {@code /} hostPath and a privileged container. The cluster-wide grant
     * of samples/cluster (system:authenticated may use only the documentation's restricted PSP) rejected it in every
     * namespace the input does not name; without the default class's policy it is admitted there, and verify's
     * boundary pods in an unlisted namespace and in default say so.
     */
    @Test
    void droppingTheDefaultClassPolicyOpensUnlistedNamespacesAndFails(@TempDir Path tmp) throws IOException {
        Path dir = convert("samples/cluster", tmp.resolve("out"));
        CliRun ok = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", dir.toString(), "--format", "json");
        assertEquals(0, ok.exitCode(), ok.out());
        java.util.Set<String> tested = new java.util.TreeSet<>();
        json(ok).path("results").forEach(r -> tested.add(r.path("namespace").asText()));
        assertTrue(tested.contains("default") && tested.contains("psp2psa-unlisted"), tested.toString());

        Files.delete(dir.resolve("vap/psp2psa-default-class.yaml"));
        Files.delete(dir.resolve("vap/psp2psa-default-class-binding.yaml"));
        Files.delete(dir.resolve("kyverno/psp2psa-default-class.yaml"));
        Files.delete(dir.resolve("gatekeeper/templates/psp2psa-default-class.yaml"));
        Files.delete(dir.resolve("gatekeeper/constraints/psp2psa-default-class.yaml"));
        CliRun r = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", dir.toString(), "--format", "json");
        assertEquals(1, r.exitCode(), r.out());
        java.util.Set<String> opened = new java.util.TreeSet<>();
        for (JsonNode res : json(r).path("results")) {
            if (res.path("outcome").asText().equals("nowAdmitted") && !res.path("explained").asBoolean()) {
                opened.add(res.path("namespace").asText());
            }
        }
        assertEquals(java.util.Set.of("default", "psp2psa-unlisted"), opened,
                "only where the default class's policy held");

        Path pod = tmp.resolve("host.yaml");
        Files.writeString(pod, """
                apiVersion: v1
                kind: Pod
                metadata: {name: host, namespace: team-tomorrow}
                spec:
                  hostPID: true
                  hostNetwork: true
                  volumes: [{name: root, hostPath: {path: /}}]
                  containers:
                  - name: app
                    image: busybox
                    securityContext: {privileged: true}
                    volumeMounts: [{name: root, mountPath: /host}]
                """);
        Path full = convert("samples/cluster", tmp.resolve("full"));
        CliRun check = CliRun.run("check", "-f", pod.toString(), "--policies", full.toString(), "--format", "json");
        assertEquals(1, check.exitCode(), check.out());
        JsonNode result = json(check).path("results").get(0);
        assertFalse(result.path("allowed").asBoolean(), result.toString());
        assertEquals("privileged:v1.32", result.path("enforce").asText(), "the admission configuration's default");
        java.util.Set<String> engines = new java.util.TreeSet<>();
        result.path("violations").forEach(v -> {
            engines.add(v.path("engine").asText());
            assertEquals("psp2psa-default-class", v.path("policy").asText(), v.toString());
        });
        assertEquals(java.util.Set.of("gatekeeper", "kyverno", "vap"), engines);
    }

    @Test
    void aLoosenedLabelAdmitsWhatPspRejected(@TempDir Path tmp) throws IOException {
        Path dir = convert("samples/cluster", tmp.resolve("out"));
        Path pod = tmp.resolve("host-network.yaml");
        Files.writeString(pod, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: host-network
                  namespace: batch
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/app: runtime/default
                spec:
                  hostNetwork: true
                  securityContext:
                    runAsNonRoot: true
                    fsGroup: 1
                    supplementalGroups: [1]
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                  - name: app
                    image: registry.example/app:1.0
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities:
                        drop: [ALL]
                """, StandardCharsets.UTF_8);
        CliRun before = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "-f", pod.toString(), "--policies",
                dir.toString(), "--format", "json");
        assertEquals(0, before.exitCode(), before.out());
        assertEquals("bothDeny", find(json(before), "host-network").path("outcome").asText());

        Path ns = dir.resolve("namespaces/batch.yaml");
        Files.writeString(ns, Files.readString(ns).replace("enforce: restricted", "enforce: privileged"));
        CliRun after = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "-f", pod.toString(), "--policies",
                dir.toString(), "--format", "json");
        assertEquals(1, after.exitCode(), after.out());
        JsonNode hn = find(json(after), "host-network");
        assertEquals("nowAdmitted", hn.path("outcome").asText());
        assertFalse(hn.path("explained").asBoolean());
        assertTrue(hn.path("explanation").asText().contains("restricted: hostNetwork:"), hn.toString());
    }

    @Test
    void aMissingDirectoryIsBadInput(@TempDir Path tmp) {
        CliRun r = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", tmp.resolve("nope").toString());
        assertEquals(3, r.exitCode());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("does not exist"), r.err());
    }

    @Test
    void aDirectoryNotWrittenByPsp2psaIsBadInput(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("mine/namespaces"));
        CliRun r = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", tmp.resolve("mine").toString());
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("not written by psp2psa"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aMalformedPolicyIsBadInputWithItsFileAndLine(@TempDir Path tmp) throws IOException {
        Path dir = convert("samples/cluster", tmp.resolve("out"));
        Files.writeString(dir.resolve("vap/psp2psa-ns-shop.yaml"), "apiVersion: v1\nkind: [unclosed\n");
        CliRun r = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", dir.toString());
        assertEquals(3, r.exitCode(), r.out());
        assertTrue(r.err().startsWith("error: " + dir + "/vap/psp2psa-ns-shop.yaml:"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        Path dir2 = convert("samples/cluster", tmp.resolve("out2"));
        Path binding = dir2.resolve("vap/psp2psa-ns-shop-binding.yaml");
        Files.writeString(binding, Files.readString(binding).replace("policyName: psp2psa-ns-shop",
                "policyName: gone"));
        CliRun r2 = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", dir2.toString());
        assertEquals(3, r2.exitCode());
        assertTrue(r2.err().contains("binds the policy \"gone\""), r2.err());

        Path dir3 = convert("samples/cluster", tmp.resolve("out3"));
        Path label = dir3.resolve("namespaces/shop.yaml");
        Files.writeString(label, Files.readString(label).replace("enforce: baseline", "enforce: strict"));
        CliRun r3 = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "--policies", dir3.toString());
        assertEquals(3, r3.exitCode());
        assertTrue(r3.err().contains("namespaces/shop.yaml:1: unknown level 'strict'"), r3.err());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "kyverno, clusterpolicy, kyverno",
        "kyverno, validatingpolicy, kyverno",
        "gatekeeper, clusterpolicy, gatekeeper",
        "vap, clusterpolicy, vap"})
    void oneEngineAloneIsVerifiedToo(String engine, String kyvernoKind, String expected, @TempDir Path tmp)
            throws IOException {
        Path dir = tmp.resolve("out");
        CliRun c = CliRun.run("convert", "--cluster-version", ALL_ENGINES, "-f", "samples/multi-tenant", "-o", dir.toString(), "--engines", engine,
                "--kyverno-kind", kyvernoKind);
        assertEquals(0, c.exitCode(), c.err());
        CliRun r = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/multi-tenant", "--policies", dir.toString(), "--format",
                "json");
        assertEquals(0, r.exitCode(), r.out());
        JsonNode root = json(r);
        assertEquals(List.of(expected), fieldNames(root.path("counts").path("byEngine")));
        assertEquals(0, root.path("counts").path("unexplained").asInt());
        assertTrue(root.path("counts").path("nowDenied").asInt() > 0, "the policies of " + engine + " deny");
    }

    @Test
    void hardeningDenialsAreExplainedAsHardening(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("out");
        CliRun c = CliRun.run("convert", "--cluster-version", ALL_ENGINES, "-f", "samples/multi-tenant", "-o", dir.toString(), "--hardening",
                "samples/hardening.yaml");
        assertEquals(0, c.exitCode(), c.err());
        CliRun r = CliRun.run("verify", "--cluster-version", ALL_ENGINES, "-f", "samples/multi-tenant", "--policies", dir.toString(), "--format",
                "json");
        assertEquals(0, r.exitCode(), r.out());
        boolean found = false;
        for (JsonNode result : json(r).path("results")) {
            if (result.path("explanation").asText().contains("trusted-registries (convert --hardening)")) {
                found = true;
                assertEquals("nowDenied", result.path("outcome").asText());
            }
        }
        assertTrue(found, "a pod from an untrusted registry is denied by the hardening, and said so");
    }

    @Test
    void checkWithPoliciesAllowsAndDenies(@TempDir Path tmp) throws IOException {
        CliRun c = CliRun.run("convert", "--cluster-version", ALL_ENGINES, "-f", "samples/cluster", "-o",
                tmp.resolve("out").toString(),
                "--exempt-namespace", "kube-system");
        assertEquals(0, c.exitCode(), c.err());
        Path dir = tmp.resolve("out");
        CliRun exempt = CliRun.run("check", "-f", "samples/cluster/workloads/kube-system.yaml", "--policies",
                dir.toString());
        assertEquals(0, exempt.exitCode(), exempt.out());
        assertTrue(exempt.out().contains("allowed  exempt"), exempt.out());

        CliRun shop = CliRun.run("check", "-f", "samples/cluster/workloads/shop.yaml", "--policies", dir.toString(),
                "--format", "json");
        assertEquals(1, shop.exitCode(), shop.out());
        JsonNode root = json(shop);
        JsonNode storefront = null;
        for (JsonNode r : root.path("results")) {
            if (r.path("name").asText().equals("storefront")) {
                storefront = r;
            }
        }
        assertFalse(storefront.path("allowed").asBoolean());
        assertEquals("baseline:v1.32", storefront.path("enforce").asText());
        JsonNode v = storefront.path("violations").get(0);
        assertTrue(v.has("engine") && v.has("policy") && v.has("rule") && v.has("message"), v.toString());

        CliRun never = CliRun.run("check", "-f", "samples/cluster/workloads/shop.yaml", "--policies", dir.toString(),
                "--fail-on", "never");
        assertEquals(0, never.exitCode());

        Path fixed = tmp.resolve("fixed.yaml");
        Files.writeString(fixed, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: fine
                  namespace: monitoring
                spec:
                  containers:
                  - name: app
                    image: registry.example/app:1.0
                """, StandardCharsets.UTF_8);
        CliRun fine = CliRun.run("check", "-f", fixed.toString(), "--policies", dir.toString());
        assertTrue(fine.out().contains("monitoring"), fine.out());
    }

    @Test
    void checkWithPoliciesRejectsALevel(@TempDir Path tmp) {
        Path dir = convert("samples/cluster", tmp.resolve("out"));
        CliRun r = CliRun.run("check", "-f", "samples/cluster", "--policies", dir.toString(), "--level", "baseline");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--level and --policies"), r.err());
    }

    private static JsonNode find(JsonNode root, String name) {
        for (JsonNode r : root.path("results")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " not in the results");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
