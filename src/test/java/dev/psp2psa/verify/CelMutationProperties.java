package dev.psp2psa.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.cel.JsonPatchCel;
import dev.psp2psa.format.Json;
import dev.psp2psa.inventory.CelMutation;
import dev.psp2psa.inventory.PolicySet;
import dev.psp2psa.policy.CelMutations;
import dev.psp2psa.psp.Admission;
import dev.psp2psa.psp.Generators;
import dev.psp2psa.psp.PodCreate;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspDefault;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The JSONPatch mutations psp2psa writes for a PSP's defaults (MutatingAdmissionPolicy, Kyverno MutatingPolicy),
 * executed with dev.cel on random pods, give the pod PSP admission's own mutation gives ({@link PspAnalyzer#admit}),
 * field by field: same values, same fields left unset. Compared as the API server stores both (seccomp synced), with
 * capability lists as sets (PSP sorts them, a JSON patch appends), without the AppArmor annotations a
 * MutatingAdmissionPolicy cannot read (runtime/default needs none; other profiles are reported), and without
 * ephemeral containers, which no created pod has.
 */
class CelMutationProperties {

    private static final PspAnalyzer ANALYZER = PspAnalyzer.standard();
    private static final CelEvaluator CEL = new CelEvaluator();
    private static final JsonPatchCel PATCHES = new JsonPatchCel();

    @Property(tries = 400)
    void theMutationsGiveThePodPspAdmissionGives(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        Random r = new Random(seed);
        PodSecurityPolicy psp = Generators.psp(r);
        Generators.PodParts parts = Generators.pod(r);
        PodSpec spec = parts.spec();
        spec.setEphemeralContainers(null);
        ObjectMeta meta = parts.meta();
        Admission own = ANALYZER.admit(psp, meta, spec);
        Assume.that(ANALYZER.configurationErrors(psp).isEmpty());
        List<PspDefault> defaults = ANALYZER.mutations(psp);
        List<String> skipped = new ArrayList<>();
        List<String> expressions = CelMutations.expressions(defaults, "ns", skipped);
        CelMutation map = new CelMutation("vap", "MutatingAdmissionPolicy", "admissionregistration.k8s.io/v1", "m", "f:1", PolicySet.Scope.everywhere(),
                List.of(), expressions);
        Pod submitted = new io.fabric8.kubernetes.api.model.PodBuilder().withMetadata(meta).withSpec(spec).build();
        CelMutator.Result result = CelMutator.apply(List.of(map), "ns", submitted, CEL, PATCHES);
        assertTrue(result.failures().isEmpty(), () -> result.failures() + "\n" + expressions);
        Pod cel = PodCreate.stored(result.pod().getMetadata(), result.pod().getSpec());
        Pod psa = PodCreate.stored(own.metadata(), own.spec());
        assertEquals(normal(psa), normal(cel), () -> "defaults " + defaults + "\nskipped " + skipped);
    }

    /** The spec as JSON, capability lists as sorted sets, empty capabilities as none, AppArmor fields dropped. */
    private static JsonNode normal(Pod pod) {
        ObjectNode spec = Json.mapper().valueToTree(pod.getSpec());
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : spec.path(list)) {
                JsonNode sc = c.path("securityContext");
                if (sc instanceof ObjectNode o) {
                    o.remove("appArmorProfile");
                    JsonNode caps = o.path("capabilities");
                    if (caps instanceof ObjectNode co) {
                        for (String k : List.of("add", "drop")) {
                            if (co.path(k) instanceof ArrayNode a) {
                                TreeSet<String> set = new TreeSet<>();
                                a.forEach(x -> set.add(x.asText()));
                                a.removeAll();
                                set.forEach(a::add);
                                if (set.isEmpty()) {
                                    co.remove(k);
                                }
                            }
                        }
                        if (co.isEmpty()) {
                            o.remove("capabilities");
                        }
                    }
                }
            }
        }
        if (spec.path("securityContext") instanceof ObjectNode psc) {
            psc.remove("appArmorProfile");
        }
        Iterator<String> names = spec.fieldNames();
        List<String> empty = new ArrayList<>();
        while (names.hasNext()) {
            String n = names.next();
            if (spec.get(n).isNull()) {
                empty.add(n);
            }
        }
        empty.forEach(spec::remove);
        return spec;
    }
}
