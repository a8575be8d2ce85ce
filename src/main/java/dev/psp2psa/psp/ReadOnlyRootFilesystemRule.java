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

/** {@code readOnlyRootFilesystem}: containers must run with a read-only root filesystem (defaulted); no opinion. */
final class ReadOnlyRootFilesystemRule extends AbstractRule {

    ReadOnlyRootFilesystemRule() {
        super("readOnlyRootFilesystem", List.of("readOnlyRootFilesystem"), List.of(), List.of(),
                "Whether containers must run with a read-only root filesystem.", false);
    }

    private static boolean required(PodSecurityPolicy psp) {
        return Nulls.isTrue(Psps.spec(psp).getReadOnlyRootFilesystem());
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

    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        if (!required(psp)) {
            return List.of();
        }
        return List.of(new Gaps.Part("containers must set securityContext.readOnlyRootFilesystem=true",
                pod -> firstContainerSc(pod).setReadOnlyRootFilesystem(false)));
    }

    @Override
    public boolean mayMutate() {
        return true;
    }

    @Override
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        return required(psp)
                ? List.of(mutation("readOnlyRootFilesystem",
                        "spec.containers[*].securityContext.readOnlyRootFilesystem", "true"))
                : List.of();
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
        if (!required(psp)) {
            return;
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            if (c.sc() == null || c.sc().getReadOnlyRootFilesystem() == null) {
                c.sc(true).setReadOnlyRootFilesystem(true);
            }
        }
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        if (!required(psp)) {
            return errors;
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            Boolean ro = c.sc() == null ? null : c.sc().getReadOnlyRootFilesystem();
            String path = c.scPath() + ".readOnlyRootFilesystem";
            if (ro == null) {
                errors.add(Pods.invalid(path, "nil", "ReadOnlyRootFilesystem may not be nil and must be set to true"));
            } else if (!ro) {
                errors.add(Pods.invalid(path, false, "ReadOnlyRootFilesystem must be set to true"));
            }
        }
        return errors;
    }

    /** When required, every container sets readOnlyRootFilesystem to true itself. */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        if (!required(psp)) {
            return Optional.empty();
        }
        return Optional.of(CelPredicate.exact(
                PodCel.allContainers(PodCel.isTrue("c", "securityContext", "readOnlyRootFilesystem")),
                Psps.named(psp) + " requires every container to set securityContext.readOnlyRootFilesystem: true."));
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPReadOnlyRootFilesystem"));
    }

    /** None, when every PSP requires a read-only root filesystem. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        return LibraryValues.ifEvery(psps, s -> Boolean.TRUE.equals(s.getReadOnlyRootFilesystem()));
    }
}
