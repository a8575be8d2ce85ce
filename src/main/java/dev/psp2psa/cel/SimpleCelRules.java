package dev.psp2psa.cel;

import static dev.psp2psa.cel.PodCel.SPEC;
import static dev.psp2psa.cel.PodCel.allContainers;
import static dev.psp2psa.cel.PodCel.has;
import static dev.psp2psa.cel.PodCel.isTrue;
import static dev.psp2psa.cel.PodCel.notTrue;
import static dev.psp2psa.cel.PodCel.orElse;

import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedCSIDriver;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedFlexVolume;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RuntimeClassStrategyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The translators of the PSP rules that check one field: booleans, host namespaces, drivers, procMount, runtimeClass. */
final class SimpleCelRules {

    private SimpleCelRules() {
    }

    private record Rule(String id, Function<PodSecurityPolicy, Optional<CelPredicate>> f) implements CelRule {
        @Override
        public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
            return f.apply(psp);
        }
    }

    private static Optional<CelPredicate> exact(String expression, String message) {
        return Optional.of(CelPredicate.exact(expression, message));
    }

    /** {@code privileged}: unless allowed, no container sets securityContext.privileged=true. */
    static CelRule privileged() {
        return new Rule("privileged", psp -> PspValues.isTrue(PspValues.spec(psp).getPrivileged()) ? Optional.empty()
                : exact(allContainers(notTrue("c", "securityContext", "privileged")),
                        PspValues.psp(psp) + " forbids privileged containers (securityContext.privileged)."));
    }

    /**
     * {@code hostNetwork}, {@code hostPID}, {@code hostIPC}: unless allowed, the pod does not set the field to true.
     * (hostNetwork's check that HostProcess pods set hostNetwork is API validation, which the API server applies
     * before any validating admission, so it is not repeated.)
     */
    static CelRule hostNamespace(String field, Function<PodSecurityPolicySpec, Boolean> allowed) {
        return new Rule(field, psp -> PspValues.isTrue(allowed.apply(PspValues.spec(psp))) ? Optional.empty()
                : exact(notTrue(SPEC, field), PspValues.psp(psp) + " forbids spec." + field + ": true."));
    }

    /** {@code readOnlyRootFilesystem}: when required, every container sets it to true itself. */
    static CelRule readOnlyRootFilesystem() {
        return new Rule("readOnlyRootFilesystem",
                psp -> !PspValues.isTrue(PspValues.spec(psp).getReadOnlyRootFilesystem()) ? Optional.empty()
                        : exact(allContainers(isTrue("c", "securityContext", "readOnlyRootFilesystem")),
                                PspValues.psp(psp) + " requires every container to set "
                                        + "securityContext.readOnlyRootFilesystem: true."));
    }

    /**
     * {@code allowPrivilegeEscalation}: when false, every container sets it to false itself. When allowed but
     * {@code defaultAllowPrivilegeEscalation} is false, every container sets it explicitly (either value), as PSP
     * guaranteed false for containers that left it unset.
     */
    static CelRule allowPrivilegeEscalation() {
        return new Rule("allowPrivilegeEscalation", psp -> {
            PodSecurityPolicySpec spec = PspValues.spec(psp);
            boolean allowed = spec.getAllowPrivilegeEscalation() == null || spec.getAllowPrivilegeEscalation();
            if (!allowed) {
                return exact(allContainers(has("c", "securityContext", "allowPrivilegeEscalation")
                                + " && !c.securityContext.allowPrivilegeEscalation"),
                        PspValues.psp(psp) + " requires every container to set "
                                + "securityContext.allowPrivilegeEscalation: false.");
            }
            if (Boolean.FALSE.equals(spec.getDefaultAllowPrivilegeEscalation())) {
                return exact(allContainers(has("c", "securityContext", "allowPrivilegeEscalation")),
                        PspValues.psp(psp) + " defaulted securityContext.allowPrivilegeEscalation to false, so every "
                                + "container must set it explicitly.");
            }
            return Optional.empty();
        });
    }

    /** {@code allowedFlexVolumes}: when listed, every flexVolume volume uses a listed driver. */
    static CelRule allowedFlexVolumes() {
        return new Rule("allowedFlexVolumes", psp -> drivers(psp, "flexVolume",
                PspValues.list(PspValues.spec(psp).getAllowedFlexVolumes()).stream()
                        .map(AllowedFlexVolume::getDriver).map(PspValues::str).toList(),
                " allows only the flexVolume drivers "));
    }

    /** {@code allowedCSIDrivers}: when listed, every inline csi volume uses a listed driver. */
    static CelRule allowedCsiDrivers() {
        return new Rule("allowedCSIDrivers", psp -> drivers(psp, "csi",
                PspValues.list(PspValues.spec(psp).getAllowedCSIDrivers()).stream()
                        .map(AllowedCSIDriver::getName).map(PspValues::str).toList(),
                " allows only the inline CSI drivers "));
    }

    private static Optional<CelPredicate> drivers(PodSecurityPolicy psp, String source, List<String> drivers,
            String what) {
        if (drivers.isEmpty()) {
            return Optional.empty();
        }
        return exact(PodCel.allVolumes("!has(v." + source + ") || "
                        + PodCel.in(orElse("''", "v", source, "driver"), drivers)),
                PspValues.psp(psp) + what + PodCel.list(drivers) + " (spec.volumes[*]." + source + ".driver).");
    }

    /** {@code allowedProcMountTypes}: every container's procMount (Default when unset) is allowed. */
    static CelRule allowedProcMountTypes() {
        return new Rule("allowedProcMountTypes", psp -> {
            List<String> allowed = PspValues.list(PspValues.spec(psp).getAllowedProcMountTypes());
            if (allowed.isEmpty()) {
                allowed = List.of("Default");
            }
            return exact(allContainers(PodCel.in(orElse("'Default'", "c", "securityContext", "procMount"), allowed)),
                    PspValues.psp(psp) + " allows only the procMount types " + PodCel.list(allowed)
                            + " (securityContext.procMount).");
        });
    }

    /**
     * {@code runtimeClass}: a set runtimeClassName is allowed ({@code *} allows any); with a default runtime class,
     * the pod must name one, as PSP guaranteed it one.
     */
    static CelRule runtimeClass() {
        return new Rule("runtimeClass", psp -> {
            RuntimeClassStrategyOptions o = PspValues.spec(psp).getRuntimeClass();
            if (o == null) {
                return Optional.empty();
            }
            List<String> names = PspValues.list(o.getAllowedRuntimeClassNames());
            boolean any = names.contains("*");
            boolean required = o.getDefaultRuntimeClassName() != null;
            String name = SPEC + ".runtimeClassName";
            List<String> sentence = new ArrayList<>();
            String expression;
            if (!any && required) {
                expression = "has(" + name + ") && " + PodCel.in(name, names);
            } else if (!any) {
                expression = "!has(" + name + ") || " + PodCel.in(name, names);
            } else if (required) {
                expression = "has(" + name + ")";
            } else {
                return Optional.empty();
            }
            if (!any) {
                sentence.add("allows only the runtime classes " + PodCel.list(names));
            }
            if (required) {
                sentence.add("defaulted the runtime class to '" + o.getDefaultRuntimeClassName()
                        + "', so pods must name one");
            }
            return exact(expression, PspValues.psp(psp) + " " + String.join(" and ", sentence)
                    + " (spec.runtimeClassName).");
        });
    }
}
