package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code hostNetwork}, {@code hostPID} and {@code hostIPC}: whether pods may share a host namespace; baseline and
 * restricted need false. hostNetwork also covers windowsHostProcess: the API server rejects a HostProcess pod that
 * does not set hostNetwork, which this rule reports as that pod's error.
 */
final class HostNamespaceRule extends AbstractRule {

    private final String field;
    private final Function<PodSecurityPolicySpec, Boolean> allowed;
    private final Function<PodSpec, Boolean> used;
    private final BiConsumer<PodSpec, Boolean> set;
    private final String message;

    private HostNamespaceRule(String field, List<String> checks, String what,
            Function<PodSecurityPolicySpec, Boolean> allowed, Function<PodSpec, Boolean> used,
            BiConsumer<PodSpec, Boolean> set, String message) {
        super(field, List.of(field), List.of(), checks, "Whether pods may use the host's " + what + " (" + field + ").",
                true);
        this.field = field;
        this.allowed = allowed;
        this.used = used;
        this.set = set;
        this.message = message;
    }

    static HostNamespaceRule hostNetwork() {
        return new HostNamespaceRule("hostNetwork", List.of("hostNamespaces", "windowsHostProcess"), "network",
                PodSecurityPolicySpec::getHostNetwork, PodSpec::getHostNetwork, PodSpec::setHostNetwork,
                "Host network is not allowed to be used");
    }

    static HostNamespaceRule hostPid() {
        return new HostNamespaceRule("hostPID", List.of("hostNamespaces"), "PID namespace",
                PodSecurityPolicySpec::getHostPID, PodSpec::getHostPID, PodSpec::setHostPID,
                "Host PID is not allowed to be used");
    }

    static HostNamespaceRule hostIpc() {
        return new HostNamespaceRule("hostIPC", List.of("hostNamespaces"), "IPC namespace",
                PodSecurityPolicySpec::getHostIPC, PodSpec::getHostIPC, PodSpec::setHostIPC,
                "Host IPC is not allowed to be used");
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        if (level == Level.BASELINE && Nulls.isTrue(allowed.apply(Psps.spec(psp)))) {
            return Optional.of(new Block(field, "true", "hostNamespaces",
                    "The PSP admits pods that set " + field + ": true.", pod -> set.accept(pod.getSpec(), true)));
        }
        return Optional.empty();
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
        if (Nulls.isTrue(allowed.apply(Psps.spec(psp)))) {
            return List.of();
        }
        return List.of(new Gaps.Part(field + " is forbidden", pod -> set.accept(pod.getSpec(), true)));
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        boolean uses = Nulls.isTrue(used.apply(pod.getSpec()));
        if (!Nulls.isTrue(allowed.apply(Psps.spec(psp))) && uses) {
            errors.add(Pods.invalid("spec.securityContext." + field, true, message));
        }
        if (isHostNetwork() && hostProcess(pod) && !uses) {
            errors.add(Pods.invalid("spec.hostNetwork", false,
                    "hostNetwork must be true for HostProcess pods (API validation)"));
        }
        return errors;
    }

    private static boolean hostProcess(Pod pod) {
        if (pod.getSpec().getSecurityContext() != null
                && hostProcess(pod.getSpec().getSecurityContext().getWindowsOptions())) {
            return true;
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            SecurityContext sc = c.sc();
            if (sc != null && hostProcess(sc.getWindowsOptions())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hostProcess(WindowsSecurityContextOptions options) {
        return options != null && Nulls.isTrue(options.getHostProcess());
    }

    /**
     * Unless allowed, the pod does not set the field to true. (hostNetwork's check that HostProcess pods set
     * hostNetwork is API validation, which the API server applies before any validating admission, so it is not
     * repeated.)
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        if (Nulls.isTrue(allowed.apply(Psps.spec(psp)))) {
            return Optional.empty();
        }
        return Optional.of(CelPredicate.exact(PodCel.notTrue(PodCel.SPEC, field),
                Psps.named(psp) + " forbids spec." + field + ": true."));
    }

    /** hostNetwork shares K8sPSPHostNetworkingPorts with hostPorts; hostPID and hostIPC share K8sPSPHostNamespace. */
    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(isHostNetwork() ? LibraryKind.HOST_NETWORKING_PORTS : LibraryKind.HOST_NAMESPACE);
    }

    /** hostNetwork: whether any PSP allows it. hostPID, hostIPC: none, when no PSP allows it. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        if (isHostNetwork()) {
            return Optional.of(LibraryParameters.of(Map.of("hostNetwork",
                    psps.stream().anyMatch(p -> Boolean.TRUE.equals(allowed.apply(Psps.spec(p)))))));
        }
        return LibraryValues.ifEvery(psps, s -> !Boolean.TRUE.equals(allowed.apply(s)));
    }

    private boolean isHostNetwork() {
        return field.equals("hostNetwork");
    }
}
