package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.inventory.Inventory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'),
                        Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static Map<String, String> convert(String sample, Path out, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("convert", "-f", sample, "-o", out.toString()));
        args.addAll(List.of(more));
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Wrote "), r.out());
        return tree(out);
    }

    @Test
    void docsTrioTree(@TempDir Path tmp) throws IOException {
        ApprovedTree.verify(convert("samples/cluster", tmp.resolve("out")), "ConvertCommandTest", "docsTrioTree");
    }

    /** A 1.28 cluster: Kyverno ClusterPolicy with the rule-level action, Gatekeeper with CEL, no VAP yet. */
    @Test
    void authenticatedPrivilegedTree(@TempDir Path tmp) throws IOException {
        ApprovedTree.verify(convert("samples/authenticated-privileged", tmp.resolve("out"), "--cluster-version",
                "v1.28"), "ConvertCommandTest", "authenticatedPrivilegedTree");
    }

    /** A 1.32 cluster: every engine, Kyverno as ValidatingPolicy. */
    @Test
    void multiTenantTree(@TempDir Path tmp) throws IOException {
        ApprovedTree.verify(convert("samples/multi-tenant", tmp.resolve("out"), "--cluster-version", "v1.32"),
                "ConvertCommandTest", "multiTenantTree");
    }

    /**
     * Asking for an engine the cluster cannot run is a usage error that names the version serving it and the
     * engines that run on this one; the default engines are those it runs.
     */
    @Test
    void anEngineTheClusterCannotServeIsAUsageError(@TempDir Path tmp) throws IOException {
        CliRun vap = CliRun.run("convert", "-f", "samples/cluster", "-o", tmp.resolve("a").toString(), "--engines",
                "vap");
        assertEquals(2, vap.exitCode(), vap.err());
        assertEquals("error: --engines vap: ValidatingAdmissionPolicy v1 is served from Kubernetes 1.30, not by "
                + "v1.24. Engines that run on v1.24: gatekeeper; once the cluster runs a newer version, convert again "
                + "with --cluster-version set to it.\n", vap.err());
        assertFalse(Files.exists(tmp.resolve("a")), "nothing written");
        CliRun kyverno = CliRun.run("convert", "-f", "samples/cluster", "-o", tmp.resolve("b").toString(),
                "--engines", "gatekeeper,kyverno", "--cluster-version", "v1.23");
        assertEquals(2, kyverno.exitCode(), kyverno.err());
        assertTrue(kyverno.err().contains("no Kyverno release for v1.23 runs CEL"), kyverno.err());
        CliRun kind = CliRun.run("convert", "-f", "samples/cluster", "-o", tmp.resolve("c").toString(),
                "--kyverno-kind", "validatingpolicy", "--cluster-version", "v1.30");
        assertEquals(2, kind.exitCode(), kind.err());
        assertTrue(kind.err().contains("needs Kyverno 1.17, which supports Kubernetes 1.32 and newer"), kind.err());
        CliRun old = CliRun.run("convert", "-f", "samples/cluster", "-o", tmp.resolve("d").toString(),
                "--cluster-version", "v1.21");
        assertEquals(2, old.exitCode(), old.err());
        assertTrue(old.err().startsWith("error: --cluster-version v1.21: Pod Security Admission needs Kubernetes "
                + "1.22"), old.err());

        CliRun said = CliRun.run("convert", "-f", "samples/cluster", "-o", tmp.resolve("f").toString());
        assertTrue(said.out().contains("No vap/ policies: ValidatingAdmissionPolicy v1 is served from Kubernetes "
                + "1.30, not by v1.24.\nNo kyverno/ policies: no Kyverno release for v1.24 runs CEL"),
                "the engines left out are said: " + said.out());
        Map<String, String> defaults = convert("samples/cluster", tmp.resolve("e"));
        assertTrue(defaults.keySet().stream().noneMatch(f -> f.startsWith("vap/") || f.startsWith("kyverno/")),
                "a 1.24 cluster runs only Gatekeeper among the engines: " + defaults.keySet());
        assertTrue(defaults.keySet().stream().anyMatch(f -> f.startsWith("gatekeeper/templates/")));
    }

    @Test
    void outputIsByteIdenticalAcrossRunsAndLfOnly(@TempDir Path tmp) throws IOException {
        Map<String, String> first = convert("samples/multi-tenant", tmp.resolve("a"));
        Map<String, String> second = convert("samples/multi-tenant", tmp.resolve("b"));
        assertEquals(first, second);
        Map<String, String> again = convert("samples/multi-tenant", tmp.resolve("a"));
        assertEquals(first, again, "rewriting its own directory gives the same bytes");
        for (Map.Entry<String, String> f : first.entrySet()) {
            assertFalse(f.getValue().contains("\r"), f.getKey());
            assertFalse(f.getValue().contains(tmp.toString()), f.getKey() + " holds no absolute path");
        }
    }

    /**
     * Without an engine the PSP restrictions PSA does not enforce are simply gone once PSP is off: the terminal, the
     * report and the tree's README count them (samples/cluster: the gaps of its five namespaces, and the default
     * class's fifteen in every other namespace).
     */
    @Test
    void enginesNoneSaysWhatIsLeftUnenforced(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines", "none");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Files.readString(out.resolve("report.json")));
        int gaps = 0;
        int namespaces = 0;
        for (JsonNode n : report.get("namespaces")) {
            gaps += n.get("gaps").size();
            namespaces += n.get("gaps").size() > 0 ? 1 : 0;
        }
        int other = report.get("defaultClass").get("gaps").size();
        assertEquals(5, namespaces);
        assertEquals(15, other);
        String said = gaps + " PSP restriction(s) in " + namespaces + " namespace(s) and " + other
                + " restriction(s) in every namespace the input does not name are left unenforced";
        assertTrue(r.out().replace("\n  ", " ").contains("No gap policy written (--engines none): " + said), r.out());
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("**No gap policy was written (`--engines none`).**"), readme);
        assertTrue(readme.contains(gaps + " restriction(s) of the old PSPs in " + namespaces + " namespace(s), and "
                + other + " restriction(s) in every namespace the input does not name, are left unenforced"), readme);
        assertTrue(Files.readString(out.resolve("report.md")).contains("**No gap policy was written"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("No gap policy was written"));
        assertFalse(Files.exists(out.resolve("vap")));

        Path with = tmp.resolve("with");
        CliRun v = CliRun.run("convert", "-f", "samples/cluster", "-o", with.toString(), "--engines", "gatekeeper");
        assertFalse(v.out().contains("No gap policy"), v.out());
        assertFalse(Files.readString(with.resolve("README.md")).contains("No gap policy"));
    }

    @Test
    void labelFilesApplyAsNamespacesAndRoundTrip(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Map<String, String> files = convert("samples/cluster", out);
        assertTrue(files.containsKey("namespaces/shop.yaml"));
        assertTrue(files.containsKey("namespaces/kube-system.yaml"), "kube-system is planned like any namespace");
        JsonNode shop = YAML.readTree(files.get("namespaces/shop.yaml"));
        assertEquals("v1", shop.get("apiVersion").asText());
        assertEquals("Namespace", shop.get("kind").asText());
        JsonNode labels = shop.get("metadata").get("labels");
        assertEquals("baseline", labels.get("pod-security.kubernetes.io/enforce").asText());
        assertEquals("v1.24", labels.get("pod-security.kubernetes.io/enforce-version").asText(),
                "pinned to the cluster version, v1.24 by default");
        assertEquals("restricted", labels.get("pod-security.kubernetes.io/audit").asText());
        assertEquals("restricted", labels.get("pod-security.kubernetes.io/warn").asText());
        JsonNode audit = YAML.readTree(files.get("namespaces-audit/shop.yaml")).get("metadata").get("labels");
        assertFalse(audit.has("pod-security.kubernetes.io/enforce"), "step 1 does not enforce");
        assertEquals("restricted", audit.get("pod-security.kubernetes.io/warn").asText());
        // psp2psa reads its own label files back as Namespaces.
        Inventory inv = new InventoryReader().read(List.of(out.resolve("namespaces").toString()), null);
        assertEquals(5, inv.objects().size());
        assertEquals(Map.of("Kustomization", 1), inv.skipped());

        JsonNode kustomization = YAML.readTree(files.get("namespaces/kustomization.yaml"));
        List<String> resources = new ArrayList<>();
        kustomization.get("resources").forEach(r -> resources.add(r.asText()));
        assertEquals(List.of("batch.yaml", "kube-system.yaml", "monitoring.yaml", "payments.yaml", "shop.yaml"),
                resources);

        JsonNode admission = YAML.readTree(files.get("admission/pod-security-configuration.yaml"));
        assertEquals("AdmissionConfiguration", admission.get("kind").asText());
        JsonNode config = admission.get("plugins").get(0).get("configuration");
        assertEquals("PodSecurityConfiguration", config.get("kind").asText());
        assertEquals("pod-security.admission.config.k8s.io/v1beta1", config.get("apiVersion").asText(),
                "what a 1.24 API server loads");
        assertEquals("privileged", config.get("defaults").get("enforce").asText());
        assertEquals(0, config.get("exemptions").get("namespaces").size(), "no exemption unless asked for");
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (f.getKey().endsWith(".yaml")) {
                YAML.readTree(f.getValue());
            }
        }
        assertTrue(files.containsKey("report.md") && files.containsKey("report.html")
                && files.containsKey("report.json") && files.containsKey("README.md"));
        assertFalse(String.join("", files.values()).contains("do-not-print-me"));
    }

    @Test
    void neverWritesIntoADirectoryItDidNotWriteWithoutForce(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("mine");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "keep me");
        CliRun refused = CliRun.run("convert", "-f", "samples/cluster", "-o", out.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("was not written by psp2psa"), refused.err());
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
        assertEquals(1, tree(out).size(), "nothing was added");

        CliRun forced = CliRun.run("convert", "-f", "samples/cluster", "-o", out.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")), "--force replaces no file in its way");
        assertTrue(Files.exists(out.resolve("namespaces/shop.yaml")));
    }

    @Test
    void badInputLeavesNoPartialOutput(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "kind: Pod\napiVersion: v1\nmetadata: {name: [\n");
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("convert", "-f", bad.toString(), "-o", out.toString());
        assertEquals(3, r.exitCode());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary directory is left behind");
        }
    }

    @Test
    void refusesTheCurrentDirectory() {
        CliRun r = CliRun.run("convert", "-f", "samples/cluster", "-o", ".", "--force");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("current directory"), r.err());
    }
}
