package dev.psp2psa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.plan.AccountClass;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.PlanBuilder;
import dev.psp2psa.plan.PlanRequest;
import dev.psp2psa.psp.Generators;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The old decision (PSP admission with the PSPs usable for the pod's service account) against the new one (the PSA
 * enforce label of the namespace plus the gap policy, executed with dev.cel): nothing the new policies admit was
 * rejected by PSP, and every sample workload that PSP admitted without relying on a default is still admitted.
 */
class PolicyAgreementTest {

    private static final PspAnalyzer PSP = PspAnalyzer.standard();
    private static final PodSecurityEvaluator PSA = PodSecurityEvaluator.standard();
    private static final CelEvaluator CEL = new CelEvaluator();

    record Setup(Plan plan, Map<String, PodSecurityPolicy> psps, Map<String, GapPolicy> policyByNamespace,
            Inventory inventory) {
    }

    static Setup setup(String sample) {
        Inventory inv = new InventoryReader().read(List.of(sample), null);
        Plan plan = PlanBuilder.standard().build(inv, new PlanRequest(Version.NEWEST,
                new TreeSet<String>(), false));
        Map<String, PodSecurityPolicy> psps = new TreeMap<>();
        inv.ofType(PodSecurityPolicy.class).forEach(p -> psps.put(p.name(), p.object()));
        Map<String, GapPolicy> byNs = new TreeMap<>();
        for (GapPolicy p : GapPolicies.standard().build(plan, psps)) {
            p.namespaces().forEach(ns -> byNs.put(ns, p));
        }
        return new Setup(plan, psps, byNs, inv);
    }

    static List<String> usable(NamespacePlan ns, String serviceAccount) {
        AccountClass others = null;
        for (AccountClass c : ns.accountClasses()) {
            if (c.serviceAccounts().contains(serviceAccount)) {
                return c.psps();
            }
            if (c.others()) {
                others = c;
            }
        }
        return others == null ? List.of() : others.psps();
    }

    static boolean oldAdmits(Setup s, NamespacePlan ns, ObjectMeta meta, PodSpec spec) {
        String sa = spec.getServiceAccountName() == null || spec.getServiceAccountName().isEmpty()
                ? "default" : spec.getServiceAccountName();
        return usable(ns, sa).stream().anyMatch(p -> PSP.admit(s.psps().get(p), meta, spec).allowed());
    }

    /** The validations that deny the pod, by rule; empty when the new policies admit it. */
    static List<String> newDenials(Setup s, NamespacePlan ns, ObjectMeta meta, PodSpec spec) {
        List<String> denials = new ArrayList<>();
        PSA.evaluate(meta, spec, ns.recommended().enforce(), Version.NEWEST).violations()
                .forEach(v -> denials.add("psa:" + v.check()));
        GapPolicy policy = s.policyByNamespace().get(ns.name());
        if (policy != null) {
            Pod pod = new PodBuilder().withMetadata(meta).withSpec(spec).build();
            for (PolicyValidation v : policy.validations()) {
                if (!CEL.evaluate(v.predicate(), pod)) {
                    denials.add("policy:" + v.rule());
                }
            }
        }
        return denials;
    }

    static NamespacePlan ns(Plan plan, String name) {
        return plan.namespaces().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"samples/cluster", "samples/authenticated-privileged", "samples/multi-tenant"})
    void nothingThePoliciesAdmitWasRejectedByPsp(String sample) {
        Setup s = setup(sample);
        Random random = new Random(42);
        int admittedByNew = 0;
        for (NamespacePlan ns : s.plan().namespaces()) {
            if (ns.exempt()) {
                continue;
            }
            List<String> accounts = new ArrayList<>(ns.serviceAccounts());
            accounts.add("not-named-anywhere");
            for (int i = 0; i < 300; i++) {
                Generators.PodParts parts = Generators.pod(random);
                PodSpec spec = parts.spec();
                spec.setServiceAccountName(accounts.get(random.nextInt(accounts.size())));
                // Pods PSP could never have seen (image volumes, API-invalid combinations) are out of scope.
                if (!dev.psp2psa.psp.Gaps.inScope(parts.meta(), spec)) {
                    continue;
                }
                if (newDenials(s, ns, parts.meta(), spec).isEmpty()) {
                    admittedByNew++;
                    assertTrue(oldAdmits(s, ns, parts.meta(), spec), sample + " " + ns.name()
                            + ": the new policies admit a pod PSP rejected: " + new PodBuilder()
                                    .withMetadata(parts.meta()).withSpec(spec).build());
                }
            }
        }
        assertTrue(admittedByNew > 0, "some generated pods are admitted, so the property is not vacuous");
    }

    @ParameterizedTest
    @ValueSource(strings = {"samples/cluster", "samples/authenticated-privileged", "samples/multi-tenant"})
    void workloadsThatReliedOnNoPspDefaultAreStillAdmitted(String sample) {
        Setup s = setup(sample);
        int checked = 0;
        for (Sourced<?> o : s.inventory().objects()) {
            Optional<Workload> w = Workload.of(o);
            if (w.isEmpty() || w.get().podSpec() == null) {
                continue;
            }
            NamespacePlan ns = ns(s.plan(), w.get().namespace());
            String name = w.get().kind() + "/" + w.get().name();
            boolean reliedOnDefaults = ns.mutations().stream().anyMatch(m -> m.workload().equals(name));
            if (ns.exempt() || reliedOnDefaults || !oldAdmits(s, ns, w.get().podMetadata(), w.get().podSpec())) {
                continue;
            }
            checked++;
            assertEquals(List.of(), newDenials(s, ns, w.get().podMetadata(), w.get().podSpec()),
                    sample + ": " + name + " was admitted by PSP as it is");
        }
        assertTrue(checked > 0 || sample.contains("authenticated"), "some workloads are checked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"samples/cluster", "samples/multi-tenant"})
    void everyGapWitnessIsDeniedWhereItsPspIsTheOnlyOneUsable(String sample) {
        Setup s = setup(sample);
        for (NamespacePlan ns : s.plan().namespaces()) {
            if (ns.exempt() || !s.policyByNamespace().containsKey(ns.name())) {
                continue;
            }
            for (AccountClass c : ns.accountClasses()) {
                if (c.psps().size() != 1 || c.others()) {
                    continue;
                }
                PodSecurityPolicy psp = s.psps().get(c.psps().get(0));
                for (dev.psp2psa.psp.RuleGap gap : PSP.gaps(psp, ns.recommended().enforce(), Version.NEWEST)) {
                    Pod witness = gap.witness();
                    witness.getSpec().setServiceAccountName(c.serviceAccounts().get(0));
                    assertFalse(newDenials(s, ns, witness.getMetadata(), witness.getSpec()).isEmpty(),
                            ns.name() + ": the gap witness of " + gap.rule() + " passes PSA, so the policy must deny it");
                }
            }
        }
    }
}
