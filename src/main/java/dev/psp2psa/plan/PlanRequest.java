package dev.psp2psa.plan;

import dev.psp2psa.pss.Version;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What to plan for: the target PSS version every label is pinned to, the namespaces exempt from PSA (listed in
 * the AdmissionConfiguration instead of labelled), and whether people and non-service-account groups count.
 */
public record PlanRequest(Version targetVersion, SortedSet<String> exemptNamespaces, boolean includeUsers) {

    public PlanRequest {
        exemptNamespaces = new TreeSet<>(exemptNamespaces);
    }
}
