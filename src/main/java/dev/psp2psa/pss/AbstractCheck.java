package dev.psp2psa.pss;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The common part of every check: its identity, and the null handling PSA gets from Go zero values. A
 * version newer than {@link Version#NEWEST} is evaluated as NEWEST; a version at which the check does not
 * apply yet allows everything.
 */
abstract class AbstractCheck implements Check {

    private final String id;
    private final Level level;
    private final List<Version> versions;
    private final Optional<String> overrides;
    private final String description;

    AbstractCheck(String id, Level level, String overrides, String description, int... minors) {
        this.id = Objects.requireNonNull(id);
        this.level = Objects.requireNonNull(level);
        this.overrides = Optional.ofNullable(overrides);
        this.description = Objects.requireNonNull(description);
        this.versions = java.util.Arrays.stream(minors).mapToObj(Version::of).toList();
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Level level() {
        return level;
    }

    @Override
    public final List<Version> versions() {
        return versions;
    }

    @Override
    public final Optional<String> overrides() {
        return overrides;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final CheckResult check(ObjectMeta podMetadata, PodSpec podSpec, Version version) {
        Version v = Objects.requireNonNull(version, "version");
        if (!appliesAt(v)) {
            return CheckResult.ALLOWED;
        }
        ObjectMeta meta = podMetadata == null ? new ObjectMeta() : podMetadata;
        PodSpec spec = podSpec == null ? new PodSpec() : podSpec;
        return evaluate(meta, spec, v);
    }

    /** Evaluates a non-null pod at a capped version at which the check applies. */
    abstract CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version);

    @Override
    public String toString() {
        return id;
    }
}
