package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code allowedProcMountTypes}: the /proc mount types containers may use (only Default when empty). Baseline and
 * restricted need [Default] or empty.
 */
final class AllowedProcMountTypesRule extends AbstractRule {

    static final String DEFAULT = "Default";

    AllowedProcMountTypesRule() {
        super("allowedProcMountTypes", List.of("allowedProcMountTypes"), List.of(),
                List.of("procMount", "procMount_restricted"),
                "The /proc mount types containers may use (Default only when empty).", true);
    }

    static List<String> allowed(PodSecurityPolicy psp) {
        List<String> list = Psps.strings(Psps.spec(psp).getAllowedProcMountTypes());
        return list.isEmpty() ? List.of(DEFAULT) : list;
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        if (level != Level.BASELINE) {
            return Optional.empty();
        }
        List<String> bad = allowed(psp).stream().filter(t -> !t.equals(DEFAULT) && !t.isEmpty()).sorted().toList();
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        String type = bad.get(0);
        return Optional.of(new Block("allowedProcMountTypes", Psps.text(allowed(psp)), "procMount",
                "The PSP lets containers use /proc mount types other than Default: " + String.join(", ", bad) + ".",
                pod -> firstContainerSc(pod).setProcMount(type)));
    }

    @Override
    public String baselineCondition() {
        return "[Default] or undefined / empty";
    }

    @Override
    public String restrictedCondition() {
        return baselineCondition();
    }

    /** Probes for each type the PSP does not allow; Unmasked in a user namespace, as PSS relaxes it from v1.35. */
    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        List<String> allowed = allowed(psp);
        List<java.util.function.Consumer<Pod>> probes = new ArrayList<>();
        for (String type : List.of(DEFAULT, "Unmasked")) {
            if (!allowed.contains(type)) {
                probes.add(pod -> {
                    pod.getSpec().setHostUsers(false);
                    firstContainerSc(pod).setProcMount(type);
                });
            }
        }
        if (probes.isEmpty()) {
            return List.of();
        }
        String text = "procMount limited to " + Gaps.list(new java.util.TreeSet<>(allowed));
        if (level == Level.BASELINE && !allowed.contains("Unmasked")) {
            text += " (baseline allows Unmasked for pods with hostUsers: false from v1.35)";
        }
        return List.of(new Gaps.Part(text, probes));
    }

    @Override
    public void prepare(PodSecurityPolicy psp, Pod pod) {
        List<String> allowed = allowed(psp);
        if (!allowed.contains(DEFAULT)) {
            allowed.stream().filter(t -> !t.isEmpty()).findFirst().ifPresent(type -> {
                for (Pods.Ref c : Pods.containers(pod)) {
                    c.sc(true).setProcMount(type);
                }
            });
        }
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        List<String> allowed = allowed(psp);
        for (Pods.Ref c : Pods.containers(pod)) {
            String procMount = c.sc() == null || c.sc().getProcMount() == null ? DEFAULT : c.sc().getProcMount();
            if (!allowed.contains(procMount)) {
                errors.add(Pods.invalid(c.scPath() + ".procMount", procMount, "ProcMountType is not allowed"));
            }
        }
        return errors;
    }

    /** Every container's procMount (Default when unset) is allowed. */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        List<String> allowed = allowed(psp);
        return Optional.of(CelPredicate.exact(PodCel.allContainers(PodCel.in(PodCel.orElse("'" + DEFAULT + "'", "c",
                        "securityContext", "procMount"), allowed)),
                Psps.named(psp) + " allows only the procMount types " + PodCel.list(allowed)
                        + " (securityContext.procMount)."));
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPProcMount"));
    }

    /** Unmasked when any PSP allows it, else Default. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        boolean unmasked = psps.stream().anyMatch(p -> Psps.list(Psps.spec(p).getAllowedProcMountTypes())
                .contains("Unmasked"));
        return Optional.of(LibraryParameters.of(Map.of("procMount", unmasked ? "Unmasked" : DEFAULT)));
    }
}
