package dev.psp2psa.verify;

import dev.psp2psa.plan.PlanRequest;

/** What {@code psp2psa verify} compares: the plan's options (for the old side) and whether to add boundary pods. */
public record VerifyRequest(PlanRequest plan, boolean boundaryPods) {
}
