package dev.psp2psa.cli;

import dev.psp2psa.plan.PlanRequest;
import dev.psp2psa.pss.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** The options shared by the commands that compute a migration plan. */
public final class PlanOptions {

    @Option(names = "--target-version", paramLabel = "VERSION", defaultValue = "latest",
            converter = OptionConverters.VersionConverter.class,
            description = "The Pod Security Standards version every label is pinned to and workloads are checked "
                    + "at: v1.0 to " + Version.NEWEST_NAME + " or latest (default: ${DEFAULT-VALUE}, meaning "
                    + Version.NEWEST_NAME + ").")
    Version targetVersion;

    @Option(names = "--include-users",
            description = "Count people, non-service-account groups and service accounts of other namespaces that "
                    + "may use PSPs in the namespace levels (by default they are only reported).")
    boolean includeUsers;

    @Option(names = "--exempt-namespace", paramLabel = "NAMESPACE", split = ",",
            description = "A namespace exempt from PSA and from the gap policies: listed in the "
                    + "AdmissionConfiguration's exemptions, not labelled, and the report lists the PSP restrictions "
                    + "that lapse there. Repeatable or comma-separated (default: none; kube-system is planned like "
                    + "any namespace and keeps its PSP restrictions).")
    List<String> exempt;

    PlanRequest request() {
        List<String> names = exempt == null ? List.of() : new ArrayList<>(exempt);
        TreeSet<String> set = new TreeSet<>();
        for (String n : names) {
            if (!n.isBlank()) {
                set.add(n.trim());
            }
        }
        return new PlanRequest(targetVersion, set, includeUsers);
    }
}
