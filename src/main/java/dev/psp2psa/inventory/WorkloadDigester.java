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
}
