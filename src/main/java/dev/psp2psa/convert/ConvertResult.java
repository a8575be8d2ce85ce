package dev.psp2psa.convert;

import dev.psp2psa.emit.OutputTree;
import dev.psp2psa.emit.WriteReport;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.policy.GapPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code psp2psa convert} did: the plan, the gap and hardening policies, the tree written to a directory, and
 * what writing it did there besides (files kept, removed, replaced).
 */
public record ConvertResult(Plan plan, List<GapPolicy> policies, OutputTree tree, Path output, WriteReport written) {

    public ConvertResult {
        policies = List.copyOf(policies);
    }

    /** The sentences for the user: what was or was not written, how many files went where, what else changed there. */
    public List<String> messages() {
        List<String> messages = new ArrayList<>(tree.notes());
        // The manifest is written beside the tree's files.
        messages.add("Wrote " + (tree.size() + 1) + " files to " + output + " (start with "
                + output.resolve("README.md") + ").");
        messages.addAll(written.sentences(output));
        return messages;
    }
}
