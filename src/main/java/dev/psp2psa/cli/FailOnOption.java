package dev.psp2psa.cli;

import dev.psp2psa.plan.Plan;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --fail-on}, shared by the commands that compute a plan. */
public final class FailOnOption {

    @Option(names = "--fail-on", paramLabel = "FINDING", split = ",", defaultValue = "never",
            description = "Exit with 1 when the plan has: gaps, mutations, not-restricted (a labelled namespace "
                    + "enforces less than restricted), problems (RBAC problems); or never (default).")
    List<String> failOn;

    /** The findings asked for, parsed before any work so that a typo is a usage error. */
    List<FailOn> parse() {
        return failOn.stream().map(FailOn::parse).toList();
    }

    static int exitCode(List<FailOn> failOn, Plan plan) {
        return FailOn.any(failOn, plan) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}
