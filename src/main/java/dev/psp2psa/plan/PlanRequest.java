package dev.psp2psa.plan;

import dev.psp2psa.pss.Version;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What to plan for: the Kubernetes version of the cluster the migration is applied to ({@code clusterVersion}, and in
 * words where it came from: the option, the live cluster or the default), the target PSS version every label is
 * pinned to, the namespaces exempt from PSA (listed in the AdmissionConfiguration instead of labelled), and whether
 * people and non-service-account groups count.
 */
public record PlanRequest(Version clusterVersion, String clusterVersionSource, Version targetVersion,
        SortedSet<String> exemptNamespaces, boolean includeUsers) {

    /** The last Kubernetes version with PodSecurityPolicy: the cluster a migration runs on, unless said otherwise. */
    public static final Version LAST_PSP_VERSION = Version.of(24);

    /** Where the default cluster version comes from, in words. */
    public static final String DEFAULT_SOURCE = "the default: the last version with PSP";

    public PlanRequest {
        exemptNamespaces = new TreeSet<>(exemptNamespaces);
    }

    /** A plan for the default cluster version (v1.24) with labels pinned to the target version. */
    public PlanRequest(Version targetVersion, SortedSet<String> exemptNamespaces, boolean includeUsers) {
        this(LAST_PSP_VERSION, DEFAULT_SOURCE, targetVersion, exemptNamespaces, includeUsers);
    }
}
