package dev.psp2psa.check;

import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.inventory.WorkloadDigest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code check} as the input is read (issue 17): each pod and pod template is judged when its object is parsed, and
 * only the verdict is kept, so memory grows with the number of objects, not their size. A Pod whose key (its spec and
 * annotations, without what PSA does not read: images, node and host names, the token volume's name) was judged
 * before gets the same verdict under its own name and source. The verdicts equal those of the whole-object path
 * ({@link CheckService#check} on the objects), which a test checks on every sample. Thread-safe.
 */
public final class CheckDigester implements dev.psp2psa.inventory.WorkloadDigester {

    /** The verdict of one pod or workload, kept instead of the object. */
    public record Digest(CheckedObject verdict, String serviceAccount) implements WorkloadDigest {

        @Override
        public String kind() {
            return verdict.kind();
        }

        @Override
        public String namespace() {
            return verdict.namespace();
        }

        @Override
        public String name() {
            return verdict.name();
        }

        @Override
        public Source source() {
            return verdict.source();
        }
    }

    private final CheckService service;
    private final CheckRequest request;
    private final Map<String, Digest> byKey = new ConcurrentHashMap<>();

    CheckDigester(CheckService service, CheckRequest request) {
        this.service = service;
        this.request = request;
    }

    @Override
    public Optional<WorkloadDigest> digest(Sourced<? extends HasMetadata> object) {
        return Workload.of(object).map(w -> new Digest(service.verdict(w, request.level(), request.version()),
                w.serviceAccount()));
    }

    @Override
    public Optional<WorkloadDigest> digestLike(String podKey, String namespace, String name, Source source) {
        Digest seen = byKey.get(podKey);
        if (seen == null) {
            return Optional.empty();
        }
        CheckedObject v = seen.verdict();
        return Optional.of(new Digest(new CheckedObject(source, namespace, v.kind(), name, v.allowed(), v.tightest(),
                v.violations()), seen.serviceAccount()));
    }

    @Override
    public void remember(String podKey, WorkloadDigest digest) {
        if (digest instanceof Digest d) {
            byKey.putIfAbsent(podKey, d);
        }
    }
}
