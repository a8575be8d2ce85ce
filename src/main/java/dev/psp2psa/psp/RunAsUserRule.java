package dev.psp2psa.psp;

import static dev.psp2psa.cel.PodCel.allContainers;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RunAsUserStrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code runAsUser}: MustRunAs (UID ranges, defaulting to the first range's min), MustRunAsNonRoot (runAsNonRoot
 * defaulted to true) or RunAsAny. Baseline: anything; restricted: MustRunAsNonRoot.
 */
final class RunAsUserRule extends AbstractRule {

    static final String MUST_RUN_AS = "MustRunAs";
    static final String NON_ROOT = "MustRunAsNonRoot";
    static final String RUN_AS_ANY = "RunAsAny";

    RunAsUserRule() {
        super("runAsUser", List.of("runAsUser"), List.of(), List.of("runAsNonRoot", "runAsUser"),
                "The UIDs containers may run as: MustRunAs ranges, MustRunAsNonRoot, or RunAsAny.", false);
    }

    static String rule(PodSecurityPolicy psp) {
        RunAsUserStrategyOptions o = Psps.spec(psp).getRunAsUser();
        return o == null ? "" : Nulls.str(o.getRule());
    }

    private static List<IDRange> ranges(PodSecurityPolicy psp) {
        RunAsUserStrategyOptions o = Psps.spec(psp).getRunAsUser();
        return o == null ? List.of() : Psps.list(o.getRanges());
    }

    @Override
    public List<String> configurationErrors(PodSecurityPolicy psp) {
        String rule = rule(psp);
        if (rule.equals(MUST_RUN_AS) && ranges(psp).isEmpty()) {
            return List.of("runAsUser: MustRunAs requires at least one range.");
        }
        if (!rule.equals(MUST_RUN_AS) && !rule.equals(NON_ROOT) && !rule.equals(RUN_AS_ANY)) {
            return List.of("runAsUser: unrecognized RunAsUser strategy type '" + rule + "'.");
        }
        return SpecValidation.idRanges("spec.runAsUser.ranges", ranges(psp)).stream().map(e -> "runAsUser: " + e)
                .toList();
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        String rule = rule(psp);
        if (level != Level.RESTRICTED || rule.equals(NON_ROOT) || !configurationErrors(psp).isEmpty()) {
            return Optional.empty();
        }
        String value = rule.equals(MUST_RUN_AS) ? "rule=MustRunAs, ranges=" + Psps.rangesText(ranges(psp))
                : "rule=" + rule;
        return Optional.of(new Block("runAsUser", value, "runAsNonRoot",
                "The PSP does not require runAsNonRoot (rule " + rule + ", not MustRunAsNonRoot).", pod -> { }));
    }

    @Override
    public String baselineCondition() {
        return "anything";
    }

    @Override
    public String restrictedCondition() {
        return "rule MustRunAsNonRoot";
    }

    /** The largest UID the API server accepts. */
    static final long MAX_ID = 2147483647L;

    /** IDs around the ranges' edges that no range admits, ascending, for witnesses. */
    static List<Long> idsOutside(List<IDRange> ranges) {
        java.util.TreeSet<Long> ids = new java.util.TreeSet<>(List.of(0L, 1L, 1000L, 65534L, MAX_ID));
        for (IDRange r : ranges) {
            ids.add(Psps.min(r) - 1);
            ids.add(Psps.max(r) + 1);
        }
        return ids.stream().filter(id -> id >= 0 && id <= MAX_ID && !Psps.inRanges(id, ranges)).toList();
    }

    /** Ranges as {@code 1000-2000, 3000}. */
    static String rangesDash(List<IDRange> ranges) {
        return ranges.stream().sorted(java.util.Comparator.comparingLong(Psps::min).thenComparingLong(Psps::max))
                .map(r -> Psps.min(r) == Psps.max(r) ? Long.toString(Psps.min(r)) : Psps.min(r) + "-" + Psps.max(r))
                .distinct().collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        String rule = rule(psp);
        if (rule.equals(MUST_RUN_AS)) {
            List<java.util.function.Consumer<Pod>> probes = new ArrayList<>();
            for (long uid : idsOutside(ranges(psp))) {
                probes.add(pod -> firstContainerSc(pod).setRunAsUser(uid));
                probes.add(pod -> {
                    pod.getSpec().setHostUsers(false);
                    firstContainerSc(pod).setRunAsUser(uid);
                });
            }
            return List.of(new Gaps.Part("runAsUser must be in " + rangesDash(ranges(psp)), probes));
        }
        if (!rule.equals(NON_ROOT)) {
            return List.of();
        }
        String userns = level == Level.RESTRICTED && target.atLeast(Version.of(35))
                ? ", also in pods with hostUsers: false" : "";
        return List.of(
                new Gaps.Part("containers may not set runAsUser: 0" + userns, List.of(
                        pod -> firstContainerSc(pod).setRunAsUser(0L),
                        pod -> {
                            pod.getSpec().setHostUsers(false);
                            firstContainerSc(pod).setRunAsUser(0L);
                        })),
                new Gaps.Part("containers may not set runAsNonRoot: false" + userns, List.of(
                        pod -> Pods.podSc(pod, true).setRunAsNonRoot(false),
                        pod -> {
                            pod.getSpec().setHostUsers(false);
                            Pods.podSc(pod, true).setRunAsNonRoot(false);
                        })));
    }

