package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.SELinuxStrategyOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code seLinux}: RunAsAny, or MustRunAs fixed options that PSP writes into pods and requires. Baseline and
 * restricted need MustRunAs with user and role unset and type unset or a container type (container_t,
 * container_init_t, container_kvm_t, and container_engine_t from v1.31 as the PSS check allows).
 */
final class SeLinuxRule extends AbstractRule {

    static final String MUST_RUN_AS = "MustRunAs";
    static final String RUN_AS_ANY = "RunAsAny";
    static final Set<String> TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t");
    static final Version ENGINE_TYPE_SINCE = Version.of(31);

    SeLinuxRule() {
        super("seLinux", List.of("seLinux"), List.of(), List.of("seLinuxOptions"),
                "The SELinux options pods get and must keep (MustRunAs) or may set freely (RunAsAny).", false);
    }

    private static String rule(PodSecurityPolicy psp) {
        SELinuxStrategyOptions s = Psps.spec(psp).getSeLinux();
        return s == null ? "" : Nulls.str(s.getRule());
    }

    private static SELinuxOptions options(PodSecurityPolicy psp) {
        SELinuxStrategyOptions s = Psps.spec(psp).getSeLinux();
        return s == null ? null : s.getSeLinuxOptions();
    }

    static boolean typeAllowed(String type, Version target) {
        return TYPES.contains(type) || (target.atLeast(ENGINE_TYPE_SINCE) && type.equals("container_engine_t"));
    }

