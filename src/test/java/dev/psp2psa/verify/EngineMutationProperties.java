package dev.psp2psa.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.cel.JsonPatchCel;
import dev.psp2psa.cli.CliRunResult;
import dev.psp2psa.format.Json;
import dev.psp2psa.format.Yaml;
import dev.psp2psa.input.PolicyDirReader;
import dev.psp2psa.inventory.PolicySet;
import dev.psp2psa.psp.Admission;
import dev.psp2psa.psp.Generators;
import dev.psp2psa.psp.PodCreate;
import dev.psp2psa.psp.PspAnalyzer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * End to end, for every engine: a generated PSP usable by every service account of one namespace is converted, and
 * the mutations of the tree (MutatingAdmissionPolicy on 1.36, Kyverno ClusterPolicy mutate rules, Gatekeeper
 * mutators), applied by verify's interpreters to a generated pod, give the pod PSP admission's own mutation gives
 * wherever that PSP admits the mutated pod. Compared as stored (seccomp synced), capability lists as sets, without the
 * AppArmor annotation (not written for runtime/default, which an unset profile gets) and without ephemeral containers.
 */
class EngineMutationProperties {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();

    private static final String RBAC = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: use-generated
            rules:
            - apiGroups: ['policy']
              resources: ['podsecuritypolicies']
              verbs: ['use']
              resourceNames: ['%s']
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: use-generated
              namespace: team
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: use-generated
            subjects:
            - kind: Group
              name: system:serviceaccounts:team
              apiGroup: rbac.authorization.k8s.io
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team
            """;

    @Property(tries = 40)
    void everyEnginesMutationsGiveThePodPspGives(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed)
            throws Exception {
        Random r = new Random(seed);
        PodSecurityPolicy psp = Generators.psp(r);
        Assume.that(ANALYZER.configurationErrors(psp).isEmpty() && !ANALYZER.mutations(psp).isEmpty());
        Generators.PodParts parts = Generators.pod(r);
        parts.spec().setEphemeralContainers(null);
        Admission own = ANALYZER.admit(psp, parts.meta(), parts.spec());
        Path dir = Files.createTempDirectory("psp2psa-mutations");
        try {
            Files.writeString(dir.resolve("psp.yaml"), Yaml.write(Json.mapper().convertValue(psp, Object.class)));
            Files.writeString(dir.resolve("rbac.yaml"), RBAC.formatted(psp.getMetadata().getName()));
            Pod submitted = new PodBuilder().withMetadata(parts.meta()).withSpec(parts.spec()).build();
            submitted.getMetadata().setNamespace("team");
            for (String engine : List.of("vap", "kyverno", "gatekeeper")) {
                JsonNode expected = normal(PodCreate.stored(own.metadata(), own.spec()), engine, submitted);
                Path out = dir.resolve(engine);
                CliRunResult c = CliRunResult.of("convert", "-f", dir.resolve("psp.yaml").toString(), "-f",
                        dir.resolve("rbac.yaml").toString(), "-o", out.toString(), "--engines", engine,
                        "--cluster-version", "v1.36");
                assertEquals(0, c.exitCode(), c.err());
                PolicySet set = PolicyDirReader.standard().read(out.toString());
                Pod mutated = CelMutator.apply(set.celMutations(), "team", submitted, new CelEvaluator(),
                        new JsonPatchCel()).pod();
                mutated = KyvernoMutator.apply(set.kyvernoMutations(), "team", mutated);
                mutated = GatekeeperMutator.apply(set.mutators(), "team", mutated);
                assertEquals(expected, normal(PodCreate.stored(mutated.getMetadata(), mutated.getSpec()), engine,
                        submitted),
                        engine + " with " + ANALYZER.mutations(psp));
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * The spec compared: the run-as fields as each container's effective value (its own, else the pod's), since the
     * webhook engines write those defaults at the pod level ({@code AgreedDefaults.webhookPath}); capability lists as
     * sets; without the AppArmor fields. Two documented deviations of the webhook engines are left out of their
     * comparison (docs/policies.md): Kyverno adds a capability list only where the container has none, where PSP merged
     * into the container's own, and Gatekeeper merges (ModifySet) but cannot leave out a default add the container
     * drops; and they set {@code runAsNonRoot} where the pod sets a user ID but not
     * {@code runAsNonRoot}, and the seccomp field where the pod sets only the seccomp annotation, which neither
     * Kyverno's anchors nor a Gatekeeper path test can look at.
     */
    private static JsonNode normal(Pod pod, String engine, Pod submitted) {
        ObjectNode spec = Json.mapper().valueToTree(pod.getSpec());
        JsonNode own = Json.mapper().valueToTree(submitted.getSpec());
        boolean webhook = !engine.equals("vap");
        JsonNode podSc = spec.path("securityContext");
        JsonNode ownPodSc = own.path("securityContext");
        for (String list : List.of("containers", "initContainers")) {
            int i = 0;
            for (JsonNode c : spec.path(list)) {
                JsonNode ownSc = own.path(list).path(i++).path("securityContext");
                if (!(c instanceof ObjectNode co)) {
                    continue;
                }
                ObjectNode sc = co.path("securityContext") instanceof ObjectNode o ? o : co.putObject("securityContext");
                for (String f : List.of("runAsUser", "runAsGroup", "runAsNonRoot")) {
                    if (!sc.has(f) && podSc.has(f)) {
                        sc.set(f, podSc.get(f));
                    }
                }
                boolean uid = ownSc.has("runAsUser") || ownPodSc.has("runAsUser");
                if (webhook && uid && !ownSc.has("runAsNonRoot") && !ownPodSc.has("runAsNonRoot")) {
                    sc.remove("runAsNonRoot");
                }
                sc.remove("appArmorProfile");
                if (sc.path("capabilities") instanceof ObjectNode caps) {
                    for (String k : List.of("add", "drop")) {
                        // Kyverno adds a list only where there is none; Gatekeeper merges (ModifySet) but cannot leave
                        // out a default add the container drops.
                        boolean ownAdd = ownSc.path("capabilities").path("add").size() > 0;
                        boolean ownDrop = ownSc.path("capabilities").path("drop").size() > 0;
                        boolean init = list.equals("initContainers");
                        boolean skip = engine.equals("kyverno")
                                ? (k.equals("add") && (ownAdd || ownDrop)) || (k.equals("drop") && init && ownDrop)
                                : engine.equals("gatekeeper") && k.equals("add") && ownDrop;
                        if (skip) {
                            caps.remove(k);
                        } else if (caps.path(k) instanceof ArrayNode a) {
                            TreeSet<String> set = new TreeSet<>();
                            a.forEach(x -> set.add(x.asText()));
                            a.removeAll();
                            set.forEach(a::add);
                            if (set.isEmpty()) {
                                caps.remove(k);
                            }
                        }
                    }
                    if (caps.isEmpty()) {
                        sc.remove("capabilities");
                    }
                }
                if (sc.isEmpty()) {
                    co.remove("securityContext");
                }
            }
        }
        if (spec.path("securityContext") instanceof ObjectNode psc) {
            psc.remove(List.of("runAsUser", "runAsGroup", "runAsNonRoot", "appArmorProfile"));
            boolean annotationOnly = submitted.getMetadata().getAnnotations() != null && submitted.getMetadata()
                    .getAnnotations().containsKey("seccomp.security.alpha.kubernetes.io/pod")
                    && !ownPodSc.has("seccompProfile");
            if (webhook && annotationOnly) {
                psc.remove("seccompProfile");
            }
            if (psc.isEmpty()) {
                spec.remove("securityContext");
            }
        }
        return spec;
    }
}
