package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.CapabilitiesBaselineCheck;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code allowedCapabilities}, {@code defaultAddCapabilities} and {@code requiredDropCapabilities}: which capabilities
 * containers may add, get added, and must drop. Baseline: added capabilities within the default set; restricted
 * (from v1.22): only NET_BIND_SERVICE added and ALL dropped.
 */
final class CapabilitiesRule extends AbstractRule {

    static final Version RESTRICTED_SINCE = Version.of(22);
    static final String ALLOW_ALL = "*";

    CapabilitiesRule() {
        super("capabilities", List.of("allowedCapabilities", "defaultAddCapabilities", "requiredDropCapabilities"),
                List.of(), List.of("capabilities_baseline", "capabilities_restricted"),
                "The capabilities containers may add (allowedCapabilities), get added (defaultAddCapabilities) "
                        + "and must drop (requiredDropCapabilities).",
                false);
    }

    @Override
    public List<String> configurationErrors(PodSecurityPolicy psp) {
        return SpecValidation.capabilities(Psps.spec(psp)).stream().map(e -> "capabilities: " + e).toList();
    }

    /** Every capability a container may end up adding: the allowed and the default ones. */
    private static TreeSet<String> addable(PodSecurityPolicySpec spec) {
        TreeSet<String> caps = new TreeSet<>(Psps.strings(spec.getAllowedCapabilities()));
        caps.addAll(Psps.strings(spec.getDefaultAddCapabilities()));
        return caps;
    }

    private static String fieldOf(PodSecurityPolicySpec spec, String cap) {
        return Psps.strings(spec.getDefaultAddCapabilities()).contains(cap) ? "defaultAddCapabilities"
                : "allowedCapabilities";
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        PodSecurityPolicySpec spec = Psps.spec(psp);
        TreeSet<String> addable = addable(spec);
        if (level == Level.BASELINE) {
            List<String> bad = addable.stream()
                    .filter(c -> !CapabilitiesBaselineCheck.ALLOWED.contains(c)).toList();
            if (bad.isEmpty()) {
                return Optional.empty();
            }
            String cap = bad.get(0);
            String witnessCap = cap.equals(ALLOW_ALL) ? "SYS_ADMIN" : cap;
            return Optional.of(new Block(fieldOf(spec, cap), Psps.text(bad), "capabilities_baseline",
                    "The PSP lets containers add capabilities beyond the default set: " + String.join(", ", bad) + ".",
                    pod -> addCapability(pod, witnessCap)));
        }
        if (!target.atLeast(RESTRICTED_SINCE)) {
            return Optional.empty();
        }
        List<String> extra = addable.stream().filter(c -> !c.equals("NET_BIND_SERVICE")).toList();
        if (!extra.isEmpty()) {
            String cap = extra.get(0);
            return Optional.of(new Block(fieldOf(spec, cap), Psps.text(extra), "capabilities_restricted",
                    "The PSP lets containers add capabilities other than NET_BIND_SERVICE: "
                            + String.join(", ", extra) + ".",
                    pod -> addCapability(pod, cap)));
        }
        List<String> drops = Psps.strings(spec.getRequiredDropCapabilities());
        if (!drops.contains("ALL")) {
            return Optional.of(new Block("requiredDropCapabilities", Psps.text(drops), "capabilities_restricted",
                    "The PSP does not require containers to drop ALL capabilities.", pod -> { }));
        }
        return Optional.empty();
    }

