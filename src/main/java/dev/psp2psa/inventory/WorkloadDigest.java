package dev.psp2psa.inventory;

/**
 * What is kept of a pod or pod template that was evaluated as it was read (DESIGN §8): who it is and where it came
 * from, plus whatever its digester needs later. The object itself is not kept, so memory does not grow with the
 * size of the pods read. Implementations are immutable.
 */
public interface WorkloadDigest {

    /** The kind of the object that held the pod: {@code Pod}, {@code Deployment}, ... */
    String kind();

    /** Its namespace, {@value Workload#DEFAULT_NAMESPACE} when it named none. */
    String namespace();

    String name();

    Source source();

    /** The service account its pods run as. */
    String serviceAccount();

    /**
     * Whether this digest and another stand for the same content (all but their sources), as the digests of two
     * identical copies of one object do. Without an implementation, no two digests are.
     */
    default boolean sameContent(WorkloadDigest other) {
        return false;
    }
}
