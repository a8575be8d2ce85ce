package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.List;

/** The identity every rule has, and no mutation by default. */
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
    public List<Mutation> mutations(PodSecurityPolicy psp) {
        return List.of();
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
    }

    Mutation mutation(String field, String path, String value) {
        return new Mutation(id, field, path, value);
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
