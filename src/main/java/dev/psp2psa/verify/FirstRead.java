package dev.psp2psa.verify;

import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import dev.psp2psa.plan.WorkloadDigests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The digester of the first read of a streaming {@code verify} (docs/scale.md): pods and workloads are digested for
 * the plan, as {@code analyze} digests them, and the identities (kind, namespace, name) met more than once are noted,
 * so that the second read tells identical copies from different objects only where there are copies. Thread-safe.
 */
public final class FirstRead implements WorkloadDigester {

    private final WorkloadDigests plan;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> repeated = ConcurrentHashMap.newKeySet();

    FirstRead(WorkloadDigests plan) {
        this.plan = plan;
    }

    /** The identities ({@link VerifyDigester#identity}) read more than once, in order. */
    public Set<String> repeated() {
        return new TreeSet<>(repeated);
    }

    @Override
    public Optional<WorkloadDigest> digest(Sourced<? extends HasMetadata> object) {
        Optional<WorkloadDigest> digest = plan.digest(object);
        digest.ifPresent(d -> note(object.kind(), object.namespace(), object.name()));
        return digest;
    }

    @Override
    public boolean readsAnnotation(String key) {
        return plan.readsAnnotation(key);
    }

    @Override
    public Optional<WorkloadDigest> digestLike(String podKey, String namespace, String name, Source source) {
        Optional<WorkloadDigest> digest = plan.digestLike(podKey, namespace, name, source);
        digest.ifPresent(d -> note(d.kind(), namespace, name));
        return digest;
    }

    @Override
    public void remember(String podKey, WorkloadDigest digest) {
        plan.remember(podKey, digest);
    }

    private void note(String kind, String namespace, String name) {
        String identity = VerifyDigester.identity(kind, namespace, name);
        if (!seen.add(identity)) {
            repeated.add(identity);
        }
    }
}
