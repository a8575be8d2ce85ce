package dev.psp2psa.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.cel.JsonPatchCel;
import dev.psp2psa.cli.CliRunResult;
import dev.psp2psa.format.Json;
import dev.psp2psa.input.CelMutationReader;
import dev.psp2psa.input.PolicyDirReader;
import dev.psp2psa.inventory.CelMutation;
import dev.psp2psa.inventory.PolicySet;
import dev.psp2psa.policy.CelMutations;
import dev.psp2psa.psp.PspDefault;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSONPatch mutations psp2psa writes for MutatingAdmissionPolicies and Kyverno MutatingPolicies, executed with
 * dev.cel by verify's interpreter ({@link CelMutator}): each default is added only where PSP admission added it
 * ({@code pkg/security/podsecuritypolicy/provider.go}), and on the sample the policies admit the workloads that relied
 * on PSP's defaults.
 */
class CelMutatorTest {

    private static final CelEvaluator CEL = new CelEvaluator();
    private static final JsonPatchCel PATCHES = new JsonPatchCel();

    private static final List<PspDefault> RESTRICTED = List.of(
            new PspDefault("allowPrivilegeEscalation", "allowPrivilegeEscalation",
                    "spec.containers[*].securityContext.allowPrivilegeEscalation", "false"),
            new PspDefault("capabilities", "requiredDropCapabilities",
                    "spec.containers[*].securityContext.capabilities.drop", "ALL"),
            new PspDefault("runAsUser", "runAsUser", "spec.containers[*].securityContext.runAsNonRoot", "true"),
            new PspDefault("fsGroup", "fsGroup", "spec.securityContext.fsGroup", "1"),
            new PspDefault("seLinux", "seLinux", "spec.securityContext.seLinuxOptions", "{level:s0:c123,c456}",
                    Map.of("level", "s0:c123,c456")));

