package dev.psp2psa.cel;

import static dev.psp2psa.cel.PodCel.POD_SC;
import static dev.psp2psa.cel.PodCel.SPEC;
import static dev.psp2psa.cel.PodCel.allContainers;
import static dev.psp2psa.cel.PodCel.has;

import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RunAsUserStrategyOptions;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The translators of the UID and GID strategies: runAsUser, runAsGroup, supplementalGroups, fsGroup. */
final class IdCelRules {

    private IdCelRules() {
    }

    static List<long[]> ranges(List<IDRange> ranges) {
        return PspValues.list(ranges).stream()
                .map(r -> new long[] {r.getMin() == null ? 0L : r.getMin(), r.getMax() == null ? 0L : r.getMax()})
                .toList();
    }

    /**
     * The container's effective value of a security context field (its own, else the pod's) mapped by {@code f}, or
     * {@code absent} when neither sets it.
     */
    static String effective(String field, Function<String, String> f, String absent) {
        return "(" + has("c", "securityContext", field) + " ? " + f.apply("c.securityContext." + field) + " : "
                + has(SPEC, "securityContext", field) + " ? " + f.apply(POD_SC + "." + field) + " : " + absent + ")";
    }

    /** Whether the container or the pod sets the field. */
    static String effectivelySet(String field) {
        return "(" + has("c", "securityContext", field) + " || " + has(SPEC, "securityContext", field) + ")";
    }

    private static String group(String e) {
        return PodCel.group(e);
    }

    /**
     * {@code runAsUser}: MustRunAs needs each container's effective runAsUser set and in the ranges;
     * MustRunAsNonRoot needs runAsNonRoot or runAsUser set, runAsNonRoot not false and runAsUser not 0.
     */
    static CelRule runAsUser() {
        return new CelRule() {
            @Override
            public String id() {
                return "runAsUser";
            }

            @Override
            public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
                RunAsUserStrategyOptions o = PspValues.spec(psp).getRunAsUser();
                String rule = o == null ? "" : PspValues.str(o.getRule());
                if (rule.equals("MustRunAs")) {
                    List<long[]> ranges = ranges(o.getRanges());
                    return Optional.of(CelPredicate.exact(
                            allContainers(effective("runAsUser", v -> group(PspValues.inRanges(v, ranges)), "false")),
                            PspValues.psp(psp) + " requires every container to run as a UID in "
                                    + PspValues.rangesText(ranges) + " (securityContext.runAsUser, set explicitly)."));
                }
                if (rule.equals("MustRunAsNonRoot")) {
                    return Optional.of(CelPredicate.exact(allContainers(PodCel.and(
                                    PodCel.or(effectivelySet("runAsNonRoot"), effectivelySet("runAsUser")),
                                    effective("runAsNonRoot", v -> v, "true"),
                                    effective("runAsUser", v -> v + " != 0", "true"))),
                            PspValues.psp(psp) + " requires every container to run as non-root "
                                    + "(securityContext.runAsNonRoot: true or a non-zero runAsUser, set explicitly)."));
                }
                return Optional.empty();
            }
        };
    }

    /** runAsGroup: MustRunAs needs each container's effective runAsGroup set and in range; MayRunAs, in range. */
    static CelRule runAsGroup() {
        return groups("runAsGroup", s -> s.getRunAsGroup() == null ? null
                : new Object[] {s.getRunAsGroup().getRule(), s.getRunAsGroup().getRanges()}, (psp, mustSet, ranges) -> {
                    String in = effective("runAsGroup", v -> group(PspValues.inRanges(v, ranges)),
                            mustSet ? "false" : "true");
                    return allContainers(in);
                }, "every container's securityContext.runAsGroup");
    }

    /** supplementalGroups: every group in range; MustRunAs also needs at least one. */
    static CelRule supplementalGroups() {
        return groups("supplementalGroups", s -> s.getSupplementalGroups() == null ? null
                : new Object[] {s.getSupplementalGroups().getRule(), s.getSupplementalGroups().getRanges()},
                (psp, mustSet, ranges) -> {
                    String list = POD_SC + ".supplementalGroups";
                    String all = list + ".all(g, " + PspValues.inRanges("g", ranges) + ")";
                    return mustSet ? has(SPEC, "securityContext", "supplementalGroups") + " && size(" + list + ") > 0 && " + all
                            : "!(" + has(SPEC, "securityContext", "supplementalGroups") + ") || " + all;
                }, "spec.securityContext.supplementalGroups");
    }

    /** fsGroup: set (MustRunAs) and in range. */
    static CelRule fsGroup() {
        return groups("fsGroup", s -> s.getFsGroup() == null ? null
                : new Object[] {s.getFsGroup().getRule(), s.getFsGroup().getRanges()}, (psp, mustSet, ranges) -> {
                    String in = group(PspValues.inRanges(POD_SC + ".fsGroup", ranges));
                    return mustSet ? has(SPEC, "securityContext", "fsGroup") + " && " + in
                            : "!(" + has(SPEC, "securityContext", "fsGroup") + ") || " + in;
                }, "spec.securityContext.fsGroup");
    }

    private interface Body {
        String build(PodSecurityPolicy psp, boolean mustSet, List<long[]> ranges);
    }

    @SuppressWarnings("unchecked")
    private static CelRule groups(String id, Function<PodSecurityPolicySpec, Object[]> options, Body body,
            String field) {
        return new CelRule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
                Object[] o = options.apply(PspValues.spec(psp));
                String rule = o == null ? "" : PspValues.str((String) o[0]);
                if (!rule.equals("MustRunAs") && !rule.equals("MayRunAs")) {
                    return Optional.empty();
                }
                List<long[]> ranges = ranges((List<IDRange>) o[1]);
                boolean mustSet = rule.equals("MustRunAs");
                return Optional.of(CelPredicate.exact(body.build(psp, mustSet, ranges),
                        PspValues.psp(psp) + " requires " + field + " to be "
                                + (mustSet ? "set explicitly and " : "") + "in " + PspValues.rangesText(ranges)
                                + " (" + id + " " + rule + ")."));
            }
        };
    }
}
