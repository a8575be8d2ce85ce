package dev.psp2psa.psp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The PSP rules, sorted by id. A registry rejects two rules with one id, and a PSP field or annotation claimed by two
 * rules.
 */
public final class PspRuleRegistry {

    private static final PspRuleRegistry STANDARD = new PspRuleRegistry(List.of(
            new AllowPrivilegeEscalationRule(),
            AllowedDriversRule.csiDrivers(),
            AllowedDriversRule.flexVolumes(),
            new AllowedHostPathsRule(),
            new AllowedProcMountTypesRule(),
            new AppArmorRule(),
            new CapabilitiesRule(),
            GroupRule.fsGroup(),
            HostNamespaceRule.hostIpc(),
            HostNamespaceRule.hostNetwork(),
            HostNamespaceRule.hostPid(),
            new HostPortsRule(),
            new PrivilegedRule(),
            new ReadOnlyRootFilesystemRule(),
            GroupRule.runAsGroup(),
            new RunAsUserRule(),
            new RuntimeClassRule(),
            new SeLinuxRule(),
            new SeccompRule(),
            GroupRule.supplementalGroups(),
            new SysctlsRule(),
            new VolumesRule()));

    private final List<PspRule> rules;
    private final Map<String, PspRule> byId;
    private final Map<String, PspRule> byField;

    /**
     * A registry of the given rules.
     *
     * @throws IllegalArgumentException when two rules share an id, or two rules claim one field or annotation
     */
    public PspRuleRegistry(List<? extends PspRule> rules) {
        Objects.requireNonNull(rules, "rules");
        List<PspRule> sorted = new ArrayList<>(rules);
        sorted.forEach(r -> Objects.requireNonNull(r, "rule"));
        sorted.sort(Comparator.comparing(PspRule::id));
        Map<String, PspRule> ids = new LinkedHashMap<>();
        Map<String, PspRule> fields = new TreeMap<>();
        for (PspRule rule : sorted) {
            if (ids.putIfAbsent(rule.id(), rule) != null) {
                throw new IllegalArgumentException("rule id '" + rule.id() + "' is registered twice.");
            }
            List<String> claimed = new ArrayList<>(rule.fields());
            claimed.addAll(rule.annotations());
            for (String field : claimed) {
                PspRule other = fields.putIfAbsent(field, rule);
                if (other != null) {
                    throw new IllegalArgumentException("field '" + field + "' is claimed by rules '" + other.id()
                            + "' and '" + rule.id() + "'.");
                }
            }
        }
        this.rules = List.copyOf(sorted);
        this.byId = Map.copyOf(ids);
        this.byField = Map.copyOf(fields);
    }

    /** The registry of psp2psa's rules, one per PSP field or annotation group. */
    public static PspRuleRegistry standard() {
        return STANDARD;
    }

    /** Every rule, sorted by id. */
    public List<PspRule> all() {
        return rules;
    }

    public Optional<PspRule> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The rule that claims a {@code PodSecurityPolicySpec} field or a PSP annotation key. */
    public Optional<PspRule> byField(String field) {
        return Optional.ofNullable(byField.get(field));
    }

    /** Every claimed field and annotation key, sorted. */
    public List<String> claimedFields() {
        return List.copyOf(new TreeMap<>(byField).keySet());
    }
}
