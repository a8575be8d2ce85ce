package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.policy.v1beta1.IDRange;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/** The shapes of gatekeeper-library parameters that several rules share. */
final class LibraryValues {

    private LibraryValues() {
    }

    /** No parameters, when every PSP restricts the field; empty otherwise. */
    static Optional<LibraryParameters> ifEvery(List<PodSecurityPolicy> psps, Predicate<PodSecurityPolicySpec> restricts) {
        return psps.stream().allMatch(p -> restricts.test(Psps.spec(p))) ? Optional.of(LibraryParameters.of(Map.of()))
                : Optional.empty();
    }

    /**
     * {@code allowedProfiles}: the union of the profiles the PSPs' allow-list annotation names (trimmed, empty items
     * left out); empty when some PSP has no such annotation.
     */
    static Optional<LibraryParameters> allowedProfiles(List<PodSecurityPolicy> psps, String key) {
        return allowedProfiles(psps, key, Function.identity());
    }

    /** The same, with each PSP's names passed through {@code names} first (seccomp's runtime-default alias). */
    static Optional<LibraryParameters> allowedProfiles(List<PodSecurityPolicy> psps, String key,
            Function<List<String>, List<String>> names) {
        TreeSet<String> profiles = new TreeSet<>();
        for (PodSecurityPolicy p : psps) {
            String v = Psps.annotations(p).get(key);
            if (v == null) {
                return Optional.empty();
            }
            List<String> trimmed = java.util.Arrays.stream(v.split(",")).map(String::trim).toList();
            for (String s : names.apply(trimmed)) {
                if (!s.isEmpty()) {
                    profiles.add(s);
                }
            }
        }
        return Optional.of(LibraryParameters.of(Map.of("allowedProfiles", List.copyOf(profiles))));
    }

    /**
     * One ID strategy of {@code K8sPSPAllowedUsers}, named after its field: kept when every PSP uses the same rule
     * (unset counting as RunAsAny) other than RunAsAny, with the PSPs' ranges merged; no parameter otherwise.
     */
    static Optional<LibraryParameters> idStrategy(String field, List<PodSecurityPolicy> psps,
            Function<PodSecurityPolicySpec, String> rule, Function<PodSecurityPolicySpec, List<IDRange>> ranges) {
        TreeSet<String> rules = new TreeSet<>();
        psps.forEach(p -> rules.add(Objects.toString(rule.apply(Psps.spec(p)), "RunAsAny")));
        if (rules.size() != 1 || rules.first().equals("RunAsAny")) {
            return Optional.of(LibraryParameters.of(Map.of()));
        }
        TreeMap<Long, Long> merged = new TreeMap<>();
        for (PodSecurityPolicy p : psps) {
            for (IDRange r : Psps.list(ranges.apply(Psps.spec(p)))) {
                merged.merge(Psps.min(r), Psps.max(r), Math::max);
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
        return Optional.of(LibraryParameters.of(Map.of(field, s)));
    }
}