    private static CelMutation policy(List<String> conditions) {
        List<String> skipped = new ArrayList<>();
        List<String> expressions = CelMutations.expressions(RESTRICTED, "batch", skipped);
        assertTrue(skipped.isEmpty(), skipped.toString());
        return new CelMutation("vap", "MutatingAdmissionPolicy", "admissionregistration.k8s.io/v1", "p", "f:1", PolicySet.Scope.of(List.of("batch")),
                conditions, expressions);
    }

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("batch").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("app:1").endContainer().endSpec();
    }

    private static Pod mutate(Pod pod) {
        CelMutator.Result r = CelMutator.apply(List.of(policy(List.of())), "batch", pod, CEL, PATCHES);
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        return r.pod();
    }

    @Test
    void aBarePodGetsEveryDefault() {
        Pod out = mutate(pod().editSpec().addNewInitContainer().withName("init").withImage("i:1").endInitContainer()
                .endSpec().build());
        for (Container c : List.of(out.getSpec().getContainers().get(0), out.getSpec().getInitContainers().get(0))) {
            assertEquals(false, c.getSecurityContext().getAllowPrivilegeEscalation(), c.getName());
            assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), c.getName());
            assertEquals(true, c.getSecurityContext().getRunAsNonRoot(), c.getName());
        }
        assertEquals(1L, out.getSpec().getSecurityContext().getFsGroup());
        // The level keeps its comma: the value is written whole, not split.
        assertEquals("s0:c123,c456", out.getSpec().getSecurityContext().getSeLinuxOptions().getLevel());
    }

    @Test
    void whatThePodSetsIsKeptAndCapabilitiesAreMerged() {
        Pod in = pod().editSpec().editContainer(0).withNewSecurityContext().withAllowPrivilegeEscalation(true)
                .withNewCapabilities().withDrop("NET_RAW").endCapabilities().endSecurityContext().endContainer()
                .withNewSecurityContext().withFsGroup(7L).endSecurityContext().endSpec().build();
        Pod out = mutate(in);
        Container c = out.getSpec().getContainers().get(0);
        assertEquals(true, c.getSecurityContext().getAllowPrivilegeEscalation(), "set by the pod: kept");
        assertEquals(List.of("NET_RAW", "ALL"), c.getSecurityContext().getCapabilities().getDrop(),
                "PSP's union of the pod's drops and the required ones");
        assertEquals(7L, out.getSpec().getSecurityContext().getFsGroup());
        assertNull(in.getSpec().getContainers().get(0).getSecurityContext().getRunAsNonRoot(), "the input is unchanged");
    }

    @Test
    void aUserIdAnywhereMeansNoRunAsNonRoot() {
        // provider.go: runAsNonRoot is set only where neither it nor runAsUser is set, at either level.
        Pod podLevel = mutate(pod().editSpec().withNewSecurityContext().withRunAsUser(1000L).endSecurityContext()
                .endSpec().build());
        assertNull(podLevel.getSpec().getContainers().get(0).getSecurityContext().getRunAsNonRoot());
        Pod containerLevel = mutate(pod().editSpec().editContainer(0).withNewSecurityContext().withRunAsUser(5L)
                .endSecurityContext().endContainer().endSpec().build());
        assertNull(containerLevel.getSpec().getContainers().get(0).getSecurityContext().getRunAsNonRoot());
    }

    @Test
    void aPodWithNothingToAddIsReturnedAsItIs() {
        Pod full = pod().editSpec().editContainer(0).withNewSecurityContext().withAllowPrivilegeEscalation(false)
                .withRunAsNonRoot(true).withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer().withNewSecurityContext().withFsGroup(1L).withNewSeLinuxOptions().withLevel("s0")
                .endSeLinuxOptions().endSecurityContext().endSpec().build();
        assertSame(full, mutate(full));
    }

    @Test
    void theServiceAccountConditionSelectsTheClass() {
        CelMutations.Policy in = new CelMutations.Policy("p", "batch", List.of(), true, List.of("builder"), List.of(),
                List.of(), List.of());
        CelMutations.Policy notIn = new CelMutations.Policy("p", "batch", List.of(), false, List.of("builder"), List.of(),
                List.of(), List.of());
        Pod builder = pod().editSpec().withServiceAccountName("builder").endSpec().build();
        Pod unset = pod().build();
        assertTrue(CEL.evaluate(in.matchCondition(), builder));
        assertFalse(CEL.evaluate(in.matchCondition(), unset));
        assertFalse(CEL.evaluate(notIn.matchCondition(), builder));
        assertTrue(CEL.evaluate(notIn.matchCondition(), unset));
        // An unset service account is "default", as the ServiceAccount admission plugin makes it.
        CelMutations.Policy byDefault = new CelMutations.Policy("p", "batch", List.of(), true, List.of("default"), List.of(),
                List.of(), List.of());
        assertTrue(CEL.evaluate(byDefault.matchCondition(), unset));
        CelMutation selective = policy(List.of(in.matchCondition()));
        assertSame(unset, CelMutator.apply(List.of(selective), "batch", unset, CEL, PATCHES).pod());
        assertSame(builder, CelMutator.apply(List.of(selective), "other", builder, CEL, PATCHES).pod(),
                "another namespace");
        assertEquals(true, CelMutator.apply(List.of(selective), "batch", builder, CEL, PATCHES).pod().getSpec()
                .getContainers().get(0).getSecurityContext().getRunAsNonRoot());
    }

    @Test
    void aPatchThatDoesNotApplyRejectsThePod() {
        // RFC 6902: add needs the parent; with failurePolicy Fail the API server rejects the pod.
        CelMutation broken = new CelMutation("vap", "MutatingAdmissionPolicy", "admissionregistration.k8s.io/v1", "broken", "f:1",
                PolicySet.Scope.everywhere(), List.of(), List.of(
                        "[JSONPatch{op: \"add\", path: \"/spec/securityContext/fsGroup\", value: 1}]"));
        CelMutator.Result r = CelMutator.apply(List.of(broken), "batch", pod().build(), CEL, PATCHES);
        assertEquals(1, r.failures().size());
        assertTrue(r.failures().get(0).message().contains("has no securityContext"), r.failures().toString());
        CelMutation remove = new CelMutation("vap", "MutatingAdmissionPolicy", "admissionregistration.k8s.io/v1", "remove", "f:1",
                PolicySet.Scope.everywhere(), List.of(), List.of("[JSONPatch{op: \"remove\", path: \"/spec\"}]"));
        assertTrue(CelMutator.apply(List.of(remove), "batch", pod().build(), CEL, PATCHES).failures().get(0)
                .message().contains("only the add operation"));
    }

    @Test
    void jsonPointerKeysAreEscaped() {
        assertEquals("container.apparmor.security.beta.kubernetes.io~1app", JsonPatchCel.escapeKey(
                "container.apparmor.security.beta.kubernetes.io/app"));
        assertEquals("a~0b", JsonPatchCel.escapeKey("a~b"));
        List<JsonPatchCel.Operation> ops = PATCHES.evaluate("[JSONPatch{op: \"add\", path: \"/metadata/annotations/\""
                + " + jsonpatch.escapeKey(\"x/y\"), value: \"v\"}]", CelEvaluator.toObject(pod().build()));
        assertEquals("/metadata/annotations/x~1y", ops.get(0).path());
        assertThrows(CelEvaluator.CelError.class, () -> PATCHES.compile("\"x\""), "not a list of JSONPatch");
        assertThrows(CelEvaluator.CelError.class, () -> PATCHES.compile("[JSONPatch{op: \"add\", pathx: \"/\"}]"),
                "no such field");
    }

    /**
     * On samples/cluster for Kubernetes 1.36 with the vap engine, the MutatingAdmissionPolicies admit the workloads of
     * batch and payments that relied on PSP's defaults; without them the same workloads are denied.
     */
    @Test
    void thePoliciesRestorePspDefaultsOnTheSample(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CliRunResult c = CliRunResult.of("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines", "vap",
                "--cluster-version", "v1.36");
        assertEquals(0, c.exitCode(), c.err());
        PolicySet set = PolicyDirReader.standard().read(out.toString());
        assertFalse(set.celMutations().isEmpty());
        // The default class: every namespace the input does not name gets the cluster-wide PSP's defaults.
        CelMutation unlisted = set.celMutations().stream().filter(m -> m.name().equals(
                "psp2psa-defaults-default-class")).findFirst().orElseThrow();
        assertTrue(unlisted.scope().covers("team-new"));
        assertFalse(unlisted.scope().covers("batch"));
        Pod created = CelMutator.apply(List.of(unlisted), "team-new", pod().build(), CEL, PATCHES).pod();
        assertEquals(false, created.getSpec().getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(Files.readString(out.resolve("README.md")).contains("vap-mutations/"));
        List<String> relied = List.of("db-migrate", "ledger", "nightly-report");
        JsonNode with = verify(out);
        int checked = 0;
        for (JsonNode r : with) {
            if (relied.contains(r.get("name").asText())) {
                assertEquals("bothAdmit", r.get("outcome").asText(), r.toString());
                checked++;
            }
        }
        assertEquals(3, checked);
        // On a 1.35 cluster, which serves no MutatingAdmissionPolicy v1, the folder is left out: the workloads that
        // relied on a required default (db-migrate: allowPrivilegeEscalation, capabilities, runAsNonRoot) are denied;
        // ledger and nightly-report relied only on fsGroup, supplementalGroups and AppArmor, checked when set.
        CliRunResult older = CliRunResult.of("verify", "-f", "samples/cluster", "--policies", out.toString(),
                "--cluster-version", "v1.35", "--format", "json");
        assertTrue(older.err().contains("vap-mutations/ is left out"), older.err());
        for (JsonNode r : Json.mapper().readTree(older.out()).get("results")) {
            String name = r.get("name").asText();
            if (relied.contains(name)) {
                assertEquals(name.equals("db-migrate") ? "nowDenied" : "bothAdmit", r.get("outcome").asText(),
                        r.toString());
            }
        }
    }

    /**
     * 1.34 and 1.35 serve MutatingAdmissionPolicy only as v1beta1 behind a feature gate: convert writes it only when
     * asked, the objects validate against the v1beta1 types, and verify for 1.35 runs them; anywhere else the option
     * is a usage error.
     */
    @Test
    void theBetaApiOnRequestFor134And135(@TempDir Path tmp) throws Exception {
        Path plain = tmp.resolve("plain");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", plain.toString(), "--engines", "vap",
                "--cluster-version", "v1.35").exitCode());
        assertFalse(Files.exists(plain.resolve(CelMutationReader.MAP_DIRECTORY)), "not without asking");
        Path beta = tmp.resolve("beta");
        CliRunResult c = CliRunResult.of("convert", "-f", "samples/cluster", "-o", beta.toString(), "--engines", "vap",
                "--cluster-version", "v1.35", "--mutating-admission-policy-beta");
        assertEquals(0, c.exitCode(), c.err());
        Path batch = beta.resolve(CelMutationReader.MAP_DIRECTORY).resolve("psp2psa-defaults-batch.yaml");
        var policy = dev.psp2psa.format.Yaml.mapper().readValue(batch.toFile(),
                io.fabric8.kubernetes.api.model.admissionregistration.v1beta1.MutatingAdmissionPolicy.class);
        assertEquals("admissionregistration.k8s.io/v1beta1", policy.getApiVersion());
        assertTrue(policy.getAdditionalProperties().isEmpty());
        for (JsonNode r : verify(beta)) {
            if (r.get("name").asText().equals("db-migrate")) {
                assertEquals("bothAdmit", r.get("outcome").asText(), r.toString());
            }
        }
        // A 1.33 cluster serves no MutatingAdmissionPolicy: verify leaves the folder out and says so.
        CliRunResult older = CliRunResult.of("verify", "-f", "samples/cluster", "--policies", beta.toString(),
                "--cluster-version", "v1.33");
        assertTrue(older.err().contains("MutatingAdmissionPolicy admissionregistration.k8s.io/v1beta1 is served by "
                + "Kubernetes 1.34–1.35, not by v1.33"), older.err());
        for (String version : List.of("v1.33", "v1.36")) {
            CliRunResult wrong = CliRunResult.of("convert", "-f", "samples/cluster", "-o", tmp.resolve(version)
                    .toString(), "--engines", "vap", "--cluster-version", version, "--mutating-admission-policy-beta");
            assertEquals(2, wrong.exitCode(), wrong.err());
        }
        CliRunResult noVap = CliRunResult.of("convert", "-f", "samples/cluster", "-o", tmp.resolve("gk").toString(),
                "--engines", "gatekeeper", "--cluster-version", "v1.35", "--mutating-admission-policy-beta");
        assertEquals(2, noVap.exitCode(), noVap.err());
        assertTrue(noVap.err().contains("needs the vap engine"), noVap.err());
    }

    @Test
    void aMutationOfAnotherFormIsRefused(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines", "vap",
                "--cluster-version", "v1.36").exitCode());
        Path batch = out.resolve(CelMutationReader.MAP_DIRECTORY).resolve("psp2psa-defaults-batch.yaml");
        Files.writeString(batch, Files.readString(batch).replaceFirst("patchType: JSONPatch",
                "patchType: ApplyConfiguration"));
        CliRunResult v = CliRunResult.of("verify", "-f", "samples/cluster", "--policies", out.toString());
        assertEquals(3, v.exitCode(), v.out() + v.err());
        assertTrue(v.err().contains("not a JSONPatch"), v.err());
    }

    /**
     * The admission configuration's exempt runtime classes: PSA checks no pod that names one (PodSecurity's
     * exemptions), while the policies still do; exempt usernames are said, since the input does not say who creates
     * which pod.
     */
    @Test
    void exemptRuntimeClassesAreNotCheckedByPsa(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/cluster", "-o", out.toString(), "--engines", "vap",
                "--cluster-version", "v1.30", "--exempt-runtime-class", "gvisor", "--exempt-username", "ci-bot")
                .exitCode());
        PolicySet set = PolicyDirReader.standard().read(out.toString());
        assertEquals(java.util.Set.of("gvisor"), set.exemptRuntimeClasses());
        NewAdmission admission = new NewAdmission(set, dev.psp2psa.pss.PodSecurityEvaluator.standard(), CEL);
        io.fabric8.kubernetes.api.model.PodSpec privileged = new PodBuilder().withNewSpec().addNewContainer()
                .withName("c").withImage("i").withNewSecurityContext().withPrivileged(true).endSecurityContext()
                .endContainer().endSpec().build().getSpec();
        NewDecision checked = admission.decide("batch", new io.fabric8.kubernetes.api.model.ObjectMeta(), privileged);
        assertTrue(checked.violations().stream().anyMatch(v -> v.engine().equals(PolicyViolation.PSA)));
        privileged.setRuntimeClassName("gvisor");
        NewDecision exempt = admission.decide("batch", new io.fabric8.kubernetes.api.model.ObjectMeta(), privileged);
        assertTrue(exempt.violations().stream().noneMatch(v -> v.engine().equals(PolicyViolation.PSA)),
                exempt.violations().toString());
        assertFalse(exempt.allowed(), "the gap policies still check it");
        CliRunResult v = CliRunResult.of("verify", "-f", "samples/cluster", "--policies", out.toString());
        assertTrue(v.err().contains("exempts the requests of ci-bot from PSA"), v.err());
    }

    private static JsonNode verify(Path out) throws Exception {
        CliRunResult v = CliRunResult.of("verify", "-f", "samples/cluster", "--policies", out.toString(), "--format",
                "json");
        return Json.mapper().readTree(v.out()).get("results");
    }
}
