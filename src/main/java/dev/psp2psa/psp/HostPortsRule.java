package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1beta1.HostPortRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** {@code hostPorts}: the host port ranges containers may use; baseline and restricted need none. */
final class HostPortsRule extends AbstractRule {

    HostPortsRule() {
        super("hostPorts", List.of("hostPorts"), List.of(), List.of("hostPorts"),
                "The host port ranges that container ports may use.", false);
    }

    private static int min(HostPortRange r) {
        return r.getMin() == null ? 0 : r.getMin();
    }

    private static int max(HostPortRange r) {
        return r.getMax() == null ? 0 : r.getMax();
    }

    /** The lowest host port (1 and above; 0 means "no host port") that some range admits. */
    static OptionalInt firstAdmittedPort(PodSecurityPolicy psp) {
        return Psps.list(Psps.spec(psp).getHostPorts()).stream()
                .filter(r -> max(r) >= 1 && max(r) >= min(r))
                .mapToInt(r -> Math.max(1, min(r)))
                .min();
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        OptionalInt port = firstAdmittedPort(psp);
        if (level != Level.BASELINE || port.isEmpty()) {
            return Optional.empty();
        }
        int p = port.getAsInt();
        return Optional.of(new Block("hostPorts", rangesText(psp), "hostPorts",
                "The PSP admits container ports that use host ports (" + rangesText(psp) + ").", pod -> {
                    ContainerPort cp = new ContainerPort();
                    cp.setContainerPort(p);
                    cp.setHostPort(p);
                    cp.setProtocol("TCP");
                    List<ContainerPort> ports = new ArrayList<>();
                    ports.add(cp);
                    pod.getSpec().getContainers().get(0).setPorts(ports);
                }));
    }

    @Override
    public String baselineCondition() {
        return "undefined / empty (psp2psa: also ranges that admit no port above 0)";
    }

    @Override
    public String restrictedCondition() {
        return baselineCondition();
    }

    private static boolean admitted(PodSecurityPolicy psp, int port) {
        return Psps.list(Psps.spec(psp).getHostPorts()).stream().anyMatch(r -> port >= min(r) && port <= max(r));
    }

    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        java.util.TreeSet<Integer> candidates = new java.util.TreeSet<>(List.of(1, 65535));
        for (HostPortRange r : Psps.list(Psps.spec(psp).getHostPorts())) {
            candidates.add(max(r) + 1);
            candidates.add(min(r) - 1);
        }
        List<Integer> ports = candidates.stream().filter(p -> p >= 1 && p <= 65535 && !admitted(psp, p)).toList();
        if (ports.isEmpty()) {
            return List.of();
        }
        String text = firstAdmittedPort(psp).isEmpty() ? "host ports are forbidden"
                : "host ports limited to " + Psps.list(Psps.spec(psp).getHostPorts()).stream()
                        .filter(r -> max(r) >= 1 && max(r) >= min(r))
                        .sorted(java.util.Comparator.comparingInt(HostPortsRule::min)
                                .thenComparingInt(HostPortsRule::max))
                        .map(r -> Math.max(1, min(r)) == max(r) ? Integer.toString(max(r))
                                : Math.max(1, min(r)) + "-" + max(r))
                        .distinct().collect(Collectors.joining(", "));
        List<java.util.function.Consumer<Pod>> probes = ports.stream().<java.util.function.Consumer<Pod>>map(p -> pod -> {
            ContainerPort cp = new ContainerPort();
            cp.setContainerPort(p);
            cp.setHostPort(p);
            cp.setProtocol("TCP");
            pod.getSpec().getContainers().get(0).setPorts(new ArrayList<>(List.of(cp)));
        }).toList();
        return List.of(new Gaps.Part(text, probes));
    }

    static String rangesText(PodSecurityPolicy psp) {
        return Psps.list(Psps.spec(psp).getHostPorts()).stream()
                .map(r -> min(r) == max(r) ? Integer.toString(min(r)) : min(r) + "-" + max(r))
                .collect(Collectors.joining(","));
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        List<HostPortRange> ranges = Psps.list(Psps.spec(psp).getHostPorts());
        for (Pods.Ref c : Pods.containers(pod)) {
            for (ContainerPort cp : c.ports()) {
                int hp = cp == null || cp.getHostPort() == null ? 0 : cp.getHostPort();
                if (hp > 0 && ranges.stream().noneMatch(r -> hp >= min(r) && hp <= max(r))) {
                    errors.add(Pods.invalid(c.path + ".hostPort", hp, "Host port " + hp
                            + " is not allowed to be used. Allowed ports: [" + rangesText(psp) + "]"));
                }
            }
        }
        return errors;
    }

    /**
     * Every container port with a host port above 0 lies in a range. Ranges that cover 1-65535 admit every port the
     * API server accepts, so they need no predicate.
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        List<long[]> ranges = Psps.list(Psps.spec(psp).getHostPorts()).stream()
                .map(r -> new long[] {min(r), max(r)}).toList();
        if (coversAllPorts(ranges)) {
            return Optional.empty();
        }
        String hp = "p.hostPort";
        String port = PodCel.or("!has(" + hp + ")", hp + " <= 0", IdCel.inRanges(hp, ranges));
        boolean none = ranges.isEmpty() || IdCel.inRanges("p", ranges).equals("false");
        return Optional.of(CelPredicate.exact(PodCel.allContainers("!has(c.ports) || c.ports.all(p, " + port + ")"),
                Psps.named(psp) + (none ? " forbids host ports" : " allows only the host ports "
                        + IdCel.rangesText(ranges)) + " (spec.containers[*].ports[*].hostPort)."));
    }

    private static boolean coversAllPorts(List<long[]> ranges) {
        long next = 1;
        List<long[]> sorted = new ArrayList<>(ranges.stream().filter(r -> r[0] <= r[1]).toList());
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] r : sorted) {
            if (r[0] <= next && r[1] >= next) {
                next = r[1] + 1;
            }
        }
        return next > 65535;
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.HOST_NETWORKING_PORTS);
    }

    /**
     * The hull of the PSPs' ranges as one min-max pair (0-0 when none, so that every host port above 0 is
     * rejected, as PSP did); looser than PSP when a PSP has several ranges.
     */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (PodSecurityPolicy p : psps) {
            for (HostPortRange r : Psps.list(Psps.spec(p).getHostPorts())) {
                min = Math.min(min, min(r));
                max = Math.max(max, max(r));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", min == Long.MAX_VALUE ? 0 : min);
        m.put("max", max == Long.MIN_VALUE ? 0 : max);
        boolean lossless = psps.stream().allMatch(p -> Psps.list(Psps.spec(p).getHostPorts()).size() <= 1);
        return Optional.of(new LibraryParameters(m, lossless ? ""
                : "The hull of the host port ranges of %s (one min-max pair): looser than PSP."));
    }
}
