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

/**
 * {@code allowPrivilegeEscalation} (default true) and {@code defaultAllowPrivilegeEscalation}: whether containers may
 * allow privilege escalation, and the default they get. Restricted (from v1.8) needs allowPrivilegeEscalation false.
 */
final class AllowPrivilegeEscalationRule extends AbstractRule {

    static final Version RESTRICTED_SINCE = Version.of(8);

    AllowPrivilegeEscalationRule() {
        super("allowPrivilegeEscalation", List.of("allowPrivilegeEscalation", "defaultAllowPrivilegeEscalation"),
                List.of(), List.of("allowPrivilegeEscalation"),
                "Whether containers may allow privilege escalation, and the default they get.", true);
    }

    @Override
    public List<String> configurationErrors(PodSecurityPolicy psp) {
        return SpecValidation.privilegeEscalation(Psps.spec(psp)).stream().map(e -> "allowPrivilegeEscalation: " + e)
                .toList();
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        if (level != Level.RESTRICTED || !Psps.allowPrivilegeEscalation(psp)
                || !target.atLeast(RESTRICTED_SINCE)) {
            return Optional.empty();
        }
        Boolean raw = Psps.spec(psp).getAllowPrivilegeEscalation();
        return Optional.of(new Block("allowPrivilegeEscalation", raw == null ? "unset (true)" : "true",
                "allowPrivilegeEscalation", "The PSP lets containers allow privilege escalation.",
                pod -> firstContainerSc(pod).setAllowPrivilegeEscalation(true)));
    }

    @Override
    public String baselineCondition() {
        return "no opinion";
    }

    @Override
    public String restrictedCondition() {
        return "allowPrivilegeEscalation false (defaultAllowPrivilegeEscalation: no opinion)";
    }

    /** defaultAllowPrivilegeEscalation is pure mutation; only allowPrivilegeEscalation: false rejects pods. */
    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        if (Psps.allowPrivilegeEscalation(psp)) {
            return List.of();
        }
        return List.of(new Gaps.Part("allowPrivilegeEscalation must be false",
                pod -> firstContainerSc(pod).setAllowPrivilegeEscalation(true)));
    }

    @Override
    public void prepare(PodSecurityPolicy psp, Pod pod) {
        if (!Psps.allowPrivilegeEscalation(psp)) {
            // The API server rejects a PSP with defaultAllowPrivilegeEscalation true and allowPrivilegeEscalation
            // false; should one exist, only containers that set false themselves pass.
            for (Pods.Ref c : Pods.containers(pod)) {
                c.sc(true).setAllowPrivilegeEscalation(false);
            }
        }
    }

    @Override
    public boolean mayMutate() {
        return true;
    }

    @Override
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        Boolean def = Psps.spec(psp).getDefaultAllowPrivilegeEscalation();
        String path = "spec.containers[*].securityContext.allowPrivilegeEscalation";
        if (def != null) {
            return List.of(mutation("defaultAllowPrivilegeEscalation", path, def.toString()));
        }
        if (!Psps.allowPrivilegeEscalation(psp)) {
            return List.of(mutation("allowPrivilegeEscalation", path, "false"));
        }
        return List.of();
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
        Boolean def = Psps.spec(psp).getDefaultAllowPrivilegeEscalation();
        for (Pods.Ref c : Pods.containers(pod)) {
            if (def != null && (c.sc() == null || c.sc().getAllowPrivilegeEscalation() == null)) {
                c.sc(true).setAllowPrivilegeEscalation(def);
            }
            if (!Psps.allowPrivilegeEscalation(psp) && (c.sc() == null || c.sc().getAllowPrivilegeEscalation() == null)) {
                c.sc(true).setAllowPrivilegeEscalation(false);
            }
        }
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        if (Psps.allowPrivilegeEscalation(psp)) {
            return errors;
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            Boolean allow = c.sc() == null ? null : c.sc().getAllowPrivilegeEscalation();
            if (allow == null || allow) {
                errors.add(Pods.invalid(c.scPath() + ".allowPrivilegeEscalation", allow == null ? "nil" : allow,
                        "Allowing privilege escalation for containers is not allowed"));
            }
        }
        return errors;
    }

    /**
     * When false, every container sets allowPrivilegeEscalation to false itself. When allowed but
     * defaultAllowPrivilegeEscalation is false, every container sets it explicitly (either value), as PSP guaranteed
     * false for containers that left it unset.
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        String set = PodCel.has("c", "securityContext", "allowPrivilegeEscalation");
        if (!Psps.allowPrivilegeEscalation(psp)) {
            return Optional.of(CelPredicate.exact(
                    PodCel.allContainers(set + " && !c.securityContext.allowPrivilegeEscalation"),
                    Psps.named(psp) + " requires every container to set securityContext.allowPrivilegeEscalation: "
                            + "false."));
        }
        if (Boolean.FALSE.equals(Psps.spec(psp).getDefaultAllowPrivilegeEscalation())) {
            return Optional.of(CelPredicate.exact(PodCel.allContainers(set), Psps.named(psp) + " defaulted "
                    + "securityContext.allowPrivilegeEscalation to false, so every container must set it explicitly."));
        }
        return Optional.empty();
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPAllowPrivilegeEscalationContainer"));
    }

    /** None, when every PSP sets allowPrivilegeEscalation: false. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        return LibraryValues.ifEvery(psps, s -> Boolean.FALSE.equals(s.getAllowPrivilegeEscalation()));
    }
}
