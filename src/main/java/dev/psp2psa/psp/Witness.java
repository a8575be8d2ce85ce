package dev.psp2psa.psp;

import dev.psp2psa.format.Json;
import dev.psp2psa.format.Yaml;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * A small pod, as PSP admission stores it (after its mutations), that the PSP admits and that a PSS level
 * forbids, with the PSS check that fails it.
 */
public record Witness(ObjectMeta metadata, PodSpec spec, String failingCheck) {

    /** A copy of the witness as a whole pod. */
    public Pod pod() {
        return Pods.copy(metadata, spec);
    }

    /** The pod as YAML without empty fields, ready for {@code kubectl apply --dry-run=server}. */
    public String yaml() {
        return Yaml.write(Json.compact(pod()));
    }
}
