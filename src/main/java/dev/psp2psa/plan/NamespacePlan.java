package dev.psp2psa.plan;

import dev.psp2psa.pss.Level;
import java.util.List;
import java.util.Optional;

/**
 * The migration plan of one namespace (DESIGN §4.4). {@code policyLevel} is empty when no PSP is usable there
 * (PSP admission rejected every pod: reported as {@code none}); {@code workloadLevel} is empty when the
 * namespace has no pods or workloads in the input. {@code accountClasses} group the service accounts by the PSPs
 * their pods could be admitted with, for policies that must tell them apart. {@code denials} are the given workloads
 * PSP admits today that the recommendation denies until their fields to add are set: what it rests on. {@code current}
 * are the PSA labels its Namespace carries today; {@code policyBlockers} the PSP fields that keep the policy level
 * from the next one (distinct, in PSP order); {@code why} is the one sentence that explains the recommendation.
 */
public record NamespacePlan(
        String name,
        boolean exempt,
        CurrentLabels current,
        Optional<Level> policyLevel,
        List<String> policyBlockers,
        Optional<Level> workloadLevel,
        Recommendation recommended,
        String why,
        List<String> serviceAccounts,
        List<NamespacePsp> psps,
        List<Tightening> tightenings,
        List<NamespaceGap> gaps,
        List<String> assumptions,
        List<FieldToAdd> mutations,
        List<WorkloadDenial> denials,
        List<String> workloads,
        List<AccountClass> accountClasses) {

    public NamespacePlan {
        policyBlockers = List.copyOf(policyBlockers);
        serviceAccounts = List.copyOf(serviceAccounts);
        psps = List.copyOf(psps);
        tightenings = List.copyOf(tightenings);
        gaps = List.copyOf(gaps);
        assumptions = List.copyOf(assumptions);
        mutations = List.copyOf(mutations);
        denials = List.copyOf(denials);
        workloads = List.copyOf(workloads);
        accountClasses = List.copyOf(accountClasses);
    }

    /** The policy level as reported: a level id or {@code none}. */
    public String policyLevelId() {
        return policyLevel.map(Level::id).orElse("none");
    }
}
