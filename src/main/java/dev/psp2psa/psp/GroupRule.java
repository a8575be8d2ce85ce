package dev.psp2psa.psp;

import static dev.psp2psa.cel.PodCel.POD_SC;
import static dev.psp2psa.cel.PodCel.SPEC;
import static dev.psp2psa.cel.PodCel.allContainers;
import static dev.psp2psa.cel.PodCel.has;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.policy.v1beta1.FSGroupStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RunAsGroupStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.SupplementalGroupsStrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code runAsGroup}, {@code supplementalGroups} and {@code fsGroup}: GID strategies (MustRunAs ranges, defaulting to
 * the first range's min; MayRunAs ranges; RunAsAny); no opinion. runAsGroup is optional (absent means RunAsAny); the
 * other two are required.
 */
final class GroupRule extends AbstractRule {

    private enum Kind { RUN_AS_GROUP, SUPPLEMENTAL_GROUPS, FS_GROUP }

    private final Kind kind;
    private final String field;
    private final Function<PodSecurityPolicySpec, Object> options;

    private GroupRule(Kind kind, String field, String what, Function<PodSecurityPolicySpec, Object> options) {
        super(field, List.of(field), List.of(), List.of(), "The GIDs " + what + ": MustRunAs or MayRunAs ranges, or "
                + "RunAsAny.", false);
        this.kind = kind;
        this.field = field;
        this.options = options;
    }

    static GroupRule runAsGroup() {
        return new GroupRule(Kind.RUN_AS_GROUP, "runAsGroup", "containers may run as", PodSecurityPolicySpec::getRunAsGroup);
    }

    static GroupRule supplementalGroups() {
        return new GroupRule(Kind.SUPPLEMENTAL_GROUPS, "supplementalGroups", "pods may add as supplemental groups",
                PodSecurityPolicySpec::getSupplementalGroups);
    }

    static GroupRule fsGroup() {
        return new GroupRule(Kind.FS_GROUP, "fsGroup", "pods may use as fsGroup", PodSecurityPolicySpec::getFsGroup);
    }

    /** The strategy's rule as the PSP spells it; null when unset. */
    private static String rawRule(Object strategy) {
        if (strategy instanceof RunAsGroupStrategyOptions g) {
            return g.getRule();
        }
        if (strategy instanceof SupplementalGroupsStrategyOptions g) {
            return g.getRule();
        }
        return strategy instanceof FSGroupStrategyOptions g ? g.getRule() : null;
    }

    /** The strategy's ranges as the PSP lists them; null when unset. */
    private static List<IDRange> rawRanges(Object strategy) {
        if (strategy instanceof RunAsGroupStrategyOptions g) {
            return g.getRanges();
        }
        if (strategy instanceof SupplementalGroupsStrategyOptions g) {
            return g.getRanges();
        }
        return strategy instanceof FSGroupStrategyOptions g ? g.getRanges() : null;
    }

    private String rule(PodSecurityPolicy psp) {
        Object o = options.apply(Psps.spec(psp));
        if (o == null) {
            return kind == Kind.RUN_AS_GROUP ? "RunAsAny" : "";
        }
        return Nulls.str(rawRule(o));
    }

    private List<IDRange> ranges(PodSecurityPolicy psp) {
        return Psps.list(rawRanges(options.apply(Psps.spec(psp))));
    }

    @Override
    public List<String> configurationErrors(PodSecurityPolicy psp) {
        String rule = rule(psp);
        if ((rule.equals("MustRunAs") || rule.equals("MayRunAs")) && ranges(psp).isEmpty()) {
            return List.of(field + ": ranges must be supplied for " + rule + ".");
        }
        if (!rule.equals("MustRunAs") && !rule.equals("MayRunAs") && !rule.equals("RunAsAny")) {
            return List.of(field + ": unrecognized " + field + " strategy type '" + rule + "'.");
        }
        if (rule.equals("RunAsAny") && field.equals("runAsGroup") && !ranges(psp).isEmpty()) {
            return List.of(field + ": " + SpecValidation.rejected(Pods.invalid("spec.runAsGroup.ranges",
                    ranges(psp).size() + " range(s)", "Ranges must be empty")));
        }
        return SpecValidation.idRanges("spec." + field + ".ranges", ranges(psp)).stream()
                .map(e -> field + ": " + e).toList();
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        return Optional.empty();
    }

    @Override
    public String baselineCondition() {
        return "no opinion";
    }

    @Override
    public String restrictedCondition() {
        return "no opinion";
    }

    /** MustRunAs and MayRunAs restrict the GIDs pods may set; MustRunAs also fills in unset ones (mutation). */
    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        String rule = rule(psp);
        if (!rule.equals("MustRunAs") && !rule.equals("MayRunAs")) {
            return List.of();
        }
        List<java.util.function.Consumer<Pod>> probes = new ArrayList<>();
        for (long gid : RunAsUserRule.idsOutside(ranges(psp))) {
            probes.add(pod -> {
                switch (kind) {
                    case RUN_AS_GROUP -> firstContainerSc(pod).setRunAsGroup(gid);
                    case SUPPLEMENTAL_GROUPS -> Pods.podSc(pod, true).setSupplementalGroups(new ArrayList<>(List.of(gid)));
                    case FS_GROUP -> Pods.podSc(pod, true).setFsGroup(gid);
                }
            });
        }
        boolean whenSet = rule.equals("MayRunAs") || kind != Kind.RUN_AS_GROUP;
        return List.of(new Gaps.Part(field + (whenSet ? ", when set," : "") + " must be in "
                + RunAsUserRule.rangesDash(ranges(psp)), probes));
    }

    private boolean mustRunAs(PodSecurityPolicy psp) {
        return rule(psp).equals("MustRunAs") && !ranges(psp).isEmpty();
    }

    @Override
    public boolean mayMutate() {
        return true;
    }

    @Override
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        if (!mustRunAs(psp)) {
            return List.of();
        }
        String min = Long.toString(Psps.min(ranges(psp).get(0)));
        return switch (kind) {
            case RUN_AS_GROUP -> List.of(mutation(field, "spec.containers[*].securityContext.runAsGroup", min));
            case SUPPLEMENTAL_GROUPS -> List.of(mutation(field, "spec.securityContext.supplementalGroups", "[" + min + "]"));
            case FS_GROUP -> List.of(mutation(field, "spec.securityContext.fsGroup", min));
        };
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
        if (!mustRunAs(psp)) {
            return;
        }
        long min = Psps.min(ranges(psp).get(0));
        PodSecurityContext sc = Pods.podSc(pod, false);
        switch (kind) {
            case RUN_AS_GROUP -> {
                for (Pods.Ref c : Pods.containers(pod)) {
                    if (Pods.effectiveRunAsGroup(pod, c) == null) {
                        c.sc(true).setRunAsGroup(min);
                    }
                }
            }
            case SUPPLEMENTAL_GROUPS -> {
                if (sc == null || sc.getSupplementalGroups() == null || sc.getSupplementalGroups().isEmpty()) {
                    List<Long> groups = new ArrayList<>();
                    groups.add(min);
                    Pods.podSc(pod, true).setSupplementalGroups(groups);
                }
            }
            case FS_GROUP -> {
                if (sc == null || sc.getFsGroup() == null) {
                    Pods.podSc(pod, true).setFsGroup(min);
                }
            }
        }
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        String rule = rule(psp);
        if (!rule.equals("MustRunAs") && !rule.equals("MayRunAs")) {
            return errors;
        }
        PodSecurityContext sc = Pods.podSc(pod, false);
        switch (kind) {
            case RUN_AS_GROUP -> {
                for (Pods.Ref c : Pods.containers(pod)) {
                    Long gid = Pods.effectiveRunAsGroup(pod, c);
                    validate(psp, rule, c.scPath(), gid == null ? List.of() : List.of(gid), errors);
                }
            }
            case SUPPLEMENTAL_GROUPS -> validate(psp, rule, "spec.securityContext.supplementalGroups",
                    sc == null ? List.of() : Psps.list(sc.getSupplementalGroups()), errors);
            case FS_GROUP -> validate(psp, rule, "spec.securityContext.fsGroup",
                    sc == null || sc.getFsGroup() == null ? List.of() : List.of(sc.getFsGroup()), errors);
        }
        return errors;
    }

    private void validate(PodSecurityPolicy psp, String rule, String path, List<Long> groups, List<String> errors) {
        List<IDRange> ranges = ranges(psp);
        if (rule.equals("MustRunAs") && groups.isEmpty()) {
            errors.add(Pods.invalid(path, groups, "unable to validate empty groups against required ranges"));
        }
        for (Long g : groups) {
            if (!Psps.inRanges(g, ranges)) {
                errors.add(Pods.invalid(path, groups,
                        "group " + g + " must be in the ranges: " + Psps.rangesText(ranges)));
            }
        }
    }

    /**
     * The GIDs must be in the ranges: each container's effective runAsGroup (MustRunAs: set), every supplemental
     * group, the fsGroup. Only runAsGroup must be set: PSP's MustRunAs wrote the first range's min into a pod that set
     * none, and an unset runAsGroup runs as the image's group (possibly root's), which is less safe; an unset fsGroup or
     * supplementalGroups adds no group at all, which is no less safe than the group PSP added, so the gap policies
     * require those only to be in the ranges when set, and a workload that never set them keeps running
     * (docs/policies.md, "Require only what the restriction needs").
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        String rule = rule(psp);
        if (!rule.equals("MustRunAs") && !rule.equals("MayRunAs")) {
            return Optional.empty();
        }
        List<long[]> ranges = IdCel.ranges(ranges(psp));
        boolean mustSet = rule.equals("MustRunAs") && kind == Kind.RUN_AS_GROUP;
        String set = has(SPEC, "securityContext", field);
        String expression = switch (kind) {
            case RUN_AS_GROUP -> allContainers(IdCel.effective(field, v -> PodCel.group(IdCel.inRanges(v, ranges)),
                    mustSet ? "false" : "true"));
            case SUPPLEMENTAL_GROUPS -> {
                String list = POD_SC + "." + field;
                String all = list + ".all(g, " + IdCel.inRanges("g", ranges) + ")";
                yield mustSet ? set + " && size(" + list + ") > 0 && " + all : "!(" + set + ") || " + all;
            }
            case FS_GROUP -> {
                String in = PodCel.group(IdCel.inRanges(POD_SC + "." + field, ranges));
                yield mustSet ? set + " && " + in : "!(" + set + ") || " + in;
            }
        };
        String subject = kind == Kind.RUN_AS_GROUP ? "every container's securityContext.runAsGroup"
                : "spec.securityContext." + field;
        return Optional.of(CelPredicate.exact(expression, Psps.named(psp) + " requires " + subject + " to be "
                + (mustSet ? "set explicitly and " : "") + "in " + IdCel.rangesText(ranges)
                + (mustSet || kind == Kind.RUN_AS_GROUP ? "" : " when set") + " (" + field + " " + rule + ")."));
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.ALLOWED_USERS);
    }

    /** The strategy, when every PSP uses the same one (RunAsAny aside), with the ranges merged. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        return LibraryValues.idStrategy(field, psps, s -> rawRule(options.apply(s)),
                s -> rawRanges(options.apply(s)));
    }
}
