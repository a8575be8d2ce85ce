package dev.psp2psa.policy;

import dev.psp2psa.cel.CelEvaluator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.input.HardeningReader;
import dev.psp2psa.input.InputException;
import dev.psp2psa.inventory.Hardening;
import dev.psp2psa.inventory.Hardening.Kind;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardeningCelTest {

    private static final CelEvaluator CEL = new CelEvaluator();

    static Pod pod(String... images) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().endSpec();
        int i = 0;
        for (String image : images) {
            b.editSpec().addToContainers(new ContainerBuilder().withName("c" + i++).withImage(image).build())
                    .endSpec();
        }
        return b.build();
    }

    static boolean passes(Kind kind, List<String> values, Pod pod) {
        return CEL.evaluate(HardeningCel.predicate(new Hardening.Rule(kind, List.of("*"), values)), pod);
    }

    @Test
    void trustedRegistriesArePrefixes() {
        List<String> trusted = List.of("ghcr.io/example/", "registry.k8s.io/");
        assertTrue(passes(Kind.TRUSTED_REGISTRIES, trusted, pod("ghcr.io/example/app:1", "registry.k8s.io/pause")));
        assertEquals(false, passes(Kind.TRUSTED_REGISTRIES, trusted, pod("ghcr.io/example-evil/app:1")));
        assertEquals(false, passes(Kind.TRUSTED_REGISTRIES, trusted, pod("ghcr.io/example/app:1", "nginx")));
        Pod init = pod("ghcr.io/example/app:1");
        init.getSpec().getInitContainers().add(new ContainerBuilder().withName("i").withImage("busybox").build());
        assertEquals(false, passes(Kind.TRUSTED_REGISTRIES, trusted, init), "init containers count");
    }

    @Test
    void latestAndUntaggedImagesFail() {
        assertTrue(passes(Kind.DISALLOW_LATEST_TAG, List.of(), pod("nginx:1.25", "localhost:5000/app:v2")));
        assertTrue(passes(Kind.DISALLOW_LATEST_TAG, List.of(), pod("nginx@sha256:" + "a".repeat(64))));
        assertEquals(false, passes(Kind.DISALLOW_LATEST_TAG, List.of(), pod("nginx:latest")));
        assertEquals(false, passes(Kind.DISALLOW_LATEST_TAG, List.of(), pod("nginx")));
        assertEquals(false, passes(Kind.DISALLOW_LATEST_TAG, List.of(), pod("localhost:5000/app")),
                "a registry port is not a tag");
    }

    @Test
    void digestsAreRequired() {
        assertTrue(passes(Kind.REQUIRE_IMAGE_DIGESTS, List.of(), pod("nginx@sha256:" + "b".repeat(64))));
        assertEquals(false, passes(Kind.REQUIRE_IMAGE_DIGESTS, List.of(), pod("nginx:1.25")));
    }

    @Test
    void readOnlyRootFilesystemAndLimitsAndTokens() {
        Pod p = pod("nginx:1.25");
        assertEquals(false, passes(Kind.READ_ONLY_ROOT_FILESYSTEM, List.of(), p), "absent securityContext fails");
        p.getSpec().getContainers().get(0).setSecurityContext(new io.fabric8.kubernetes.api.model
                .SecurityContextBuilder().withReadOnlyRootFilesystem(true).build());
        assertTrue(passes(Kind.READ_ONLY_ROOT_FILESYSTEM, List.of(), p));

        assertEquals(false, passes(Kind.REQUIRE_RESOURCE_LIMITS, List.of(), p), "absent resources fail");
        p.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model
                .ResourceRequirementsBuilder().withLimits(Map.of("cpu", new Quantity("1"))).build());
        assertEquals(false, passes(Kind.REQUIRE_RESOURCE_LIMITS, List.of(), p), "memory is missing");
        assertTrue(passes(Kind.REQUIRE_RESOURCE_LIMITS, List.of("cpu"), p));

        assertEquals(false, passes(Kind.NO_SERVICE_ACCOUNT_TOKEN, List.of(), p));
        p.getSpec().setAutomountServiceAccountToken(false);
        assertTrue(passes(Kind.NO_SERVICE_ACCOUNT_TOKEN, List.of(), p));
    }

    @Test
    void readsTheSampleAndRejectsMistakes(@TempDir Path tmp) throws Exception {
        Hardening h = HardeningReader.read("samples/hardening.yaml");
        assertEquals(5, h.rules().size());
        assertEquals(Kind.TRUSTED_REGISTRIES, h.rules().get(0).kind());
        assertEquals(List.of("*"), h.rules().get(1).namespaces());
        for (String[] bad : new String[][] {
            {"apiVersion: psp2psa.dev/v1\nkind: Hardening\nrules:\n- rule: noRoot\n  namespaces: [a]\n",
                "unknown rule 'noRoot'"},
            {"apiVersion: psp2psa.dev/v1\nkind: Hardening\nrules:\n- rule: disallowLatestTag\n", "namespaces must list"},
            {"apiVersion: psp2psa.dev/v1\nkind: Hardening\nrules:\n- rule: disallowLatestTag\n  namespaces: [a]\n"
                + "  registries: [x]\n", "unknown field 'registries'"},
            {"apiVersion: psp2psa.dev/v1\nkind: Hardening\nrules:\n- rule: trustedRegistries\n  namespaces: [a]\n",
                "needs registries"},
            {"kind: Hardening\nrules: [\n", "is not valid YAML"},
            {"apiVersion: v1\nkind: ConfigMap\n", "must have apiVersion: psp2psa.dev/v1"},
        }) {
            Path f = tmp.resolve("h.yaml");
            Files.writeString(f, bad[0]);
            InputException e = assertThrows(InputException.class, () -> HardeningReader.read(f.toString()));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            assertTrue(e.getMessage().endsWith("."), e.getMessage());
        }
    }
}
