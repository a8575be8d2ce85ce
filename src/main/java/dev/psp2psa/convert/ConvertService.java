package dev.psp2psa.convert;

import dev.psp2psa.emit.OutputTree;
import dev.psp2psa.emit.TreeWriter;
import dev.psp2psa.emit.WriteReport;
import dev.psp2psa.input.HardeningReader;
import dev.psp2psa.inventory.WorkloadDigester;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.PlanRequest;
import dev.psp2psa.policy.Engine;
import dev.psp2psa.policy.GapPolicies;
import dev.psp2psa.policy.GapPolicy;
import dev.psp2psa.policy.GatekeeperLibrary;
import dev.psp2psa.policy.GatekeeperTemplates;
import dev.psp2psa.policy.HardeningPolicies;
import dev.psp2psa.psp.PspAnalyzer;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code psp2psa convert}: plans the migration, builds the gap (and hardening) policies for it, assembles the
 * output tree and writes it into the requested directory at once (see {@link TreeWriter}).
 */
public final class ConvertService {

    private final AnalyzeService analysis;
    private final GapPolicies gaps;
    private final PspAnalyzer analyzer;
    private final GatekeeperLibrary library;

    public ConvertService(AnalyzeService analysis, GapPolicies gaps, PspAnalyzer analyzer, GatekeeperLibrary library) {
        this.analysis = analysis;
        this.gaps = gaps;
        this.analyzer = analyzer;
        this.library = library;
    }

    public static ConvertService standard() {
        return new ConvertService(AnalyzeService.standard(), GapPolicies.standard(), PspAnalyzer.standard(),
                GatekeeperLibrary.standard());
    }

    /** How the input should be digested as it is read for this plan request (see {@link AnalyzeService}). */
    public WorkloadDigester digester(PlanRequest request) {
        return analysis.digester(request);
    }

    /**
     * Converts and writes the tree; throws {@link TreeWriter.RefusedException} when the output directory must not be
     * written (see {@link TreeWriter}).
     */
    public ConvertResult convert(ConvertRequest request) {
        Plan plan = analysis.plan(request.inventory(), request.plan());
        Map<String, PodSecurityPolicy> psps = request.inventory().pspsByName();
        List<GapPolicy> policies = new ArrayList<>(gaps.build(plan, psps));
        request.hardening()
                .ifPresent(file -> policies.addAll(HardeningPolicies.build(HardeningReader.read(file), plan)));
        // The gatekeeper-library coverage, when library constraints are written: the constraints and the reports.
        GatekeeperLibrary.Coverage coverage = request.engines().contains(Engine.GATEKEEPER)
                && request.templates() == GatekeeperTemplates.LIBRARY ? library.coverage(policies, psps) : null;
        OutputTree tree = ConvertTree.build(plan, policies, psps, coverage, request, analyzer);
        WriteReport written = TreeWriter.write(tree, request.output());
        return new ConvertResult(plan, policies, tree, request.output().directory(), written);
    }
}
