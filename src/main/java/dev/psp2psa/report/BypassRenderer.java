package dev.psp2psa.report;

import dev.psp2psa.plan.BypassPath;
import dev.psp2psa.plan.BypassReview;
import dev.psp2psa.plan.BypassSubject;

/**
 * The terminal section of {@code psp2psa analyze} that says who can get around PSA after the switch: one row per
 * path (the subject named on its first), the binding, role and rule in a note under it, then what the table
 * implies for the label admins, the exempt runtime classes and the usernames not exempted.
 */
final class BypassRenderer {

    private BypassRenderer() {
    }

    static String section(BypassReview review) {
        TextTable t = new TextTable("WHO CAN GET AROUND PSA", "KIND", "MAY", "NAMESPACES", "BROAD")
                .wrap(0, 32).wrap(3, 16).wrap(4, 14).notes(TextTable.WIDTH);
        for (BypassSubject s : review.subjects()) {
            boolean first = true;
            for (BypassPath p : s.paths()) {
                t.row(first ? s.name() + (s.labelAdmin() ? " (label admin)" : "") : "", first ? s.kind() : "",
                        p.kind(), String.join(", ", p.namespaces()),
                        p.broad().isEmpty() ? "-" : String.join(", ", p.broad()));
                t.note(note(p));
                first = false;
            }
        }
        StringBuilder sb = new StringBuilder(t.render());
        sb.append("MAY: relabel (update or patch Namespaces, so their PSA labels), exempt-namespace (create pods\n"
                + "  or pod controllers where PSA checks nothing), exempt-username (PSA checks none of its requests).\n");
        int unexpected = review.unexpectedRelabellers().size();
        String admins = review.labelAdmins().isEmpty() ? "No label admins given (--label-admins): "
                : "Label admins: " + String.join(", ", review.labelAdmins()) + ". ";
        sb.append(TextTable.paragraph(admins + (unexpected == 0 ? "only they may relabel namespaces."
                : unexpected + (unexpected == 1 ? " other subject" : " other subjects")
                        + " may relabel namespaces (--fail-on bypass)."), TextTable.WIDTH));
        for (String rc : review.exemptRuntimeClasses()) {
            sb.append(TextTable.paragraph("Runtime class " + rc + " is exempt: PSA checks no pod that names it, in "
                    + "any namespace.", TextTable.WIDTH));
        }
        for (BypassReview.RefusedExemption r : review.refusedUsernames()) {
            sb.append(TextTable.paragraph("Not exempted: " + r.username() + ": " + r.reason(), TextTable.WIDTH));
        }
        return sb.toString();
    }

    /** {@code update, patch namespaces via ClusterRoleBinding ops → ClusterRole ns-admin rule 0 (verbs [...] ...)}. */
    private static String note(BypassPath p) {
        String what = p.verbs().isEmpty() ? "" : String.join(", ", p.verbs()) + " on "
                + String.join(", ", p.resources()) + " ";
        return p.binding() == null ? p.rule()
                : what + "via " + p.binding() + " → " + p.role() + " (" + p.rule() + ")";
    }
}
