package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code privileged}: whether containers may run privileged; baseline and restricted need false. */
final class PrivilegedRule extends AbstractRule {

    PrivilegedRule() {
        super("privileged", List.of("privileged"), List.of(), List.of("privileged"),
                "Whether containers may set securityContext.privileged=true.", true);
    }

    /**
     * Privileged containers block baseline only when a pod can have one: with {@code allowPrivilegeEscalation: false}
     * PSP writes {@code allowPrivilegeEscalation: false} into every container that leaves it unset and rejects
     * {@code true}, and the API server rejects {@code allowPrivilegeEscalation: false} next to {@code privileged: true}
     * ({@code ValidateSecurityContext}), so no privileged container is ever created. With only
     * {@code defaultAllowPrivilegeEscalation: false} the witness sets {@code allowPrivilegeEscalation: true} itself.
     */
    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        if (level != Level.BASELINE || !Nulls.isTrue(Psps.spec(psp).getPrivileged())
                || !Psps.allowPrivilegeEscalation(psp)) {
            return Optional.empty();
        }
        boolean escalationDefaultsOff = Boolean.FALSE.equals(Psps.spec(psp).getDefaultAllowPrivilegeEscalation());
        return Optional.of(new Block("privileged", "true", "privileged",
                "The PSP admits privileged containers.", pod -> {
                    firstContainerSc(pod).setPrivileged(true);
                    if (escalationDefaultsOff) {
                        firstContainerSc(pod).setAllowPrivilegeEscalation(true);
                    }
                }));
    }

    @Override
    public String baselineCondition() {
        return "false / undefined";
    }

    @Override
    public String restrictedCondition() {
        return "false / undefined";
    }

    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        if (Nulls.isTrue(Psps.spec(psp).getPrivileged())) {
            return List.of();
        }
        // A privileged container must not set allowPrivilegeEscalation: false (API validation).
        return List.of(new Gaps.Part("privileged containers are forbidden", pod -> {
            firstContainerSc(pod).setPrivileged(true);
            firstContainerSc(pod).setAllowPrivilegeEscalation(true);
        }));
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        if (Nulls.isTrue(Psps.spec(psp).getPrivileged())) {
            return errors;
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            if (c.sc() != null && Nulls.isTrue(c.sc().getPrivileged())) {
                errors.add(Pods.invalid(c.scPath() + ".privileged", true, "Privileged containers are not allowed"));
            }
        }
        return errors;
    }

    /** Unless allowed, no container sets securityContext.privileged=true. */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        if (Nulls.isTrue(Psps.spec(psp).getPrivileged())) {
            return Optional.empty();
        }
        return Optional.of(CelPredicate.exact(PodCel.allContainers(PodCel.notTrue("c", "securityContext", "privileged")),
                Psps.named(psp) + " forbids privileged containers (securityContext.privileged)."));
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPPrivilegedContainer"));
    }

    /** None, when no PSP allows privileged containers. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        return LibraryValues.ifEvery(psps, s -> !Boolean.TRUE.equals(s.getPrivileged()));
    }
}
