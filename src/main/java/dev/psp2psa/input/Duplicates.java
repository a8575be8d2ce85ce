package dev.psp2psa.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.WorkloadDigest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * What to do with two objects of the same kind, namespace and name (an object without a namespace counts as being in
 * {@code default}; cluster-scoped kinds have none).
 */
public enum Duplicates {

    /**
     * One cluster holds each object once, so the inputs describe an inventory: an identical copy (the
     * {@code policy/v1beta1} and {@code extensions/v1beta1} copies of one PSP, a backup file next to an export) is read
     * once, with a notice; copies that differ are an error, since which one the cluster holds is unknown. Identical
     * means equal but for what the API server and kubectl write ({@code status}, {@code uid},
     * {@code resourceVersion}, {@code generation}, {@code creationTimestamp}, {@code managedFields},
     * {@code selfLink} and the {@code kubectl.kubernetes.io/last-applied-configuration} annotation); objects digested
     * as they were read are compared by their digests, that is by everything psp2psa reads of them.
     */
    MERGE_IDENTICAL,

    /**
     * The inputs are manifests to dry-run, each object on its own (kustomize overlays, {@code pass/} and
     * {@code fail/} fixture folders): every copy is kept.
     */
    KEEP;

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final List<String> WRITTEN_BY_SERVER = List.of("uid", "resourceVersion", "generation",
            "creationTimestamp", "managedFields", "selfLink");
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** Whether two things read under one identity (objects or digests) are copies of one object. */
    static boolean identical(Object a, Object b, boolean namespaced) {
        if (a instanceof WorkloadDigest x && b instanceof WorkloadDigest y) {
            return x.sameContent(y);
        }
        if (a instanceof Sourced<?> x && b instanceof Sourced<?> y) {
            return content(x.object(), namespaced).equals(content(y.object(), namespaced));
        }
        return false;
    }

    /**
     * The object as a tree as copies are compared: without what the API server and kubectl write, with the namespace
     * it is in ({@code default} when it has none; none for cluster-scoped kinds, {@code namespaced} false).
     */
    public static ObjectNode content(HasMetadata object, boolean namespaced) {
        ObjectNode tree = MAPPER.valueToTree(object);
        tree.remove("status");
        if (tree.get("metadata") instanceof ObjectNode meta) {
            meta.remove(WRITTEN_BY_SERVER);
            if (meta.get("annotations") instanceof ObjectNode annotations) {
                annotations.remove(LAST_APPLIED);
                if (annotations.isEmpty()) {
                    meta.remove("annotations");
                }
            }
            JsonNode ns = meta.get("namespace");
            if (!namespaced) {
                meta.remove("namespace");
            } else if (ns == null || ns.asText().isEmpty()) {
                meta.put("namespace", "default");
            }
        }
        return tree;
    }
}
