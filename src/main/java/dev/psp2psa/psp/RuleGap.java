package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/**
 * What one rule of a PSP restricts that a PSS level does not enforce: the rule, the PSP fields and annotations it
 * claims, one sentence naming the PSP's values, and a witness pod (as submitted, before mutation) that passes the level
 * and that the rule rejects.
 */
public record RuleGap(String rule, List<String> fields, String detail, ObjectMeta metadata, PodSpec spec) {

    public RuleGap {
        fields = List.copyOf(fields);
    }

    /** A copy of the witness as a whole pod. */
    public Pod witness() {
        return Pods.copy(metadata, spec);
    }
}
