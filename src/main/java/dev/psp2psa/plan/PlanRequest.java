package dev.psp2psa.plan;

import dev.psp2psa.pss.Version;
import dev.psp2psa.rbac.RbacSubject;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What to plan for: the Kubernetes version of the cluster the migration is applied to ({@code clusterVersion}, and in
 * words where it came from: the option, the live cluster or the default), the target PSS version every label is
 * pinned to, the namespaces exempt from PSA (listed in the AdmissionConfiguration instead of labelled), whether
 * people and non-service-account groups count, the label admins: the subjects that alone should change
 * {@code pod-security.kubernetes.io/*} namespace labels ({@code --label-admins}; empty when not said), and the
 * usernames and runtime classes asked to be exempt from PSA ({@code --exempt-username}, {@code --exempt-runtime-class};
 * a controller's username is refused, see {@link BypassReviewer#refusal}).
 */
public record PlanRequest(Version clusterVersion, String clusterVersionSource, Version targetVersion,
        SortedSet<String> exemptNamespaces, boolean includeUsers, List<RbacSubject> labelAdmins,
        SortedSet<String> exemptUsernames, SortedSet<String> exemptRuntimeClasses) {

    /** The last Kubernetes version with PodSecurityPolicy: the cluster a migration runs on, unless said otherwise. */
    public static final Version LAST_PSP_VERSION = Version.of(24);

    /** Where the default cluster version comes from, in words. */
    public static final String DEFAULT_SOURCE = "the default: the last version with PSP";

    public PlanRequest {
        exemptNamespaces = new TreeSet<>(exemptNamespaces);
        labelAdmins = List.copyOf(new TreeSet<>(labelAdmins));
        exemptUsernames = new TreeSet<>(exemptUsernames);
        exemptRuntimeClasses = new TreeSet<>(exemptRuntimeClasses);
    }

    public PlanRequest(Version clusterVersion, String clusterVersionSource, Version targetVersion,
            SortedSet<String> exemptNamespaces, boolean includeUsers, List<RbacSubject> labelAdmins) {
        this(clusterVersion, clusterVersionSource, targetVersion, exemptNamespaces, includeUsers, labelAdmins,
                new TreeSet<>(), new TreeSet<>());
    }

    public PlanRequest(Version clusterVersion, String clusterVersionSource, Version targetVersion,
            SortedSet<String> exemptNamespaces, boolean includeUsers) {
        this(clusterVersion, clusterVersionSource, targetVersion, exemptNamespaces, includeUsers, List.of());
    }

    /** A plan for the default cluster version (v1.24) with labels pinned to the target version. */
    public PlanRequest(Version targetVersion, SortedSet<String> exemptNamespaces, boolean includeUsers) {
        this(LAST_PSP_VERSION, DEFAULT_SOURCE, targetVersion, exemptNamespaces, includeUsers);
    }
}
