package dev.psp2psa.report;

import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.NamespacePsp;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.PspSummary;
import dev.psp2psa.pss.Level;
import java.util.List;

/** The terminal table of {@code psp2psa analyze}: one line per namespace, then a short legend. */
public final class AnalyzeRenderer {

    private AnalyzeRenderer() {
    }

    private static String psps(NamespacePlan n) {
        String psps = String.join(", ", n.psps().stream().map(NamespacePsp::name).toList());
        return psps.isEmpty() ? "-" : psps;
    }

    /** Audit and warn: one level when they agree, as psp2psa recommends them. */
    private static String auditWarn(NamespacePlan n) {
        String audit = n.recommended().audit().id();
        String warn = n.recommended().warn().id();
        return audit.equals(warn) ? audit : audit + "/" + warn;
    }

    /**
     * The table, within 100 columns for the usual names: the usable PSPs wrap, audit and warn (always one level) are
     * one column, and the tightenings are left to the reports.
     */
    public static String table(Plan plan) {
        return tableOf(plan);
    }

    /**
     * The policy level with what keeps it there: the PSP field when one short one does ({@code privileged (seLinux)}),
     * else how many (the reports list them).
     */
    static String policy(NamespacePlan n) {
        List<String> blockers = n.policyBlockers();
        if (blockers.isEmpty()) {
            return n.policyLevelId();
        }
        String joined = String.join(", ", blockers);
        return n.policyLevelId() + " (" + (joined.length() <= 12 ? joined : blockers.size() + " fields") + ")";
    }

    private static String tableOf(Plan plan) {
        TextTable t = new TextTable("NAMESPACE", "USABLE PSPS", "POLICY", "WORKLOADS", "ENFORCE", "AUDIT/WARN",
                "GAPS", "FIELDS").wrap(1, 18).wrap(2, 12).wrap(4, 10);
        for (NamespacePlan n : plan.namespaces()) {
            t.row(n.name(), psps(n), policy(n), n.workloadLevel().map(Level::id).orElse("-"),
                    (n.current().enforce() == null ? "" : n.current().enforce() + "→ ")
                            + (n.exempt() ? "exempt" : n.recommended().enforce().id()),
                    n.exempt() ? "-" : auditWarn(n), String.valueOf(n.gaps().size()),
                    String.valueOf(n.mutations().size()));
        }
        NamespacePlan other = plan.defaultClass();
        t.row(PlanJson.DEFAULT_CLASS_NAME, psps(other), policy(other), "-",
                other.recommended().enforce().id(), auditWarn(other), String.valueOf(other.gaps().size()), "-");
        StringBuilder sb = new StringBuilder(t.render()).append('\n');
        sb.append("Planned for Kubernetes ").append(plan.clusterVersion()).append(" (")
                .append(plan.clusterVersionSource()).append(").\n*: every other namespace (unlisted or new; "
                        + "cluster-wide grants only). Labels pinned to ").append(plan.targetVersion()).append(".\n");
        sb.append("POLICY: tightest level every pod a usable PSP admits passes (none: no PSP usable), and the PSP\n"
                + "  field(s) that keep it there.\n");
        sb.append("WORKLOADS: tightest level all given pods pass. ENFORCE: strictest level at least POLICY that\n"
                + "  denies no given workload (today's label → the new one); audit and warn one level stricter.\n");
        sb.append("GAPS: PSP restrictions the enforce level does not enforce. FIELDS: PSP defaults workloads\n"
                + "  relied on (fields to add). Tightenings and details: --format markdown|html|json.\n");
        if (!plan.users().isEmpty()) {
            sb.append(plan.users().size()).append(plan.users().size() == 1 ? " user or group" : " users or groups")
                    .append(" may use PSPs by hand").append(plan.includeUsers() ? " (counted)." : " (not counted; "
                            + "--include-users counts them).").append('\n');
        }
        for (PspSummary p : plan.psps()) {
            if (p.admitsNoPod()) {
                String error = p.configurationErrors().get(0).replaceAll("\\.$", "");
                sb.append("PSP ").append(p.name()).append(" admits no pod (").append(error)
                        .append("): left out of every level.\n");
            }
        }
        if (!plan.problems().isEmpty()) {
            sb.append(plan.problems().size()).append(" RBAC problem(s); see --format markdown.\n");
        }
        if (!plan.warnings().isEmpty()) {
            sb.append("The input was incomplete: ").append(plan.warnings().size())
                    .append(" warning(s), printed on stderr and listed in every report.\n");
        }
        return sb.append('\n').append(BypassRenderer.section(plan.bypass())).toString();
    }
}
