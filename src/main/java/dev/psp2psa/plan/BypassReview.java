package dev.psp2psa.plan;

import java.util.List;

/**
 * Who can get around PSA after the switch (see {@link BypassReviewer}): the subjects that may relabel namespaces,
 * create pods or pod controllers in exempt namespaces, or are exempt users; the exemptions the admission
 * configuration holds; and the usernames asked for that it must not hold.
 *
 * @param subjects             sorted: users, groups, then service accounts, each by name
 * @param exemptNamespaces     the namespaces PSA exempts
 * @param exemptUsernames      the usernames the admission configuration exempts (the refused ones left out)
 * @param refusedUsernames     the usernames asked for ({@code --exempt-username}) that are not written, and why
 * @param exemptRuntimeClasses the runtime classes the admission configuration exempts
 * @param labelAdmins          the label admins ({@code --label-admins}), as {@code Group ops}, {@code User alice}
 */
public record BypassReview(List<BypassSubject> subjects, List<String> exemptNamespaces, List<String> exemptUsernames,
        List<RefusedExemption> refusedUsernames, List<String> exemptRuntimeClasses, List<String> labelAdmins) {

    /** A username the admission configuration does not exempt although asked to, and why, in one sentence. */
    public record RefusedExemption(String username, String reason) {
    }

    public BypassReview {
        subjects = List.copyOf(subjects);
        exemptNamespaces = List.copyOf(exemptNamespaces);
        exemptUsernames = List.copyOf(exemptUsernames);
        refusedUsernames = List.copyOf(refusedUsernames);
        exemptRuntimeClasses = List.copyOf(exemptRuntimeClasses);
        labelAdmins = List.copyOf(labelAdmins);
    }

    /** The subjects other than the label admins that may relabel namespaces ({@code --fail-on bypass}). */
    public List<BypassSubject> unexpectedRelabellers() {
        return subjects.stream().filter(s -> s.mayRelabel() && !s.labelAdmin()).toList();
    }
}
