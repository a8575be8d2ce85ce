package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of PSP admission for one pod: the field errors per rule id (only rules with errors, in rule order)
 * and the pod as PSP admission mutated it (a copy; the input is never changed).
 */
public record Admission(Map<String, List<String>> errors, ObjectMeta metadata, PodSpec spec) {

    public Admission {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        errors.forEach((rule, list) -> copy.put(rule, List.copyOf(list)));
        errors = Collections.unmodifiableMap(copy);
    }

    public boolean allowed() {
        return errors.isEmpty();
    }

    /** Every error, prefixed with its rule id, in rule order. */
    public List<String> allErrors() {
        List<String> all = new ArrayList<>();
        errors.forEach((rule, list) -> list.forEach(e -> all.add(rule + ": " + e)));
        return all;
    }

    /** A copy of the mutated pod. */
    public Pod pod() {
        return Pods.copy(metadata, spec);
    }
}
