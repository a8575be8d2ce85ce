package dev.psp2psa.policy;

import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What {@code --gatekeeper-templates library} can enforce: only Constraints of the gatekeeper-library kinds ({@code K8sPSP...}, whose
 * templates the cluster installs from the library), one per policy and library kind, scoped to the policy's
 * namespaces, with parameters built from the PSPs that the policy's validations of those rules stand for.
 *
 * <p>The library templates check one field group each and know neither service accounts nor a disjunction across
 * PSPs, so a constraint can only approximate: its parameters are the <em>union</em> of what those PSPs allowed
 * (allowed values merged, required drops intersected, a rule strategy kept only when every PSP uses the same one).
 * That is exact only when every PSP gives the same values and the rules were plain validations; otherwise it is
 * looser than PSP. A rule that some of those PSPs do not restrict, or that no library kind checks, gets no
 * constraint and is listed as not covered.
 */
public final class GatekeeperLibrary {

    /** One library constraint: its policy, kind, the PSP rules it stands for, parameters, and how it approximates. */
    public record LibraryConstraint(String policy, String kind, List<String> rules, List<String> psps,
            Map<String, Object> parameters, boolean exact, String how) {

        /** The constraint's name: the policy's name and the kind, lowercase (DNS-1123). */
        public String name() {
            return policy + "-" + kind.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A rule of a policy that library mode does not cover, and why. */
    public record Uncovered(String policy, String rule, String why) {
    }

    /** What library mode writes for a set of policies. */
    public record Coverage(List<LibraryConstraint> constraints, List<Uncovered> uncovered) {
    }

    /** A library kind: the PSP rules it checks and how its parameters come from PSPs (empty: cannot be built). */
    private record Kind(String kind, List<String> rules, Function<List<PodSecurityPolicy>, Optional<Map<String,
            Object>>> parameters) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("K8sPSPAllowPrivilegeEscalationContainer", List.of("allowPrivilegeEscalation"),
                    psps -> all(psps, s -> Boolean.FALSE.equals(s.getAllowPrivilegeEscalation()))),
            new Kind("K8sPSPAllowedUsers", List.of("fsGroup", "runAsGroup", "runAsUser", "supplementalGroups"),
                    GatekeeperLibrary::users),
            new Kind("K8sPSPAppArmor", List.of("appArmor"), psps -> annotationUnion(psps,
                    "apparmor.security.beta.kubernetes.io/allowedProfileNames")),
            new Kind("K8sPSPCapabilities", List.of("capabilities"), GatekeeperLibrary::capabilities),
            new Kind("K8sPSPFlexVolumes", List.of("allowedFlexVolumes"), psps -> {
                TreeSet<String> drivers = new TreeSet<>();
                for (PodSecurityPolicy p : psps) {
                    if (list(spec(p).getAllowedFlexVolumes()).isEmpty()) {
                        return Optional.empty();
                    }
                    list(spec(p).getAllowedFlexVolumes()).forEach(d -> drivers.add(d.getDriver()));
                }
                return Optional.of(Map.of("allowedFlexVolumes", drivers.stream()
                        .map(d -> (Object) Map.of("driver", d)).toList()));
            }),
            new Kind("K8sPSPForbiddenSysctls", List.of("sysctls"), GatekeeperLibrary::sysctls),
            new Kind("K8sPSPHostFilesystem", List.of("allowedHostPaths"), GatekeeperLibrary::hostPaths),
            new Kind("K8sPSPHostNamespace", List.of("hostIPC", "hostPID"), psps -> all(psps,
                    s -> !Boolean.TRUE.equals(s.getHostPID()) && !Boolean.TRUE.equals(s.getHostIPC()))),
            new Kind("K8sPSPHostNetworkingPorts", List.of("hostNetwork", "hostPorts"),
                    GatekeeperLibrary::hostNetworking),
            new Kind("K8sPSPPrivilegedContainer", List.of("privileged"),
                    psps -> all(psps, s -> !Boolean.TRUE.equals(s.getPrivileged()))),
            new Kind("K8sPSPProcMount", List.of("allowedProcMountTypes"), psps -> Optional.of(Map.of("procMount",
                    psps.stream().anyMatch(p -> list(spec(p).getAllowedProcMountTypes()).contains("Unmasked"))
                            ? "Unmasked" : "Default"))),
            new Kind("K8sPSPReadOnlyRootFilesystem", List.of("readOnlyRootFilesystem"),
                    psps -> all(psps, s -> Boolean.TRUE.equals(s.getReadOnlyRootFilesystem()))),
            new Kind("K8sPSPSELinuxV2", List.of("seLinux"), GatekeeperLibrary::seLinux),
            new Kind("K8sPSPSeccomp", List.of("seccomp"), psps -> annotationUnion(psps,
                    "seccomp.security.alpha.kubernetes.io/allowedProfileNames")),
            new Kind("K8sPSPVolumeTypes", List.of("volumes"), psps -> {
                TreeSet<String> volumes = new TreeSet<>();
                psps.forEach(p -> volumes.addAll(list(spec(p).getVolumes())));
                return Optional.of(Map.of("volumes", List.copyOf(volumes.contains("*") ? List.of("*") : volumes)));
            }));

    private GatekeeperLibrary() {
    }

    /** The library kinds psp2psa writes constraints for, sorted. */
    public static List<String> kinds() {
        return KINDS.stream().map(Kind::kind).sorted().toList();
    }

    /** The constraints and the rules not covered, per policy in order, kinds sorted. */
    public static Coverage coverage(List<GapPolicy> policies, Map<String, PodSecurityPolicy> psps) {
        List<LibraryConstraint> constraints = new ArrayList<>();
        List<Uncovered> uncovered = new ArrayList<>();
        for (GapPolicy p : policies) {
            SortedMap<String, SortedSet<String>> pspsByRule = new TreeMap<>();
            SortedSet<String> disjunctive = new TreeSet<>();
            for (PolicyValidation v : p.validations()) {
                for (String r : v.rules()) {
                    pspsByRule.computeIfAbsent(r, k -> new TreeSet<>()).addAll(v.psps());
                    if (!v.rule().equals(r)) {
                        disjunctive.add(r);
                    }
                }
            }
            SortedSet<String> covered = new TreeSet<>();
            for (Kind k : KINDS) {
                List<String> gapRules = k.rules().stream().filter(pspsByRule::containsKey).toList();
                List<String> rules = gapRules;
                if (rules.isEmpty()) {
                    continue;
                }
                SortedSet<String> names = new TreeSet<>();
                gapRules.forEach(r -> names.addAll(pspsByRule.get(r)));
                List<PodSecurityPolicy> from = names.stream().map(psps::get).filter(Objects::nonNull).toList();
                Optional<Map<String, Object>> params = from.size() == names.size() ? k.parameters().apply(from)
                        .map(m -> onlyRules(k, gapRules, m)) : Optional.empty();
                if (params.isPresent() && k.kind().equals("K8sPSPAllowedUsers")) {
                    Map<String, Object> built = params.get();
                    rules.stream().filter(r -> !built.containsKey(r)).forEach(r -> uncovered.add(new Uncovered(
                            p.name(), r, "the PSPs " + String.join(", ", names) + " use different strategies for it, "
                                    + "which K8sPSPAllowedUsers cannot combine.")));
                    rules = rules.stream().filter(built::containsKey).toList();
                    if (rules.isEmpty()) {
                        continue;
                    }
                }
                if (params.isEmpty()) {
                    gapRules.forEach(r -> uncovered.add(new Uncovered(p.name(), r, "some of the PSPs " + String.join(
                            ", ", names) + " do not restrict it the way " + k.kind() + " can express, and a "
                            + "constraint would reject pods they admitted.")));
                    continue;
                }
                boolean same = from.stream().map(x -> k.parameters().apply(List.of(x))).distinct().count() == 1;
                List<String> coveredRules = rules;
                // One min-max pair cannot hold several host port ranges: their hull is looser.
                boolean lossless = !k.kind().equals("K8sPSPHostNetworkingPorts")
                        || from.stream().allMatch(x -> list(spec(x).getHostPorts()).size() <= 1);
                boolean exact = same && lossless && coveredRules.stream().noneMatch(disjunctive::contains);
                String how = !lossless ? "The hull of the host port ranges of " + String.join(", ", names)
                        + " (one min-max pair): looser than PSP." : exact ? "Every PSP it stands for (" + String.join(", ", names) + ") gives the same values."
                        : (same ? "Every PSP it stands for (" + String.join(", ", names) + ") gives the same values, "
                                + "but the rules were part of the disjunction across PSPs and service accounts, which "
                                + "a library kind checks on its own: looser."
                                : "The union of what the PSPs " + String.join(", ", names) + " allowed, for every "
                                        + "service account: looser than PSP, which needed one PSP to allow the whole "
                                        + "pod.");
                constraints.add(new LibraryConstraint(p.name(), k.kind(), rules, List.copyOf(names), params.get(),
                        exact, how));
                covered.addAll(rules);
            }
            for (String r : pspsByRule.keySet()) {
                boolean known = KINDS.stream().anyMatch(k -> k.rules().contains(r));
                if (!known) {
                    uncovered.add(new Uncovered(p.name(), r, "no gatekeeper-library kind checks it."));
                }
            }
        }
        return new Coverage(List.copyOf(constraints), List.copyOf(uncovered));
    }

    /** K8sPSPAllowedUsers' parameters are named after the rules: only the rules with a gap are kept. */
    private static Map<String, Object> onlyRules(Kind k, List<String> rules, Map<String, Object> params) {
        if (!k.kind().equals("K8sPSPAllowedUsers")) {
            return params;
        }
        Map<String, Object> kept = new LinkedHashMap<>(params);
        kept.keySet().retainAll(rules);
        return kept;
    }

    // ---- parameters ----------------------------------------------------------------------------------------

    private static PodSecurityPolicySpec spec(PodSecurityPolicy p) {
        return p.getSpec() == null ? new PodSecurityPolicySpec() : p.getSpec();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l.stream().filter(Objects::nonNull).toList();
    }

    /** No parameters, when every PSP restricts the field. */
    private static Optional<Map<String, Object>> all(List<PodSecurityPolicy> psps,
            java.util.function.Predicate<PodSecurityPolicySpec> restricts) {
        return psps.stream().allMatch(p -> restricts.test(spec(p))) ? Optional.of(Map.of()) : Optional.empty();
    }

    private static Optional<Map<String, Object>> annotationUnion(List<PodSecurityPolicy> psps, String key) {
        TreeSet<String> profiles = new TreeSet<>();
        for (PodSecurityPolicy p : psps) {
            String v = p.getMetadata() == null || p.getMetadata().getAnnotations() == null ? null
                    : p.getMetadata().getAnnotations().get(key);
            if (v == null) {
                return Optional.empty();
            }
            for (String s : v.split(",")) {
                if (!s.trim().isEmpty()) {
                    profiles.add(s.trim());
                }
            }
        }
        return Optional.of(Map.of("allowedProfiles", List.copyOf(profiles)));
    }

    private static Optional<Map<String, Object>> capabilities(List<PodSecurityPolicy> psps) {
        TreeSet<String> allowed = new TreeSet<>();
        TreeSet<String> drop = null;
        for (PodSecurityPolicy p : psps) {
            allowed.addAll(list(spec(p).getAllowedCapabilities()));
            allowed.addAll(list(spec(p).getDefaultAddCapabilities()));
            TreeSet<String> d = new TreeSet<>(list(spec(p).getRequiredDropCapabilities()));
            if (drop == null) {
                drop = d;
            } else {
                drop.retainAll(d);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowedCapabilities", List.copyOf(allowed.contains("*") ? List.of("*") : allowed));
        m.put("requiredDropCapabilities", drop == null ? List.of() : List.copyOf(drop));
        return Optional.of(m);
    }

    private static Optional<Map<String, Object>> sysctls(List<PodSecurityPolicy> psps) {
        TreeSet<String> forbidden = null;
        TreeSet<String> allowed = new TreeSet<>(dev.psp2psa.psp.PspNames.SAFE_SYSCTLS);
        for (PodSecurityPolicy p : psps) {
            TreeSet<String> f = new TreeSet<>(list(spec(p).getForbiddenSysctls()));
            if (forbidden == null) {
                forbidden = f;
            } else {
                forbidden.retainAll(f);
            }
            allowed.addAll(list(spec(p).getAllowedUnsafeSysctls()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowedSysctls", List.copyOf(allowed.contains("*") ? List.of("*") : allowed));
        m.put("forbiddenSysctls", forbidden == null ? List.of() : List.copyOf(forbidden));
        return Optional.of(m);
    }

    private static Optional<Map<String, Object>> hostPaths(List<PodSecurityPolicy> psps) {
        TreeMap<String, Boolean> prefixes = new TreeMap<>();
        for (PodSecurityPolicy p : psps) {
            if (list(spec(p).getAllowedHostPaths()).isEmpty()) {
                return Optional.empty();
            }
            list(spec(p).getAllowedHostPaths()).forEach(a -> prefixes.merge(a.getPathPrefix(),
                    Boolean.TRUE.equals(a.getReadOnly()), Boolean::logicalAnd));
        }
        List<Object> out = new ArrayList<>();
        prefixes.forEach((prefix, readOnly) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pathPrefix", prefix);
            m.put("readOnly", readOnly);
            out.add(m);
        });
        return Optional.of(Map.of("allowedHostPaths", out));
    }

    private static Optional<Map<String, Object>> hostNetworking(List<PodSecurityPolicy> psps) {
        boolean network = psps.stream().anyMatch(p -> Boolean.TRUE.equals(spec(p).getHostNetwork()));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (PodSecurityPolicy p : psps) {
            for (var r : list(spec(p).getHostPorts())) {
                min = Math.min(min, r.getMin() == null ? 0 : r.getMin());
                max = Math.max(max, r.getMax() == null ? 0 : r.getMax());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hostNetwork", network);
        // No ranges: min 0 and max 0, so that the library rejects every host port above 0, as PSP did.
        m.put("min", min == Long.MAX_VALUE ? 0 : min);
        m.put("max", max == Long.MIN_VALUE ? 0 : max);
        return Optional.of(m);
    }

    private static Optional<Map<String, Object>> seLinux(List<PodSecurityPolicy> psps) {
        List<Object> options = new ArrayList<>();
        for (PodSecurityPolicy p : psps) {
            var s = spec(p).getSeLinux();
            if (s == null || !"MustRunAs".equals(s.getRule()) || s.getSeLinuxOptions() == null) {
                return Optional.empty();
            }
            Map<String, Object> o = new LinkedHashMap<>();
            var want = s.getSeLinuxOptions();
            for (String[] kv : new String[][] {{"level", want.getLevel()}, {"role", want.getRole()},
                    {"type", want.getType()}, {"user", want.getUser()}}) {
                if (kv[1] != null && !kv[1].isEmpty()) {
                    o.put(kv[0], kv[1]);
                }
            }
            if (!options.contains(o)) {
                options.add(o);
            }
        }
        return Optional.of(Map.of("allowedSELinuxOptions", options));
    }

    /** The four ID strategies: each kept when every PSP uses the same rule, ranges merged. */
    private static Optional<Map<String, Object>> users(List<PodSecurityPolicy> psps) {
        Map<String, Object> m = new LinkedHashMap<>();
        strategy(m, "fsGroup", psps, s -> s.getFsGroup() == null ? null : s.getFsGroup().getRule(),
                s -> s.getFsGroup() == null ? null : s.getFsGroup().getRanges());
        strategy(m, "runAsGroup", psps, s -> s.getRunAsGroup() == null ? null : s.getRunAsGroup().getRule(),
                s -> s.getRunAsGroup() == null ? null : s.getRunAsGroup().getRanges());
        strategy(m, "runAsUser", psps, s -> s.getRunAsUser() == null ? null : s.getRunAsUser().getRule(),
                s -> s.getRunAsUser() == null ? null : s.getRunAsUser().getRanges());
        strategy(m, "supplementalGroups", psps, s -> s.getSupplementalGroups() == null ? null
                : s.getSupplementalGroups().getRule(), s -> s.getSupplementalGroups() == null ? null
                : s.getSupplementalGroups().getRanges());
        return m.isEmpty() ? Optional.empty() : Optional.of(m);
    }

    private static void strategy(Map<String, Object> out, String field, List<PodSecurityPolicy> psps,
            Function<PodSecurityPolicySpec, String> rule, Function<PodSecurityPolicySpec, List<IDRange>> ranges) {
        TreeSet<String> rules = new TreeSet<>();
        psps.forEach(p -> rules.add(Objects.toString(rule.apply(spec(p)), "RunAsAny")));
        if (rules.size() != 1 || rules.first().equals("RunAsAny")) {
            return;
        }
        TreeMap<Long, Long> merged = new TreeMap<>();
        for (PodSecurityPolicy p : psps) {
            for (IDRange r : list(ranges.apply(spec(p)))) {
                merged.merge(r.getMin() == null ? 0 : r.getMin(), r.getMax() == null ? 0 : r.getMax(), Math::max);
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rule", rules.first());
        if (!merged.isEmpty()) {
            List<Object> list = new ArrayList<>();
            merged.forEach((min, max) -> {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("min", min);
                r.put("max", max);
                list.add(r);
            });
            s.put("ranges", list);
        }
        out.put(field, s);
    }

    /** The rules of the policies, for tests: every rule some library kind checks. */
    public static Collection<String> libraryRules() {
        TreeSet<String> all = new TreeSet<>();
        KINDS.forEach(k -> all.addAll(k.rules()));
        return all;
    }
}
