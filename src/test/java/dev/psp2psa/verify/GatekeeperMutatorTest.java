package dev.psp2psa.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.cli.CliRunResult;
import dev.psp2psa.format.Json;
import dev.psp2psa.input.PolicyDirReader;
import dev.psp2psa.inventory.Mutator;
import dev.psp2psa.inventory.PolicySet;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gatekeeper mutators convert writes, executed on pods by verify's interpreter. */
class GatekeeperMutatorTest {

    private static Pod pod(Boolean runAsNonRoot) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("batch").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("app:1").withNewSecurityContext()
                .withRunAsNonRoot(runAsNonRoot).endSecurityContext().endContainer()
                .addNewContainer().withName("side").withImage("side:1").endContainer().endSpec().build();
    }

    private static Mutator runAsNonRoot(String namespace) {
        String location = "spec.containers[name:*].securityContext.runAsNonRoot";
        return new Mutator("Assign", "m", "f:1", location, true, List.of("Pod"), List.of(namespace), List.of(),
                List.of(new Mutator.PathTest(location, false)));
    }

    @Test
    void anUnsetFieldIsSetAndASetOneKept() {
        Pod out = GatekeeperMutator.apply(List.of(runAsNonRoot("batch")), "batch", pod(false));
        assertFalse(out.getSpec().getContainers().get(0).getSecurityContext().getRunAsNonRoot(), "already set: kept");
        assertTrue(out.getSpec().getContainers().get(1).getSecurityContext().getRunAsNonRoot(), "unset: set");
    }

    /** ModifySet merge (gatekeeper modify_set_mutator.go): a missing list is created, a present one gets what it lacks. */
    @Test
    void aModifySetMergesIntoTheContainersList() {
        Mutator drop = new Mutator("ModifySet", "m", "f:1", "spec.containers[name:*].securityContext.capabilities.drop",
                List.of("ALL"), List.of("Pod"), List.of("batch"), List.of(), List.of());
        Pod in = new PodBuilder().withNewMetadata().withName("p").withNamespace("batch").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("app:1").withNewSecurityContext()
                .withNewCapabilities().withDrop("NET_RAW").endCapabilities().endSecurityContext().endContainer()
                .addNewContainer().withName("side").withImage("side:1").endContainer().endSpec().build();
        Pod out = GatekeeperMutator.apply(List.of(drop), "batch", in);
        assertEquals(List.of("NET_RAW", "ALL"), out.getSpec().getContainers().get(0).getSecurityContext()
                .getCapabilities().getDrop());
        assertEquals(List.of("ALL"), out.getSpec().getContainers().get(1).getSecurityContext().getCapabilities()
                .getDrop());
        assertSame(out, GatekeeperMutator.apply(List.of(drop), "batch", out), "nothing left to add");
    }

    @Test
    void anotherNamespaceIsUnchanged() {
        Pod in = pod(null);
        assertSame(in, GatekeeperMutator.apply(List.of(runAsNonRoot("payments")), "batch", in));
        assertNull(in.getSpec().getContainers().get(1).getSecurityContext());
    }

    @Test
    void locationsWithQuotedKeysAndListSelectors() {
        List<GatekeeperMutator.Segment> s = GatekeeperMutator.parse(
                "metadata.annotations.\"seccomp.security.alpha.kubernetes.io/pod\"");
        assertEquals("seccomp.security.alpha.kubernetes.io/pod", s.get(2).field());
        GatekeeperMutator.Segment list = GatekeeperMutator.parse("spec.containers[name: *].image").get(1);
        assertEquals("containers", list.field());
        assertEquals("name", list.key());
        assertTrue(list.glob());
        assertTrue(GatekeeperMutator.glob("kube-*", "kube-system"));
        assertFalse(GatekeeperMutator.glob("kube-*", "shop"));
    }

    @Test
    void anAssignMetadataOnlyAddsAnAbsentAnnotation() {
        Mutator m = new Mutator("AssignMetadata", "a", "f:1",
                "metadata.annotations.\"seccomp.security.alpha.kubernetes.io/pod\"", "runtime/default", List.of(),
                List.of(), List.of(), List.of());
        Pod set = GatekeeperMutator.apply(List.of(m), "batch", pod(null));
        assertEquals("runtime/default", set.getMetadata().getAnnotations().get("seccomp.security.alpha.kubernetes.io/pod"));
        Pod own = pod(null);
        own.getMetadata().setAnnotations(Map.of("seccomp.security.alpha.kubernetes.io/pod", "unconfined"));
        assertSame(own, GatekeeperMutator.apply(List.of(m), "batch", own));
    }

    /** Another AppArmor default is not what an unset profile gets: convert names the mutator it cannot write. */
    @Test
    void aLocalhostAppArmorDefaultIsNamedAsMissing(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path sample = Path.of("samples/cluster");
        try (var files = java.nio.file.Files.walk(sample)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                Path to = in.resolve(sample.relativize(f).toString());
                java.nio.file.Files.createDirectories(to.getParent());
                java.nio.file.Files.writeString(to, java.nio.file.Files.readString(f)
                        .replace("'runtime/default'", "'localhost/k8s-apparmor-example'"));
            }
        }
        CliRunResult c = CliRunResult.of("convert", "-f", in.toString(), "-o", tmp.resolve("out").toString(),
                "--engines", "gatekeeper", "--emit-mutations");
        assertEquals(0, c.exitCode(), c.err());
        assertTrue(c.out().contains("No Gatekeeper mutator for the AppArmor default localhost/k8s-apparmor-example"
                + " in batch"), c.out());
    }

    /**
     * On samples/cluster, the mutators restore every default the pods of batch and payments relied on; the
     * per-container AppArmor annotation, which no mutator can name, is runtime/default there, which an unset profile
     * gets anyway and the gap policy admits unset, so PSP and the new set both admit those pods.
     */
    @Test
    void theEmittedMutatorsRestorePspDefaultsOnTheSample(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CliRunResult c = CliRunResult.of("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines",
                "gatekeeper", "--emit-mutations");
        assertEquals(0, c.exitCode(), c.err());
        // runtime/default is what an unset AppArmor profile gets anyway: no mutator is missing for it.
        assertFalse(c.out().contains("No Gatekeeper mutator for the AppArmor default"), c.out());
        PolicySet set = PolicyDirReader.standard().read(out.toString());
        assertEquals(10, set.mutators().stream().filter(m -> !m.namespaces().isEmpty()).count());
        assertEquals(10, set.mutators().stream().filter(m -> m.namespaces().isEmpty()).count(), "the default class");
        CliRunResult v = CliRunResult.of("verify", "-f", "samples/cluster", "--policies", out.toString(),
                "--format", "json");
        JsonNode results = Json.mapper().readTree(v.out()).get("results");
        for (JsonNode r : results) {
            String name = r.get("name").asText();
            if (List.of("db-migrate", "ledger", "nightly-report").contains(name)) {
                // They relied on PSP's defaults; the mutators restore them (and an unset AppArmor profile gets the
                // runtime's default, as PSP's did), so PSP and the new set both admit them.
                assertEquals("bothAdmit", r.get("outcome").asText(), name + ": " + r);
                assertEquals(0, r.get("new").get("violations").size(), name + ": " + r);
            }
        }
    }

    @Test
    void theMutatedPodMatchesPspsOwnMutation(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines",
                "gatekeeper", "--emit-mutations").exitCode());
        PolicySet set = PolicyDirReader.standard().read(out.toString());
        Pod bare = new PodBuilder().withNewMetadata().withName("p").withNamespace("batch").endMetadata()
                .withNewSpec().withServiceAccountName("default").addNewContainer().withName("app").withImage("app:1")
                .endContainer().endSpec().build();
        Pod mutated = GatekeeperMutator.apply(set.mutators(), "batch", bare);
        // Both as the API server stores them: the seccomp annotation and field in step.
        Pod gk = dev.psp2psa.psp.PodCreate.stored(mutated.getMetadata(), mutated.getSpec());
        io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy restricted = SamplePsps.named(
                "samples/cluster/psps.yaml", "restricted");
        dev.psp2psa.psp.Admission admission = dev.psp2psa.psp.PspAnalyzer.standard().admit(restricted,
                bare.getMetadata(), bare.getSpec());
        Pod psp = dev.psp2psa.psp.PodCreate.stored(admission.metadata(), admission.spec());
        assertEquals(psp.getSpec().getSecurityContext().getFsGroup(), gk.getSpec().getSecurityContext().getFsGroup());
        assertEquals(psp.getSpec().getSecurityContext().getSupplementalGroups(),
                gk.getSpec().getSecurityContext().getSupplementalGroups());
        assertEquals(psp.getSpec().getSecurityContext().getSeccompProfile(),
                gk.getSpec().getSecurityContext().getSeccompProfile());
        // PSP set it on the container; the mutator sets it at the pod level, which the container inherits.
        assertEquals(true, psp.getSpec().getContainers().get(0).getSecurityContext().getRunAsNonRoot());
        assertEquals(true, gk.getSpec().getSecurityContext().getRunAsNonRoot());
        assertEquals(null, gk.getSpec().getContainers().get(0).getSecurityContext().getRunAsNonRoot());
        assertEquals(psp.getSpec().getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation(),
                gk.getSpec().getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(psp.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getDrop(),
                gk.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getDrop());
    }
}
