package dev.psp2psa.check;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.psp.PodCreate;
import dev.psp2psa.pss.Evaluation;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.PodSecurityEvaluator;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** Evaluates every pod and pod template of an inventory against the Pod Security Standards, offline. */
public final class CheckService {

    private final PodSecurityEvaluator evaluator;

    public CheckService(PodSecurityEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    public static CheckService standard() {
        return new CheckService(PodSecurityEvaluator.standard());
    }

    /** The order of the results: by source, then kind and name, as {@link Workload#ORDER} orders workloads. */
    static final java.util.Comparator<CheckedObject> ORDER = java.util.Comparator.comparing(CheckedObject::source)
            .thenComparing(CheckedObject::kind).thenComparing(CheckedObject::name);

    /**
     * The verdicts of the inventory's pods and workloads: of the objects kept whole, and of the digests a
     * {@link #digester} made as they were read (the same verdicts, without keeping the objects).
     */
    public CheckReport check(Inventory inventory, CheckRequest request) {
        Version version = request.version();
        List<CheckedObject> results = new java.util.ArrayList<>();
        inventory.objects().stream().map(Workload::of).flatMap(Optional::stream)
                .map(w -> verdict(w, request.level(), version)).forEach(results::add);
        for (dev.psp2psa.inventory.WorkloadDigest d : inventory.digests()) {
            if (d instanceof CheckDigester.Digest c) {
                results.add(c.verdict());
            }
        }
        results.sort(ORDER);
        return new CheckReport(request.level(), version, results, inventory.skipped());
    }

    /** The digester that judges each pod and workload as it is read, for {@link #check}. */
    public CheckDigester digester(CheckRequest request) {
        return new CheckDigester(this, request);
    }

    /** PSA judges each pod as the API server creates it ({@link PodCreate#created}): defaulted, seccomp in step. */
    CheckedObject verdict(Workload w, Optional<Level> requested, Version version) {
        Pod pod = PodCreate.created(w.podMetadata(), w.podSpec());
        Level tightest = evaluator.tightestLevel(pod.getMetadata(), pod.getSpec(), version);
        if (requested.isPresent()) {
            Evaluation e = evaluator.evaluate(pod.getMetadata(), pod.getSpec(), requested.get(), version);
            return new CheckedObject(w.source(), w.namespace(), w.kind(), w.name(), e.allowed(), tightest,
                    e.violations());
        }
        List<dev.psp2psa.pss.Violation> blocking = tightest == Level.RESTRICTED
                ? List.of()
                : evaluator.evaluate(pod.getMetadata(), pod.getSpec(), Level.values()[tightest.ordinal() + 1], version)
                        .violations();
        return new CheckedObject(w.source(), w.namespace(), w.kind(), w.name(), true, tightest, blocking);
    }
}
