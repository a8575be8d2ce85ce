package dev.psp2psa.convert;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.WorkloadDigester;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.PlanBuilder;
import dev.psp2psa.plan.PlanRequest;

/**
 * {@code psp2psa analyze}: the migration plan of an inventory, and how that inventory is best read for it (pods and
 * pod templates digested as they are read, so that they are not kept).
 */
public final class AnalyzeService {

    private final PlanBuilder planner;

    public AnalyzeService(PlanBuilder planner) {
        this.planner = planner;
    }

    public static AnalyzeService standard() {
        return new AnalyzeService(PlanBuilder.standard());
    }

    /** The digester the plan of this request needs: workloads checked at its target version. */
    public WorkloadDigester digester(PlanRequest request) {
        return planner.digester(request);
    }

    public Plan plan(Inventory inventory, PlanRequest request) {
        return planner.build(inventory, request);
    }
}
