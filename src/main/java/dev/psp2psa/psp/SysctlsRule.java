package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.SysctlsCheck;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code allowedUnsafeSysctls} and {@code forbiddenSysctls}: which sysctls beyond the safe set pods may set, and which
 * they may not set at all (exact names, or prefixes ending in {@code *}). Baseline and restricted need no allowed
 * unsafe sysctl that PSS does not count as safe at the target version.
 */
final class SysctlsRule extends AbstractRule {

    /** The safe sysctls of PSP admission (the kubelet's safe list in Kubernetes 1.24). */
    static final Set<String> PSP_SAFE = PspNames.SAFE_SYSCTLS;

    SysctlsRule() {
        super("sysctls", List.of("allowedUnsafeSysctls", "forbiddenSysctls"), List.of(), List.of("sysctls"),
                "The unsafe sysctls pods may set (allowedUnsafeSysctls) and the sysctls they may not set "
                        + "(forbiddenSysctls).",
                false);
    }

    static boolean matches(List<String> patterns, String name) {
        for (String p : patterns) {
            if (p.endsWith("*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether PSP admits a pod-level sysctl of this name. */
    static boolean admits(PodSecurityPolicy psp, String name) {
        List<String> forbidden = Psps.strings(Psps.spec(psp).getForbiddenSysctls());
        List<String> allowed = Psps.strings(Psps.spec(psp).getAllowedUnsafeSysctls());
        return !matches(forbidden, name) && (PSP_SAFE.contains(name) || matches(allowed, name));
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        if (level != Level.BASELINE) {
            return Optional.empty();
        }
        Set<String> safe = SysctlsCheck.allowed(target);
        List<String> allowed = Psps.strings(Psps.spec(psp).getAllowedUnsafeSysctls());
        List<String> bad = new ArrayList<>();
        String witness = null;
        for (String entry : allowed.stream().sorted().toList()) {
            String candidate = witnessFor(psp, entry, safe);
            if (candidate != null) {
                bad.add(entry);
                if (witness == null) {
                    witness = candidate;
                }
            }
        }
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        String name = witness;
        return Optional.of(new Block("allowedUnsafeSysctls", Psps.text(bad), "sysctls",
                "The PSP lets pods set sysctls outside the safe set: " + String.join(", ", bad) + ".", pod -> {
                    PodSecurityContext sc = Pods.podSc(pod, true);
                    List<Sysctl> sysctls = new ArrayList<>(Nulls.nonNull(sc.getSysctls()));
                    sysctls.add(new Sysctl(name, "1"));
                    sc.setSysctls(sysctls);
                }));
    }

    @Override
    public String baselineCondition() {
        return "allowedUnsafeSysctls undefined / empty (psp2psa: or only names PSS counts as safe); "
                + "forbiddenSysctls: no opinion";
    }

    @Override
    public String restrictedCondition() {
        return baselineCondition();
    }

    /**
     * At baseline and restricted: the sysctls PSS counts as safe at the target version that the PSP rejects (PSP's
     * safe list is Kubernetes 1.24's). At privileged: anything beyond PSP's safe list and allowed entries, and the
     * forbidden entries.
     */
    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        List<String> forbidden = Psps.strings(Psps.spec(psp).getForbiddenSysctls());
        List<String> allowed = Psps.strings(Psps.spec(psp).getAllowedUnsafeSysctls());
        if (level != Level.PRIVILEGED) {
            List<String> rejected = new java.util.TreeSet<>(SysctlsCheck.allowed(target)).stream()
                    .filter(n -> !admits(psp, n)).toList();
            if (rejected.isEmpty()) {
                return List.of();
            }
            String text = rejected.size() == 1
                    ? "sysctl " + rejected.get(0) + " is forbidden (" + Gaps.name(level) + " allows it)"
                    : "sysctls " + Gaps.list(rejected) + " are forbidden (" + Gaps.name(level) + " allows them)";
            return List.of(new Gaps.Part(text, rejected.stream().map(SysctlsRule::probe).toList()));
        }
        java.util.TreeSet<String> names = new java.util.TreeSet<>(List.of("kernel.msgmax", "kernel.sem",
                "net.core.somaxconn", "vm.psp2psa_witness"));
        names.addAll(PSP_SAFE);
        names.addAll(SysctlsCheck.allowed(target));
        for (String entry : forbidden) {
            names.add(entry.endsWith("*") ? entry.substring(0, entry.length() - 1) + "psp2psa" : entry);
        }
        List<java.util.function.Consumer<Pod>> probes = names.stream().filter(n -> !n.isEmpty() && !admits(psp, n))
                .map(SysctlsRule::probe).toList();
        List<String> sortedForbidden = new java.util.TreeSet<>(forbidden).stream().toList();
        String text;
        if (allowed.contains("*")) {
            text = "sysctls " + Gaps.list(sortedForbidden) + " are forbidden";
        } else {
            text = "sysctls limited to PSP's safe set" + (allowed.isEmpty() ? ""
                    : " and " + Gaps.list(new java.util.TreeSet<>(allowed)))
                    + (forbidden.isEmpty() ? "" : ", except " + Gaps.list(sortedForbidden));
        }
        return List.of(new Gaps.Part(text, probes));
    }

    private static java.util.function.Consumer<Pod> probe(String name) {
        return pod -> Pods.podSc(pod, true).setSysctls(new ArrayList<>(List.of(new Sysctl(name, "1"))));
    }

    /** A sysctl the entry lets pods set that PSS does not count as safe and no forbidden entry blocks, or null. */
    private static String witnessFor(PodSecurityPolicy psp, String entry, Set<String> safe) {
        List<String> candidates = new ArrayList<>();
        if (entry.endsWith("*")) {
            String prefix = entry.substring(0, entry.length() - 1);
            for (String suffix : List.of("x", "kernel.msgmax", "a.b", "0")) {
                candidates.add(prefix + suffix);
            }
        } else {
            candidates.add(entry);
        }
        for (String c : candidates) {
            if (!safe.contains(c) && !c.isEmpty() && admits(psp, c)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        PodSecurityContext sc = Pods.podSc(pod, false);
        if (sc == null) {
            return errors;
        }
        List<String> forbidden = Psps.strings(Psps.spec(psp).getForbiddenSysctls());
        List<String> allowed = Psps.strings(Psps.spec(psp).getAllowedUnsafeSysctls());
        List<Sysctl> sysctls = Nulls.nonNull(sc.getSysctls());
        for (int i = 0; i < sysctls.size(); i++) {
            String name = sysctls.get(i) == null ? "" : Nulls.str(sysctls.get(i).getName());
            String path = "spec.securityContext.sysctls[" + i + "]";
            if (matches(forbidden, name)) {
                errors.add(Pods.forbidden(path, "sysctl \"" + name + "\" is not allowed"));
            } else if (!PSP_SAFE.contains(name) && !matches(allowed, name)) {
                errors.add(Pods.forbidden(path, "unsafe sysctl \"" + name + "\" is not allowed"));
            }
        }
        return errors;
    }

    /** Every pod sysctl is not forbidden, and is safe or allowed. */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        List<String> forbidden = Psps.strings(Psps.spec(psp).getForbiddenSysctls());
        List<String> allowed = Psps.strings(Psps.spec(psp).getAllowedUnsafeSysctls());
        String n = "(has(s.name) ? s.name : '')";
        List<String> ok = new ArrayList<>(PSP_SAFE);
        ok.addAll(allowed);
        String notForbidden = forbidden.isEmpty() ? "true" : "!(" + celMatches(n, forbidden) + ")";
        String cond = PodCel.and(notForbidden, celMatches(n, ok));
        if (cond.equals("true")) {
            return Optional.empty();
        }
        List<String> sentence = new ArrayList<>();
        sentence.add("allows only the safe sysctls" + (allowed.isEmpty() ? "" : " and " + PodCel.list(allowed)));
        if (!forbidden.isEmpty()) {
            sentence.add("forbids " + PodCel.list(forbidden));
        }
        return Optional.of(CelPredicate.exact("!(" + PodCel.has(PodCel.SPEC, "securityContext", "sysctls") + ") || "
                + PodCel.POD_SC + ".sysctls.all(s, " + cond + ")", Psps.named(psp) + " "
                + String.join(" and ", sentence) + " (spec.securityContext.sysctls)."));
    }

    /** Whether the sysctl name (a CEL string) matches one of the patterns (exact names, or prefixes ending in *). */
    private static String celMatches(String name, List<String> patterns) {
        TreeSet<String> exact = new TreeSet<>();
        TreeSet<String> prefixes = new TreeSet<>();
        for (String p : patterns) {
            if (p.endsWith("*")) {
                prefixes.add(p.substring(0, p.length() - 1));
            } else {
                exact.add(p);
            }
        }
        if (prefixes.contains("")) {
            return "true";
        }
        List<String> terms = new ArrayList<>();
        if (!exact.isEmpty()) {
            terms.add(PodCel.in(name, exact));
        }
        prefixes.forEach(p -> terms.add(name + ".startsWith(" + PodCel.lit(p) + ")"));
        return PodCel.or(terms);
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPForbiddenSysctls"));
    }

    /** The sysctls any PSP allows (PSP's safe ones included), and those every PSP forbids. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        TreeSet<String> forbidden = null;
        TreeSet<String> allowed = new TreeSet<>(PSP_SAFE);
        for (PodSecurityPolicy p : psps) {
            TreeSet<String> f = new TreeSet<>(Psps.strings(Psps.spec(p).getForbiddenSysctls()));
            if (forbidden == null) {
                forbidden = f;
            } else {
                forbidden.retainAll(f);
            }
            allowed.addAll(Psps.strings(Psps.spec(p).getAllowedUnsafeSysctls()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowedSysctls", List.copyOf(allowed.contains("*") ? List.of("*") : allowed));
        m.put("forbiddenSysctls", forbidden == null ? List.of() : List.copyOf(forbidden));
        return Optional.of(LibraryParameters.of(m));
    }
}
