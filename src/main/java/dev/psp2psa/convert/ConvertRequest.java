package dev.psp2psa.convert;

import dev.psp2psa.emit.OutputTarget;
import dev.psp2psa.emit.VapEmitter;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.plan.PlanRequest;
import dev.psp2psa.policy.Engine;
import dev.psp2psa.policy.GatekeeperTemplates;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code psp2psa convert} converts and how: the inventory already read, what to plan for, the engines to
 * write the gap policies for (each runs on the cluster version; checked by the command), whether they deny or only
 * warn and audit, the Kyverno kind (null without Kyverno), which Gatekeeper
 * templates the constraints use, the hardening rules file to add policies from, whether to write the mutate
 * policies, the MutatingAdmissionPolicy apiVersion to write them as for the vap engine (null: none), whether to write
 * the label guard for the plan's label admins ({@code --guard-labels}), and the directory to write (with what it must
 * never be, and whether {@code --force} was given).
 */
public record ConvertRequest(Inventory inventory, PlanRequest plan, Set<Engine> engines, VapEmitter.Mode mode,
        dev.psp2psa.policy.Compatibility.KyvernoKind kyvernoKind, GatekeeperTemplates templates, Optional<String> hardening,
        boolean emitMutations, String mapApiVersion, boolean guardLabels, OutputTarget output) {

    public ConvertRequest {
        engines = new TreeSet<>(engines);
        if (guardLabels && plan.labelAdmins().isEmpty()) {
            throw new IllegalArgumentException("a label guard needs label admins.");
        }
    }
}