    @Override
    public boolean mayMutate() {
        return true;
    }

    @Override
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        if (!configurationErrors(psp).isEmpty()) {
            return List.of();
        }
        return switch (rule(psp)) {
            case MUST_RUN_AS -> List.of(mutation("runAsUser", "spec.containers[*].securityContext.runAsUser",
                    Long.toString(Psps.min(ranges(psp).get(0)))));
            case NON_ROOT -> List.of(mutation("runAsUser", "spec.containers[*].securityContext.runAsNonRoot", "true"));
            default -> List.of();
        };
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
        if (!configurationErrors(psp).isEmpty()) {
            return;
        }
        String rule = rule(psp);
        for (Pods.Ref c : Pods.containers(pod)) {
            if (rule.equals(MUST_RUN_AS) && Pods.effectiveRunAsUser(pod, c) == null) {
                c.sc(true).setRunAsUser(Psps.min(ranges(psp).get(0)));
            }
            if (rule.equals(NON_ROOT) && Pods.effectiveRunAsNonRoot(pod, c) == null
                    && Pods.effectiveRunAsUser(pod, c) == null) {
                c.sc(true).setRunAsNonRoot(true);
            }
        }
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        String rule = rule(psp);
        for (Pods.Ref c : Pods.containers(pod)) {
            Long uid = Pods.effectiveRunAsUser(pod, c);
            Boolean nonRoot = Pods.effectiveRunAsNonRoot(pod, c);
            String path = c.scPath();
            if (rule.equals(MUST_RUN_AS)) {
                if (uid == null) {
                    errors.add(Pods.required(path + ".runAsUser", ""));
                } else if (!Psps.inRanges(uid, ranges(psp))) {
                    errors.add(Pods.invalid(path + ".runAsUser", uid,
                            "must be in the ranges: " + Psps.rangesText(ranges(psp))));
                }
            } else if (rule.equals(NON_ROOT)) {
                if (nonRoot == null && uid == null) {
                    errors.add(Pods.required(path + ".runAsNonRoot", "must be true"));
                } else if (nonRoot != null && !nonRoot) {
                    errors.add(Pods.invalid(path + ".runAsNonRoot", false, "must be true"));
                } else if (uid != null && uid == 0L) {
                    errors.add(Pods.invalid(path + ".runAsUser", 0, "running with the root UID is forbidden"));
                }
            }
        }
        return errors;
    }

    /**
     * MustRunAs needs each container's effective runAsUser set and in the ranges; MustRunAsNonRoot needs runAsNonRoot
     * or runAsUser set, runAsNonRoot not false and runAsUser not 0.
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        String rule = rule(psp);
        if (rule.equals(MUST_RUN_AS)) {
            List<long[]> ranges = IdCel.ranges(ranges(psp));
            return Optional.of(CelPredicate.exact(allContainers(IdCel.effective("runAsUser",
                            v -> PodCel.group(IdCel.inRanges(v, ranges)), "false")),
                    Psps.named(psp) + " requires every container to run as a UID in " + IdCel.rangesText(ranges)
                            + " (securityContext.runAsUser, set explicitly)."));
        }
        if (rule.equals(NON_ROOT)) {
            return Optional.of(CelPredicate.exact(allContainers(PodCel.and(
                            PodCel.or(IdCel.effectivelySet("runAsNonRoot"), IdCel.effectivelySet("runAsUser")),
                            IdCel.effective("runAsNonRoot", v -> v, "true"),
                            IdCel.effective("runAsUser", v -> v + " != 0", "true"))),
                    Psps.named(psp) + " requires every container to run as non-root "
                            + "(securityContext.runAsNonRoot: true or a non-zero runAsUser, set explicitly)."));
        }
        return Optional.empty();
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.ALLOWED_USERS);
    }

    /** The strategy, when every PSP uses the same one (RunAsAny aside), with the ranges merged. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        return LibraryValues.idStrategy("runAsUser", psps, s -> s.getRunAsUser() == null ? null
                : s.getRunAsUser().getRule(), s -> s.getRunAsUser() == null ? null : s.getRunAsUser().getRanges());
    }
}
