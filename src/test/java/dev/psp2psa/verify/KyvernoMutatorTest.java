package dev.psp2psa.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.cli.CliRunResult;
import dev.psp2psa.format.Json;
import dev.psp2psa.input.KyvernoMutationReader;
import dev.psp2psa.input.PolicyDirReader;
import dev.psp2psa.inventory.KyvernoMutation;
import dev.psp2psa.inventory.PolicySet;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kyverno mutate rules convert writes, executed: the add-if-absent and conditional anchors and the foreach
 * annotation as Kyverno's docs define them ("Mutate Resources"), and on the sample the mutated pod equals the pod PSP
 * admission made of the same submission.
 */
class KyvernoMutatorTest {

    private static Pod pod(String account, Boolean escalation) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
                .withServiceAccountName(account).addNewContainer().withName("app").withImage("app:1")
                .withNewSecurityContext().withAllowPrivilegeEscalation(escalation).endSecurityContext().endContainer()
                .addNewInitContainer().withName("init").withImage("init:1").endInitContainer().endSpec().build();
    }

    private static KyvernoMutation defaults(String operator, List<String> accounts) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("(name)", "?*");
        container.put("securityContext", Map.of("+(allowPrivilegeEscalation)", false,
                "capabilities", Map.of("+(drop)", List.of("ALL"))));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("securityContext", Map.of("+(fsGroup)", 1));
        spec.put("containers", List.of(container));
        spec.put("initContainers", List.of(container));
        return new KyvernoMutation("p", "defaults", "f:1", List.of("batch"), List.of(), operator, accounts,
                Map.of("spec", spec), null, null, null, null);
    }

    @Test
    void anAbsentFieldIsAddedAndASetOneKept() {
        Pod out = KyvernoMutator.apply(List.of(defaults(null, List.of())), "batch", pod(null, true));
        assertEquals(1L, out.getSpec().getSecurityContext().getFsGroup());
        // The container set it: +() keeps the pod's own value.
        assertEquals(true, out.getSpec().getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), out.getSpec().getContainers().get(0).getSecurityContext().getCapabilities()
                .getDrop());
        // The init container had no securityContext: it is created.
        assertEquals(false, out.getSpec().getInitContainers().get(0).getSecurityContext()
                .getAllowPrivilegeEscalation());
        assertNull(out.getSpec().getEphemeralContainers() == null || out.getSpec().getEphemeralContainers().isEmpty()
                ? null : "ephemeral containers were created");
    }

    @Test
    void namespaceAndServiceAccountPreconditionsSelectThePod() {
        Pod own = pod("builder", null);
        assertSame(own, KyvernoMutator.apply(List.of(defaults(null, List.of())), "other", own));
        assertSame(own, KyvernoMutator.apply(List.of(defaults("AnyIn", List.of("deployer"))), "batch", own));
        assertSame(own, KyvernoMutator.apply(List.of(defaults("AnyNotIn", List.of("builder"))), "batch", own));
        assertEquals(1L, KyvernoMutator.apply(List.of(defaults("AnyIn", List.of("builder"))), "batch", own)
                .getSpec().getSecurityContext().getFsGroup());
        // An unset service account is "default", as the precondition's key says.
        assertEquals(1L, KyvernoMutator.apply(List.of(defaults("AnyIn", List.of("default"))), "batch",
                pod(null, null)).getSpec().getSecurityContext().getFsGroup());
    }

    @Test
    void theDefaultClassRuleSkipsTheExcludedNamespaces() {
        // A rule without namespaces matches every namespace but those of exclude.any[].resources.namespaces.
        KyvernoMutation every = new KyvernoMutation("p", "defaults", "f:1", List.of(), List.of("batch", "kube-*"),
                null, List.of(), defaults(null, List.of()).patch(), null, null, null, null);
        Pod in = pod(null, null);
        assertSame(in, KyvernoMutator.apply(List.of(every), "batch", in));
        assertSame(in, KyvernoMutator.apply(List.of(every), "kube-system", in));
        assertEquals(1L, KyvernoMutator.apply(List.of(every), "team-new", in).getSpec().getSecurityContext()
                .getFsGroup());
    }

    /**
     * The drop-merging foreach after the defaults rule: a container without drops gets the required ones from the
     * defaults rule, one with its own list gets those it lacks appended (PSP's union), in the rules' order.
     */
    @Test
    void requiredDropsAreMergedIntoTheContainersOwnList() {
        KyvernoMutation merge = new KyvernoMutation("p", "capabilities", "f:1", List.of("batch"), List.of(), null,
                List.of(), null, "containers", null, null, "ALL");
        Pod in = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().addNewContainer()
                .withName("app").withImage("app:1").withNewSecurityContext().withNewCapabilities().withDrop("NET_RAW")
                .endCapabilities().endSecurityContext().endContainer().addNewContainer().withName("side")
                .withImage("side:1").endContainer().endSpec().build();
        Pod out = KyvernoMutator.apply(List.of(defaults(null, List.of()), merge), "batch", in);
        assertEquals(List.of("NET_RAW", "ALL"), out.getSpec().getContainers().get(0).getSecurityContext()
                .getCapabilities().getDrop());
        assertEquals(List.of("ALL"), out.getSpec().getContainers().get(1).getSecurityContext().getCapabilities()
                .getDrop(), "from the defaults rule");
        // Alone, a container without a list makes the JSON patch fail, as it would in Kyverno.
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KyvernoMutator.apply(List.of(merge), "batch", in));
    }

    @Test
    void theConditionalAnchorSelectsOnlyMatchingElements() {
        assertTrue(KyvernoMutator.wildcard("?*", "app"));
        assertFalse(KyvernoMutator.wildcard("?*", ""));
        assertTrue(KyvernoMutator.wildcard("a?p", "app"));
        assertFalse(KyvernoMutator.wildcard("a.p", "app"));
    }

    @Test
    void theForeachAddsAnAbsentAnnotationPerContainer() {
        KyvernoMutation appArmor = new KyvernoMutation("p", "apparmor", "f:1", List.of("batch"), List.of(), null, List.of(),
                null, "containers", "container.apparmor.security.beta.kubernetes.io/{{element.name}}",
                "localhost/x", null);
        Pod own = pod(null, null);
        own.getMetadata().setAnnotations(Map.of("container.apparmor.security.beta.kubernetes.io/app", "unconfined"));
        assertSame(own, KyvernoMutator.apply(List.of(appArmor), "batch", own));
        Pod bare = pod(null, null);
        assertEquals(Map.of("container.apparmor.security.beta.kubernetes.io/app", "localhost/x"),
                KyvernoMutator.apply(List.of(appArmor), "batch", bare).getMetadata().getAnnotations());
    }

    @Test
    void aRuleOfAnotherFormIsRefused(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines",
                "kyverno", "--cluster-version", "v1.30", "--emit-mutations").exitCode());
        Path batch = out.resolve(KyvernoMutationReader.DIRECTORY).resolve("psp2psa-defaults-batch.yaml");
        Files.writeString(batch, Files.readString(batch).replace("    mutate:\n", "    context: []\n    mutate:\n"));
        CliRunResult v = CliRunResult.of("verify", "-f", "samples/cluster", "--policies", out.toString());
        assertEquals(3, v.exitCode(), v.out() + v.err());
        assertTrue(v.err().contains("cannot be evaluated by psp2psa"), v.err());
    }

    /**
     * On samples/cluster (Kubernetes 1.30, Kyverno), the pods of batch and payments that relied on PSP's defaults are
     * admitted by PSP and by the new set with its mutate rules applied.
     */
    @Test
    void theEmittedRulesRestorePspDefaultsOnTheSample(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CliRunResult c = CliRunResult.of("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines",
                "kyverno", "--cluster-version", "v1.30", "--emit-mutations");
        assertEquals(0, c.exitCode(), c.err());
        PolicySet set = PolicyDirReader.standard().read(out.toString());
        assertFalse(set.kyvernoMutations().isEmpty());
        assertTrue(Files.readString(out.resolve("README.md")).contains("   - Kyverno: `kubectl apply -k "
                + "kyverno-mutations/`"));
        CliRunResult v = CliRunResult.of("verify", "-f", "samples/cluster", "--policies", out.toString(),
                "--format", "json");
        JsonNode results = Json.mapper().readTree(v.out()).get("results");
        int checked = 0;
        for (JsonNode r : results) {
            String name = r.get("name").asText();
            if (List.of("db-migrate", "ledger", "nightly-report").contains(name)) {
                assertEquals("bothAdmit", r.get("outcome").asText(), name + ": " + r);
                assertEquals(0, r.get("new").get("violations").size(), name + ": " + r);
                checked++;
            }
        }
        assertEquals(3, checked);
        // Without the mutate rules the same pods are denied: the rules are what admits them.
        deleteTree(out.resolve(KyvernoMutationReader.DIRECTORY));
        JsonNode without = Json.mapper().readTree(CliRunResult.of("verify", "-f", "samples/cluster", "--policies",
                out.toString(), "--format", "json").out()).get("results");
        for (JsonNode r : without) {
            if (r.get("name").asText().equals("db-migrate")) {
                assertFalse(r.get("outcome").asText().equals("bothAdmit"), r.toString());
            }
        }
    }

    @Test
    void theMutatedPodEqualsPspsOwnMutation(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines",
                "kyverno", "--cluster-version", "v1.30", "--emit-mutations").exitCode());
        PolicySet set = PolicyDirReader.standard().read(out.toString());
        Pod bare = new PodBuilder().withNewMetadata().withName("p").withNamespace("batch").endMetadata()
                .withNewSpec().withServiceAccountName("default").addNewContainer().withName("app").withImage("app:1")
                .endContainer().addNewInitContainer().withName("init").withImage("init:1").endInitContainer()
                .endSpec().build();
        Pod mutated = KyvernoMutator.apply(set.kyvernoMutations(), "batch", bare);
        Pod kyverno = dev.psp2psa.psp.PodCreate.stored(mutated.getMetadata(), mutated.getSpec());
        io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy restricted = SamplePsps.named(
                "samples/cluster/psps.yaml", "restricted");
        dev.psp2psa.psp.Admission admission = dev.psp2psa.psp.PspAnalyzer.standard().admit(restricted,
                bare.getMetadata(), bare.getSpec());
        Pod psp = dev.psp2psa.psp.PodCreate.stored(admission.metadata(), admission.spec());
        // PSP set runAsNonRoot on each container; the rule sets it at the pod level, which each container inherits.
        for (var c : psp.getSpec().getContainers()) {
            assertEquals(true, c.getSecurityContext().getRunAsNonRoot());
            c.getSecurityContext().setRunAsNonRoot(null);
        }
        for (var c : psp.getSpec().getInitContainers()) {
            assertEquals(true, c.getSecurityContext().getRunAsNonRoot());
            c.getSecurityContext().setRunAsNonRoot(null);
        }
        assertEquals(true, kyverno.getSpec().getSecurityContext().getRunAsNonRoot());
        kyverno.getSpec().getSecurityContext().setRunAsNonRoot(null);
        assertEquals(Json.mapper().valueToTree(psp.getSpec()), Json.mapper().valueToTree(kyverno.getSpec()));
        Map<String, String> pspAnnotations = new TreeMap<>(psp.getMetadata().getAnnotations());
        pspAnnotations.remove("kubernetes.io/psp");
        Map<String, String> kyvernoAnnotations = new TreeMap<>(kyverno.getMetadata().getAnnotations());
        // PSP annotated the init container as well; the foreach rule covers the regular containers (docs/policies.md).
        pspAnnotations.remove("container.apparmor.security.beta.kubernetes.io/init");
        assertEquals(pspAnnotations, kyvernoAnnotations);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
