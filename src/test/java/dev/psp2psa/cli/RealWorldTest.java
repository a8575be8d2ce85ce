package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PSPs and DaemonSets as their projects shipped them for PSP clusters (src/test/resources/dev/psp2psa/real/), run
 * through analyze, convert and verify with kube-system planned like any namespace. The expected decisions follow
 * from the Kubernetes 1.23/1.24 code (docs/psp-semantics.md), not from psp2psa's output.
 */
class RealWorldTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REAL = "src/test/resources/dev/psp2psa/real/";

    private static JsonNode analyze(String dir) throws IOException {
        CliRun r = CliRun.run("analyze", "-f", REAL + dir, "--exempt-namespace=", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }

    /** convert, then verify against the tree: every disagreement must be explained. */
    private static JsonNode verify(String dir, Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        CliRun c = CliRun.run("convert", "-f", REAL + dir, "--exempt-namespace=", "-o", out.toString());
        assertEquals(0, c.exitCode(), c.err());
        CliRun r = CliRun.run("verify", "-f", REAL + dir, "--exempt-namespace=", "--policies", out.toString(),
                "--format", "json");
        JsonNode root = JSON.readTree(r.out());
        assertEquals(0, root.path("counts").path("unexplained").asInt(), r.out());
        return root;
    }

    private static JsonNode result(JsonNode verify, String name) {
        for (JsonNode r : verify.get("results")) {
            if (name.equals(r.path("name").asText()) && !r.path("source").asText().startsWith("generated:")) {
                return r;
            }
        }
        throw new AssertionError("no result for " + name);
    }

    private static JsonNode psp(JsonNode analyze, String name) {
        for (JsonNode p : analyze.get("psps")) {
            if (name.equals(p.get("name").asText())) {
                return p;
            }
        }
        throw new AssertionError("no PSP " + name);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        return out;
    }

    /**
     * flannel's PSP is privileged for its host access, never for seccomp (docker/default allows runtime/default).
     * Its v0.21.0 DaemonSet mounts two host paths the PSP does not list, so PSP admission rejects it for exactly
     * those (allowedHostPaths), and the migration keeps rejecting it.
     */
    @Test
    void flannel(@TempDir Path tmp) throws IOException {
        JsonNode a = analyze("flannel");
        JsonNode p = psp(a, "psp.flannel.unprivileged");
        assertEquals("privileged", p.get("level").asText());
        assertEquals(0, p.get("configurationErrors").size());
        for (JsonNode r : p.get("reasons")) {
            assertFalse(r.get("rule").asText().equals("seccomp"), r.toString());
        }
        assertEquals("privileged", a.get("namespaces").get(0).get("recommended").get("enforce").asText());
        JsonNode ds = result(verify("flannel", tmp), "kube-flannel-ds");
        assertEquals("bothDeny", ds.get("outcome").asText());
        List<String> denials = texts(ds.get("old").get("denials"));
        assertEquals(2, denials.size(), denials.toString());
        assertTrue(denials.get(0).contains("allowedHostPaths") && denials.get(0).contains("\"/opt/cni/bin\""),
                denials.toString());
        assertTrue(denials.get(1).contains("allowedHostPaths") && denials.get(1).contains("\"/run/xtables.lock\""),
                denials.toString());
    }

    /**
     * EKS's eks.privileged admits aws-node unchanged: its hostPort (defaulted from containerPort 61678 under
     * hostNetwork) is within 0-65535, and the migration admits it too.
     */
    @Test
    void eks(@TempDir Path tmp) throws IOException {
        JsonNode a = analyze("eks");
        assertEquals("privileged", psp(a, "eks.privileged").get("level").asText());
        JsonNode ds = result(verify("eks", tmp), "aws-node");
        assertEquals("bothAdmit", ds.get("outcome").asText());
        assertEquals("eks.privileged", ds.get("old").get("psp").asText());
        assertEquals(0, ds.get("old").get("fieldsToAdd").size());
    }

    /**
     * GCE's fluentd-gcp DaemonSet may use gce.fluentd-gcp (its own binding) and gce.unprivileged-addon (every kube-system
     * service account). The second allows no hostPath, so the first admits it, after writing the AppArmor default and
     * allowPrivilegeEscalation: false into both containers; its token volume passes because secret is allowed.
     */
    @Test
    void gceAddons(@TempDir Path tmp) throws IOException {
        JsonNode a = analyze("gce");
        for (String name : List.of("gce.fluentd-gcp", "gce.persistent-volume-binder", "gce.privileged",
                "gce.unprivileged-addon")) {
            assertEquals(0, psp(a, name).get("configurationErrors").size(), name);
        }
        JsonNode ds = result(verify("gce", tmp), "fluentd-gcp-v3.2.0");
        assertTrue(ds.get("old").get("allowed").asBoolean());
        assertEquals("gce.fluentd-gcp", ds.get("old").get("psp").asText());
        assertEquals(List.of(
                "spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/fluentd-gcp"
                        + "=runtime/default",
                "spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/"
                        + "prometheus-to-sd-exporter=runtime/default",
                "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation=false",
                "spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation=false"),
                texts(ds.get("old").get("fieldsToAdd")));
        assertTrue(ds.get("explained").asBoolean());
    }

    /**
     * The widely copied restricted PSP with only docker/default: not vacuous (no configuration error), privileged
     * only for seLinux RunAsAny, and it admits a plain app after defaulting seccomp to docker/default, which the
     * API server stores as the RuntimeDefault field.
     */
    @Test
    void copiedRestricted(@TempDir Path tmp) throws IOException {
        JsonNode a = analyze("copied-restricted");
        JsonNode p = psp(a, "eks.restricted");
        assertEquals(0, p.get("configurationErrors").size());
        assertEquals("privileged", p.get("level").asText());
        for (JsonNode r : p.get("reasons")) {
            assertEquals("seLinux", r.get("rule").asText(), p.toString());
        }
        JsonNode web = result(verify("copied-restricted", tmp), "web");
        assertEquals("eks.restricted", web.get("old").get("psp").asText());
        assertTrue(texts(web.get("old").get("fieldsToAdd"))
                .contains("spec.template.spec.securityContext.seccompProfile.type=RuntimeDefault"));
        assertTrue(web.get("explained").asBoolean());
    }
}
