package dev.psp2psa.cel;

import dev.psp2psa.psp.PspAnalyzer;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The CEL translators of the PSP rules, sorted by rule id; a registry rejects two translators with one id. */
public final class CelRules {

    private static final CelRules STANDARD = new CelRules(List.of(
            SimpleCelRules.allowPrivilegeEscalation(),
            SimpleCelRules.allowedCsiDrivers(),
            SimpleCelRules.allowedFlexVolumes(),
            ListCelRules.allowedHostPaths(),
            SimpleCelRules.allowedProcMountTypes(),
            ProfileCelRules.appArmor(),
            ListCelRules.capabilities(),
            IdCelRules.fsGroup(),
            SimpleCelRules.hostNamespace("hostIPC", PodSecurityPolicySpec::getHostIPC),
            SimpleCelRules.hostNamespace("hostNetwork", PodSecurityPolicySpec::getHostNetwork),
            SimpleCelRules.hostNamespace("hostPID", PodSecurityPolicySpec::getHostPID),
            ListCelRules.hostPorts(),
            SimpleCelRules.privileged(),
            SimpleCelRules.readOnlyRootFilesystem(),
            IdCelRules.runAsGroup(),
            IdCelRules.runAsUser(),
            SimpleCelRules.runtimeClass(),
            ProfileCelRules.seLinux(),
            ProfileCelRules.seccomp(),
            IdCelRules.supplementalGroups(),
            ListCelRules.sysctls(),
            ListCelRules.volumes()));

    private final List<CelRule> rules;
    private final Map<String, CelRule> byId;

    public CelRules(List<? extends CelRule> rules) {
        Objects.requireNonNull(rules, "rules");
        List<CelRule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(CelRule::id));
        Map<String, CelRule> ids = new LinkedHashMap<>();
        for (CelRule rule : sorted) {
            if (ids.putIfAbsent(rule.id(), rule) != null) {
                throw new IllegalArgumentException("CEL rule id '" + rule.id() + "' is registered twice.");
            }
        }
        this.rules = List.copyOf(sorted);
        this.byId = Map.copyOf(ids);
    }

    /** The translators of every rule of {@code PspRuleRegistry.standard()}. */
    public static CelRules standard() {
        return STANDARD;
    }

    /** Every translator, sorted by rule id. */
    public List<CelRule> all() {
        return rules;
    }

    public Optional<CelRule> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The predicate of one rule for the PSP; empty when the rule accepts every pod, or no translator has the id. */
    public Optional<CelPredicate> predicate(String ruleId, PodSecurityPolicy psp) {
        return byId(ruleId).flatMap(r -> r.predicate(psp));
    }

    /** Every rule's predicate for the PSP, by rule id in id order; rules that accept every pod are left out. */
    public Map<String, CelPredicate> predicates(PodSecurityPolicy psp) {
        Map<String, CelPredicate> out = new LinkedHashMap<>();
        for (CelRule rule : rules) {
            rule.predicate(psp).ifPresent(p -> out.put(rule.id(), p));
        }
        return out;
    }

    /**
     * The whole PSP as one predicate: the conjunction of its rules' predicates ({@code true} when none restricts),
     * or {@code false} when PSP admission could not build the PSP's strategies (it admitted no pod).
     */
    public CelPredicate pspPredicate(PodSecurityPolicy psp) {
        List<String> errors = PspAnalyzer.standard().configurationErrors(psp);
        String message = PspValues.psp(psp) + " does not admit the pod.";
        if (!errors.isEmpty()) {
            return CelPredicate.exact("false", PspValues.psp(psp) + " admits no pod: " + errors.get(0));
        }
        return CelPredicate.and(message, List.copyOf(predicates(psp).values()));
    }

    /**
     * The predicate for pods that may use any of the PSPs: true when some PSP admits the pod, as PSP admission
     * allowed a pod that any usable PSP admitted.
     */
    public CelPredicate anyOf(Collection<PodSecurityPolicy> psps) {
        List<PodSecurityPolicy> sorted = new ArrayList<>(psps);
        sorted.sort(Comparator.comparing(PspValues::name));
        List<CelPredicate> each = sorted.stream().map(this::pspPredicate).toList();
        String names = String.join(", ", sorted.stream().map(p -> "'" + PspValues.name(p) + "'").toList());
        return CelPredicate.or("The pod is admitted by none of the PSPs " + names + ".", each);
    }

    /**
     * One predicate per group of service accounts: {@code (sa in [...] && predicate) || ...}; a pod whose service
     * account is in no group fails. Groups are taken in the map's order (use a sorted map for stable text).
     */
    public static CelPredicate byServiceAccount(String message, Map<? extends Collection<String>, CelPredicate> groups) {
        List<CelPredicate> branches = new ArrayList<>();
        groups.forEach((accounts, predicate) -> branches.add(predicate.when(PodCel.serviceAccountIn(accounts))));
        return CelPredicate.or(message, branches);
    }
}
