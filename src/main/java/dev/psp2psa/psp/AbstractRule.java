package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecurityContext;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity every rule has, no mutation by default, and the rule's gaps as {@link #gapParts}: each part whose
 * probes give a witness contributes its phrase to the sentence ({@link PspAnalyzer#restriction}).
 */
abstract class AbstractRule implements PspRule {

    private final String id;
    private final List<String> fields;
    private final List<String> annotations;
    private final List<String> checks;
    private final String description;
    private final boolean expressible;

    AbstractRule(String id, List<String> fields, List<String> annotations, List<String> checks, String description,
            boolean expressible) {
        this.id = id;
        this.fields = fields.stream().sorted().toList();
        this.annotations = annotations.stream().sorted().toList();
        this.checks = checks.stream().sorted().toList();
        this.description = description;
        this.expressible = expressible;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final List<String> fields() {
        return fields;
    }

    @Override
    public final List<String> annotations() {
        return annotations;
    }

    @Override
    public final List<String> checks() {
        return checks;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final boolean expressibleInPsa() {
        return expressible;
    }

    @Override
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        return List.of();
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
    }

    /**
     * The things this PSP's value restricts, as phrases with probes (edits of {@link Gaps#basePod()}); only the parts
     * for which some probe passes the level and is rejected by the rule count (see {@link PspAnalyzer#restriction}).
     * Empty when the rule restricts nothing.
     */
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        return List.of();
    }

    PspDefault mutation(String field, String path, String value) {
        return new PspDefault(id, field, path, value);
    }

    /** A default with its typed value given, for values whose text form cannot be parsed back. */
    PspDefault mutation(String field, String path, String value, Object typed) {
        return new PspDefault(id, field, path, value, typed);
    }

    /** The security context of the pod's first container, created when absent: where witnesses put their values. */
    static SecurityContext firstContainerSc(Pod pod) {
        return Pods.containers(pod).get(0).sc(true);
    }

    @Override
    public String toString() {
        return id;
    }
}
