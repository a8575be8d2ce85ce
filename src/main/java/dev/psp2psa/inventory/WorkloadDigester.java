package dev.psp2psa.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;

/**
 * Turns the objects that hold pods into {@link WorkloadDigest}s as they are read, so that readers can drop the
 * objects. Readers call it from several threads at once, so implementations must be thread-safe.
 */
public interface WorkloadDigester {

    /** The digest of the object, or empty when the object holds no pod or must be kept whole. */
    Optional<WorkloadDigest> digest(Sourced<? extends HasMetadata> object);

    /*
     * Pods of one template, read once. A reader may key a Pod by its spec and the annotations the digester reads,
     * token by token, leaving out spec.nodeName, spec.hostname and container images and naming the service account
     * token volume (kube-api-access-xxxxx) the same for every pod. A digester that reads none of what keys leave out
     * may then digest a pod whose key it has seen without the pod (digestLike).
     */

    /**
     * Whether the digester reads the whole of each object, as a reader without a digester would give it: then the
     * reader skips no field unread (so it checks every field, as a whole read does) and keys no pod.
     */
    default boolean readsWholeObjects() {
        return false;
    }

    /** Whether digests read the pod annotation; those they do not read are left out of pod keys. */
    default boolean readsAnnotation(String key) {
        return true;
    }

    /**
     * The digest of the Pod {@code namespace/name}, read at {@code source}, whose key equals that of a pod remembered
     * before; empty when there was none (then the reader reads the pod and calls {@link #remember}).
     */
    default Optional<WorkloadDigest> digestLike(String podKey, String namespace, String name, Source source) {
        return Optional.empty();
    }

    /** Remembers the digest of a Pod under its key, for {@link #digestLike}. */
    default void remember(String podKey, WorkloadDigest digest) {
    }
}
