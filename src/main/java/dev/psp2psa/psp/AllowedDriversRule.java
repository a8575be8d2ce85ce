package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedCSIDriver;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedFlexVolume;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code allowedFlexVolumes} and {@code allowedCSIDrivers}: the drivers flexVolume and inline CSI volumes may use (all
 * when the list is empty); no opinion.
 */
final class AllowedDriversRule extends AbstractRule {

    private final Function<PodSecurityPolicy, List<String>> allowed;
    private final Function<Volume, String> driverOf;
    private final String childPath;
    private final String message;
    private final String what;
    private final String volumeType;

    private AllowedDriversRule(String field, String what, String volumeType,
            Function<PodSecurityPolicy, List<String>> allowed, Function<Volume, String> driverOf, String childPath,
            String message) {
        super(field, List.of(field), List.of(), List.of(), "The drivers " + what + " volumes may use.", false);
        this.allowed = allowed;
        this.driverOf = driverOf;
        this.childPath = childPath;
        this.message = message;
        this.what = what;
        this.volumeType = volumeType;
    }

    static AllowedDriversRule flexVolumes() {
        return new AllowedDriversRule("allowedFlexVolumes", "flexVolume", "flexVolume",
                psp -> Psps.list(Psps.spec(psp).getAllowedFlexVolumes()).stream()
                        .map(AllowedFlexVolume::getDriver).map(Nulls::str).toList(),
                v -> v.getFlexVolume() == null ? null : Nulls.str(v.getFlexVolume().getDriver()),
                ".driver", "Flexvolume driver is not allowed to be used");
    }

    static AllowedDriversRule csiDrivers() {
        return new AllowedDriversRule("allowedCSIDrivers", "inline CSI", "csi",
                psp -> Psps.list(Psps.spec(psp).getAllowedCSIDrivers()).stream()
                        .map(AllowedCSIDriver::getName).map(Nulls::str).toList(),
                v -> v.getCsi() == null ? null : Nulls.str(v.getCsi().getDriver()),
                ".csi.driver", "Inline CSI driver is not allowed to be used");
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        return Optional.empty();
    }

    @Override
    public String baselineCondition() {
        return "no opinion (volumes takes precedence)";
    }

    @Override
    public String restrictedCondition() {
        return baselineCondition();
    }

    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        List<String> drivers = allowed.apply(psp);
        if (drivers.isEmpty()) {
            return List.of();
        }
        String other = "psp2psa.example/other";
        while (drivers.contains(other)) {
            other = other + "-x";
        }
        String driver = other;
        return List.of(new Gaps.Part(what + " drivers limited to " + Gaps.list(new java.util.TreeSet<>(drivers)),
                pod -> {
                    Volume v = VolumeTypes.volume("data", volumeType);
                    if (v.getCsi() != null) {
                        v.getCsi().setDriver(driver);
                    } else {
                        v.getFlexVolume().setDriver(driver);
                    }
                    VolumesRule.addVolume(pod, v);
                }));
    }

    /** The first allowed driver, for pods that need one. */
    Optional<String> firstAllowed(PodSecurityPolicy psp) {
        return allowed.apply(psp).stream().findFirst();
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> drivers = allowed.apply(psp);
        List<String> errors = new ArrayList<>();
        if (drivers.isEmpty()) {
            return errors;
        }
        List<Volume> volumes = Nulls.nonNull(pod.getSpec().getVolumes());
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String driver = v == null ? null : driverOf.apply(v);
            if (driver != null && !drivers.contains(driver)) {
                errors.add(Pods.invalid("spec.volumes[" + i + "]" + childPath, driver, message));
            }
        }
        return errors;
    }

    /** When drivers are listed, every volume of this type uses a listed driver. */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        List<String> drivers = allowed.apply(psp);
        if (drivers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CelPredicate.exact(PodCel.allVolumes("!has(v." + volumeType + ") || "
                        + PodCel.in(PodCel.orElse("''", "v", volumeType, "driver"), drivers)),
                Psps.named(psp) + " allows only the " + what + " drivers " + PodCel.list(drivers) + " (spec.volumes[*]."
                        + volumeType + ".driver)."));
    }

    /** allowedFlexVolumes: K8sPSPFlexVolumes; no library template checks CSI drivers. */
    @Override
    public Optional<LibraryKind> libraryKind() {
        return volumeType.equals("flexVolume") ? Optional.of(LibraryKind.of("K8sPSPFlexVolumes")) : Optional.empty();
    }

    /** The drivers any PSP allows; empty when some PSP allows every driver. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        if (libraryKind().isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> drivers = new TreeSet<>();
        for (PodSecurityPolicy p : psps) {
            List<String> listed = allowed.apply(p);
            if (listed.isEmpty()) {
                return Optional.empty();
            }
            drivers.addAll(listed);
        }
        return Optional.of(LibraryParameters.of(Map.of("allowedFlexVolumes", drivers.stream()
                .map(d -> (Object) Map.of("driver", d)).toList())));
    }
}
