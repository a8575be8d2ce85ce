package dev.psp2psa.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A typed Kubernetes object with the place it was read from. Treated as immutable once read. */
public record Sourced<T extends HasMetadata>(T object, Source source) {

    public String kind() {
        return object.getKind();
    }

    public String name() {
        return object.getMetadata() == null ? null : object.getMetadata().getName();
    }

    /** The object's namespace, or {@code null} for cluster-scoped objects. */
    public String namespace() {
        return object.getMetadata() == null ? null : object.getMetadata().getNamespace();
    }
}