    @Override
    public List<String> configurationErrors(PodSecurityPolicy psp) {
        String rule = rule(psp);
        if (rule.equals(MUST_RUN_AS) && options(psp) == null) {
            return List.of("seLinux: MustRunAs requires SELinuxContextStrategyOptions.");
        }
        if (!rule.equals(MUST_RUN_AS) && !rule.equals(RUN_AS_ANY)) {
            return List.of("seLinux: unrecognized SELinuxContext strategy type '" + rule + "'.");
        }
        return List.of();
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        if (level != Level.BASELINE || !configurationErrors(psp).isEmpty()) {
            return Optional.empty();
        }
        if (rule(psp).equals(RUN_AS_ANY)) {
            return Optional.of(new Block("seLinux", "rule=RunAsAny", "seLinuxOptions",
                    "The PSP lets pods set any SELinux options (rule RunAsAny).", pod -> {
                        SELinuxOptions o = new SELinuxOptions();
                        o.setType("spc_t");
                        firstContainerSc(pod).setSeLinuxOptions(o);
                    }));
        }
        SELinuxOptions o = options(psp);
        List<String> bad = new ArrayList<>();
        if (!typeAllowed(Nulls.str(o.getType()), target)) {
            bad.add("type=" + o.getType());
        }
        if (!Nulls.str(o.getUser()).isEmpty()) {
            bad.add("user=" + o.getUser());
        }
        if (!Nulls.str(o.getRole()).isEmpty()) {
            bad.add("role=" + o.getRole());
        }
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Block("seLinux", "rule=MustRunAs, " + String.join(", ", bad), "seLinuxOptions",
                "The PSP gives pods SELinux options that baseline forbids (" + String.join(", ", bad) + ").",
                pod -> { }));
    }

    @Override
    public String baselineCondition() {
        return "rule MustRunAs; user and role unset; type unset or container_t, container_init_t, container_kvm_t "
                + "(psp2psa: container_engine_t from v1.31); level anything";
    }

    @Override
    public String restrictedCondition() {
        return baselineCondition();
    }

    /** MustRunAs fixes the options: a pod that sets other ones (such as another MCS level) is rejected. */
    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        if (!rule(psp).equals(MUST_RUN_AS) || options(psp) == null) {
            return List.of();
        }
        String value = text(options(psp));
        String text = value.equals("{}") ? "SELinux options may not be set"
                : "SELinux options must be exactly " + value;
        List<java.util.function.Consumer<Pod>> probes = new ArrayList<>();
        for (String lvl : List.of("s0:c100,c200", "s0:c300")) {
            probes.add(pod -> Pods.podSc(pod, true).setSeLinuxOptions(new SELinuxOptions(lvl, null, null, null)));
        }
        return List.of(new Gaps.Part(text, probes));
    }

    @Override
    public boolean mayMutate() {
        return true;
    }

    @Override
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        if (!rule(psp).equals(MUST_RUN_AS) || options(psp) == null) {
            return List.of();
        }
        SELinuxOptions o = options(psp);
        // Containers inherit the pod-level options PSP writes first, so no container gets its own. The typed value
        // is built from the fields: a level such as s0:c123,c456 holds the text form's separators.
        Map<String, Object> typed = new java.util.TreeMap<>();
        for (String[] kv : new String[][] {{"level", o.getLevel()}, {"role", o.getRole()}, {"type", o.getType()},
                {"user", o.getUser()}}) {
            if (kv[1] != null && !kv[1].isEmpty()) {
                typed.put(kv[0], kv[1]);
            }
        }
        return List.of(mutation("seLinux", "spec.securityContext.seLinuxOptions", text(o), typed));
    }

    static String text(SELinuxOptions o) {
        return text(o, ":", ",");
    }

    /** The options' set fields as {@code {level<colon>s0<comma>type<colon>t}}, in field order. */
    private static String text(SELinuxOptions o, String colon, String comma) {
        List<String> parts = new ArrayList<>();
        for (String[] kv : new String[][] {{"level", o.getLevel()}, {"role", o.getRole()}, {"type", o.getType()},
                {"user", o.getUser()}}) {
            if (kv[1] != null && !kv[1].isEmpty()) {
                parts.add(kv[0] + colon + kv[1]);
            }
        }
        return "{" + String.join(comma, parts) + "}";
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
        if (!rule(psp).equals(MUST_RUN_AS) || options(psp) == null) {
            return;
        }
        SELinuxOptions o = options(psp);
        if (Pods.podSc(pod, false) == null || Pods.podSc(pod, false).getSeLinuxOptions() == null) {
            Pods.podSc(pod, true).setSeLinuxOptions(Pods.deepCopy(o, SELinuxOptions.class));
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            if (Pods.effectiveSeLinux(pod, c) == null) {
                c.sc(true).setSeLinuxOptions(Pods.deepCopy(o, SELinuxOptions.class));
            }
        }
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        if (!rule(psp).equals(MUST_RUN_AS) || options(psp) == null) {
            return errors;
        }
        SELinuxOptions want = options(psp);
        SELinuxOptions podOptions = Pods.podSc(pod, false) == null ? null : Pods.podSc(pod, false).getSeLinuxOptions();
        validate(want, podOptions, "spec.securityContext.seLinuxOptions", errors);
        for (Pods.Ref c : Pods.containers(pod)) {
            validate(want, Pods.effectiveSeLinux(pod, c), c.scPath() + ".seLinuxOptions", errors);
        }
        return errors;
    }

    private static void validate(SELinuxOptions want, SELinuxOptions got, String path, List<String> errors) {
        if (got == null) {
            errors.add(Pods.required(path, ""));
            return;
        }
        if (!equalLevels(Nulls.str(want.getLevel()), Nulls.str(got.getLevel()))) {
            errors.add(Pods.invalid(path + ".level", Nulls.str(got.getLevel()), "must be " + Nulls.str(want.getLevel())));
        }
        if (!Nulls.str(want.getRole()).equals(Nulls.str(got.getRole()))) {
            errors.add(Pods.invalid(path + ".role", Nulls.str(got.getRole()), "must be " + Nulls.str(want.getRole())));
        }
        if (!Nulls.str(want.getType()).equals(Nulls.str(got.getType()))) {
            errors.add(Pods.invalid(path + ".type", Nulls.str(got.getType()), "must be " + Nulls.str(want.getType())));
        }
        if (!Nulls.str(want.getUser()).equals(Nulls.str(got.getUser()))) {
            errors.add(Pods.invalid(path + ".user", Nulls.str(got.getUser()), "must be " + Nulls.str(want.getUser())));
        }
    }

    /** Whether two MCS levels are equal, ignoring the order of categories, as PSP's equalLevels. */
    static boolean equalLevels(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        String[] e = expected.split(":", 2);
        String[] a = actual.split(":", 2);
        if (e.length != 2 || a.length != 2 || !e[0].equals(a[0])) {
            return false;
        }
        return new TreeSet<>(Arrays.asList(e[1].split(","))).equals(new TreeSet<>(Arrays.asList(a[1].split(","))));
    }

    /**
     * MustRunAs: the pod sets seLinuxOptions equal to the PSP's (levels compared as MCS category sets), and every
     * container's own seLinuxOptions, when set, too.
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        SELinuxOptions want = options(psp);
        if (!rule(psp).equals(MUST_RUN_AS) || want == null) {
            return Optional.empty();
        }
        String podOptions = PodCel.POD_SC + ".seLinuxOptions";
        String containerOptions = "c.securityContext.seLinuxOptions";
        String[] podLevel = celLevelEquals(podOptions, Nulls.str(want.getLevel()));
        String[] cLevel = celLevelEquals(containerOptions, Nulls.str(want.getLevel()));
        String pod = PodCel.and(PodCel.has(PodCel.SPEC, "securityContext", "seLinuxOptions"),
                celMatch(podOptions, want, podLevel[0]));
        String container = "!(" + PodCel.has("c", "securityContext", "seLinuxOptions") + ") || "
                + PodCel.group(celMatch(containerOptions, want, cLevel[0]));
        String expression = PodCel.lines(List.of(pod, PodCel.allContainers(container)));
        String message = Psps.named(psp) + " requires spec.securityContext.seLinuxOptions " + text(want, ": ", ", ")
                + ", and containers that set their own to match it.";
        return Optional.of(podLevel[1].isEmpty() ? CelPredicate.exact(expression, message)
                : CelPredicate.approximation(expression, message, "SELinux: " + podLevel[1]
                        + ", as CEL has no portable split; equal category sets in another order are rejected."));
    }

    /** Whether the SELinux options (a CEL map) match {@code want}: the level test given, the other fields equal. */
    private static String celMatch(String o, SELinuxOptions want, String level) {
        return PodCel.and(level, celEqual(o, "role", Nulls.str(want.getRole())),
                celEqual(o, "type", Nulls.str(want.getType())), celEqual(o, "user", Nulls.str(want.getUser())));
    }

    /** Whether the SELinux options field (a CEL map) equals {@code want} as a string, absent counting as ''. */
    private static String celEqual(String o, String field, String want) {
        return want.isEmpty() ? "!has(" + o + "." + field + ") || " + o + "." + field + " == ''"
                : "has(" + o + "." + field + ") && " + o + "." + field + " == " + PodCel.lit(want);
    }

    /**
     * Whether the options' level equals {@code want} as PSP's equalLevels compares MCS levels: equal strings, or the
     * same sensitivity with the same set of categories in any order. Returns the expression and, when it is an
     * approximation, why (else empty).
     */
    private static String[] celLevelEquals(String o, String want) {
        if (want.isEmpty() || !want.contains(":")) {
            return new String[] {celEqual(o, "level", want), ""};
        }
        String[] parts = want.split(":", 2);
        List<String> categories = Arrays.asList(parts[1].split(","));
        if (categories.isEmpty() || categories.contains("")) {
            return new String[] {celEqual(o, "level", want), "an SELinux level whose categories are empty or contain "
                    + "an empty item is compared as a plain string"};
        }
        String level = o + ".level";
        String prefix = "^" + PodCel.quoteRegex(parts[0]) + ":";
        TreeSet<String> sorted = new TreeSet<>(categories);
        String any = sorted.stream().map(PodCel::quoteRegex).collect(Collectors.joining("|", "(?:", ")"));
        List<String> clauses = new ArrayList<>();
        clauses.add("has(" + level + ")");
        clauses.add(level + ".matches(" + PodCel.lit(prefix + any + "(?:," + any + ")*,*$") + ")");
        if (sorted.size() > 1) {
            for (String c : sorted) {
                clauses.add(level + ".matches(" + PodCel.lit(prefix + "(?:.*,)?" + PodCel.quoteRegex(c) + "(?:,.*)?$")
                        + ")");
            }
        }
        return new String[] {String.join(" && ", clauses), ""};
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPSELinuxV2"));
    }

    /** The distinct MustRunAs options of the PSPs, in their order; empty when some PSP is not MustRunAs. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        List<Object> allowed = new ArrayList<>();
        for (PodSecurityPolicy p : psps) {
            SELinuxStrategyOptions s = Psps.spec(p).getSeLinux();
            if (s == null || !MUST_RUN_AS.equals(s.getRule()) || s.getSeLinuxOptions() == null) {
                return Optional.empty();
            }
            Map<String, Object> o = new LinkedHashMap<>();
            SELinuxOptions want = s.getSeLinuxOptions();
            for (String[] kv : new String[][] {{"level", want.getLevel()}, {"role", want.getRole()},
                    {"type", want.getType()}, {"user", want.getUser()}}) {
                if (kv[1] != null && !kv[1].isEmpty()) {
                    o.put(kv[0], kv[1]);
                }
            }
            if (!allowed.contains(o)) {
                allowed.add(o);
            }
        }
        return Optional.of(LibraryParameters.of(Map.of("allowedSELinuxOptions", allowed)));
    }
}
