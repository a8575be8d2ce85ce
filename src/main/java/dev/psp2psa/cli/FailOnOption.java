package dev.psp2psa.cli;

import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.PlanFinding;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Option;

/** {@code --fail-on}, shared by the commands that compute a plan. */
public final class FailOnOption {

    /** The findings asked for; {@code never} converts to null. */
    @Option(names = "--fail-on", paramLabel = "FINDING", split = ",", defaultValue = "never",
            type = {List.class, Object.class}, converter = OptionConverters.FailOnConverter.class,
            description = "Exit with 1 when the plan has: gaps, mutations, not-restricted (a labelled namespace "
                    + "enforces less than restricted), problems (RBAC problems), none (a namespace where no PSP is "
                    + "usable, or an input that cannot be right: PSPs nobody may use, workloads where no PSP admits "
                    + "pods), bypass (someone other than the --label-admins may update or patch Namespaces, so "
                    + "change their PSA labels; system:masters always may); or never (default).")
    List<PlanFinding> failOn;

    /**
     * One {@code warning:} line on stderr per thing the input says that cannot be right, and per username
     * {@code --exempt-username} asked for that the admission configuration must not exempt.
     */
    static void warnAboutInput(Plan plan, java.io.PrintWriter err) {
        plan.inputDoubts().forEach(d -> err.println("warning: " + d));
        plan.bypass().refusedUsernames().forEach(r -> err.println("warning: --exempt-username " + r.username()
                + " is not written to the admission configuration: " + r.reason()));
        err.flush();
    }

    /** {@link ExitCodes#FINDINGS} when the plan has a finding asked for, else {@link ExitCodes#OK}. */
    int exitCode(Plan plan) {
        List<PlanFinding> findings = failOn.stream().filter(Objects::nonNull).toList();
        return PlanFinding.any(findings, plan) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}