    /** The Linux capabilities, for witnesses at the privileged level. */
    static final List<String> LINUX = List.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF",
            "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK",
            "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN",
            "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
            "SYSLOG", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE",
            "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM");

    @Override
    public String baselineCondition() {
        return "allowedCapabilities and defaultAddCapabilities a subset of "
                + Gaps.list(new TreeSet<>(CapabilitiesBaselineCheck.ALLOWED)) + " ("
                + CapabilitiesBaselineCheck.ALLOWED.size() + " capabilities); requiredDropCapabilities: no opinion";
    }

    @Override
    public String restrictedCondition() {
        return "allowedCapabilities and defaultAddCapabilities empty or only NET_BIND_SERVICE; "
                + "requiredDropCapabilities must include ALL (from v1.22)";
    }

    /**
     * Only adding capabilities can be a restriction: requiredDropCapabilities is pure mutation (PSP adds the drops
     * to every container), so no pod is rejected for it.
     */
    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        PodSecurityPolicySpec spec = Psps.spec(psp);
        if (Psps.strings(spec.getAllowedCapabilities()).contains(ALLOW_ALL)) {
            return List.of();
        }
        TreeSet<String> addable = addable(spec);
        List<String> candidates = switch (level) {
            case PRIVILEGED -> LINUX;
            case BASELINE -> new TreeSet<>(CapabilitiesBaselineCheck.ALLOWED).stream().toList();
            case RESTRICTED -> target.atLeast(RESTRICTED_SINCE) ? List.of("NET_BIND_SERVICE")
                    : new TreeSet<>(CapabilitiesBaselineCheck.ALLOWED).stream().toList();
        };
        List<java.util.function.Consumer<Pod>> probes = candidates.stream().filter(c -> !addable.contains(c))
                .<java.util.function.Consumer<Pod>>map(c -> pod -> addCapability(pod, c)).toList();
        String text = addable.isEmpty() ? "no capability may be added"
                : "only " + Gaps.list(addable) + " may be added";
        return List.of(new Gaps.Part(text, probes));
    }

    private static void addCapability(Pod pod, String cap) {
        SecurityContext sc = firstContainerSc(pod);
        if (sc.getCapabilities() == null) {
            sc.setCapabilities(new Capabilities());
        }
        List<String> add = new ArrayList<>(Nulls.nonNull(sc.getCapabilities().getAdd()));
        add.add(cap);
        sc.getCapabilities().setAdd(add);
    }

    @Override
    public boolean mayMutate() {
        return true;
    }

    @Override
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        PodSecurityPolicySpec spec = Psps.spec(psp);
        List<PspDefault> list = new ArrayList<>();
        TreeSet<String> add = new TreeSet<>(Psps.strings(spec.getDefaultAddCapabilities()));
        TreeSet<String> drop = new TreeSet<>(Psps.strings(spec.getRequiredDropCapabilities()));
        if (!add.isEmpty()) {
            list.add(mutation("defaultAddCapabilities", "spec.containers[*].securityContext.capabilities.add",
                    String.join(",", add)));
        }
        if (!drop.isEmpty()) {
            list.add(mutation("requiredDropCapabilities", "spec.containers[*].securityContext.capabilities.drop",
                    String.join(",", drop)));
        }
        return list;
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
        PodSecurityPolicySpec spec = Psps.spec(psp);
        for (Pods.Ref c : Pods.containers(pod)) {
            TreeSet<String> defaultAdd = new TreeSet<>(Psps.strings(spec.getDefaultAddCapabilities()));
            TreeSet<String> add = new TreeSet<>();
            TreeSet<String> drop = new TreeSet<>(Psps.strings(spec.getRequiredDropCapabilities()));
            Capabilities caps = c.sc() == null ? null : c.sc().getCapabilities();
            if (caps != null) {
                add.addAll(Psps.strings(caps.getAdd()));
                drop.addAll(Psps.strings(caps.getDrop()));
                defaultAdd.removeAll(Psps.strings(caps.getDrop()));
            }
            add.addAll(defaultAdd);
            if (add.isEmpty() && drop.isEmpty()) {
                if (c.sc() != null) {
                    c.sc().setCapabilities(null);
                }
                continue;
            }
            Capabilities generated = new Capabilities();
            generated.setAdd(add.isEmpty() ? null : new ArrayList<>(add));
            generated.setDrop(drop.isEmpty() ? null : new ArrayList<>(drop));
            c.sc(true).setCapabilities(generated);
        }
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        PodSecurityPolicySpec spec = Psps.spec(psp);
        List<String> defaultAdd = Psps.strings(spec.getDefaultAddCapabilities());
        List<String> allowed = Psps.strings(spec.getAllowedCapabilities());
        List<String> required = Psps.strings(spec.getRequiredDropCapabilities());
        boolean allowAll = allowed.contains(ALLOW_ALL);
        List<String> errors = new ArrayList<>();
        for (Pods.Ref c : Pods.containers(pod)) {
            String path = c.scPath() + ".capabilities";
            Capabilities caps = c.sc() == null ? null : c.sc().getCapabilities();
            if (caps == null) {
                if (!defaultAdd.isEmpty() || !required.isEmpty()) {
                    errors.add(Pods.invalid(path, "nil", "required capabilities are not set on the securityContext"));
                }
                continue;
            }
            for (String cap : Psps.strings(caps.getAdd())) {
                if (!defaultAdd.contains(cap) && !allowAll && !allowed.contains(cap)) {
                    errors.add(Pods.invalid(path + ".add", cap, "capability may not be added"));
                }
            }
            List<String> drops = Psps.strings(caps.getDrop());
            for (String req : required) {
                if (!drops.contains(req)) {
                    errors.add(Pods.invalid(path + ".drop", Psps.text(drops),
                            req + " is required to be dropped but was not found"));
                }
            }
        }
        return errors;
    }

    /**
     * Each container adds only allowed or default capabilities ({@code *} allows any) and drops every required one
     * (so with required drops its capabilities must be set). Default adds alone require nothing: PSP's Generate
     * wrote them into every container before validating, and a container that lacks them has fewer capabilities.
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        PodSecurityPolicySpec spec = Psps.spec(psp);
        List<String> defaultAdd = Psps.strings(spec.getDefaultAddCapabilities());
        List<String> required = Psps.strings(spec.getRequiredDropCapabilities());
        boolean allowAll = Psps.strings(spec.getAllowedCapabilities()).contains(ALLOW_ALL);
        // Only required drops need the field: PSP's Generate (capabilities.go) always wrote capabilities when it had
        // default adds, so its "required capabilities are not set" check never failed for them after mutation, and
        // default adds only add (a container without capabilities has fewer, not more).
        boolean needCaps = !required.isEmpty();
        if (!needCaps && allowAll) {
            return Optional.empty();
        }
        String caps = "c.securityContext.capabilities";
        TreeSet<String> addable = addable(spec);
        String addCheck = allowAll ? "true"
                : addable.isEmpty() ? "!has(" + caps + ".add) || size(" + caps + ".add) == 0"
                : "!has(" + caps + ".add) || " + caps + ".add.all(a, " + PodCel.in("a", addable) + ")";
        List<String> drop = new ArrayList<>();
        for (String r : new TreeSet<>(required)) {
            drop.add(PodCel.lit(r) + " in " + caps + ".drop");
        }
        String dropCheck = required.isEmpty() ? "true" : "has(" + caps + ".drop) && " + String.join(" && ", drop);
        String present = PodCel.has("c", "securityContext", "capabilities");
        String perContainer = needCaps ? PodCel.and(present, addCheck, dropCheck)
                : "!(" + present + ") || " + PodCel.group(addCheck);
        List<String> sentence = new ArrayList<>();
        if (!allowAll) {
            sentence.add(addable.isEmpty() ? "forbids adding capabilities"
                    : "allows containers to add only the capabilities " + PodCel.list(addable));
        }
        if (!required.isEmpty()) {
            sentence.add("requires them to drop " + PodCel.list(required));
        }
        return Optional.of(CelPredicate.exact(PodCel.allContainers(perContainer), Psps.named(psp) + " "
                + String.join(" and ", sentence) + " (securityContext.capabilities)."));
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPCapabilities"));
    }

    /** The capabilities any PSP lets containers add (allowed or default), and those every PSP requires dropped. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        TreeSet<String> allowed = new TreeSet<>();
        TreeSet<String> drop = null;
        for (PodSecurityPolicy p : psps) {
            allowed.addAll(addable(Psps.spec(p)));
            TreeSet<String> d = new TreeSet<>(Psps.strings(Psps.spec(p).getRequiredDropCapabilities()));
            if (drop == null) {
                drop = d;
            } else {
                drop.retainAll(d);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowedCapabilities", List.copyOf(allowed.contains(ALLOW_ALL) ? List.of(ALLOW_ALL) : allowed));
        m.put("requiredDropCapabilities", drop == null ? List.of() : List.copyOf(drop));
        return Optional.of(LibraryParameters.of(m));
    }
}
