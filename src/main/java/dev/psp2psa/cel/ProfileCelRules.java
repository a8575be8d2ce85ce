package dev.psp2psa.cel;

import static dev.psp2psa.cel.PodCel.POD_SC;
import static dev.psp2psa.cel.PodCel.SPEC;
import static dev.psp2psa.cel.PodCel.allContainers;
import static dev.psp2psa.cel.PodCel.annotation;
import static dev.psp2psa.cel.PodCel.has;
import static dev.psp2psa.cel.PodCel.lit;

import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.SELinuxStrategyOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The translators of the profile rules: seLinux, and the seccomp and AppArmor annotations. */
final class ProfileCelRules {

    static final String SECCOMP_ALLOWED = dev.psp2psa.psp.PspNames.SECCOMP_ALLOWED;
    static final String SECCOMP_DEFAULT = dev.psp2psa.psp.PspNames.SECCOMP_DEFAULT;
    static final String SECCOMP_POD = dev.psp2psa.psp.PspNames.SECCOMP_POD;
    static final String SECCOMP_CONTAINER = dev.psp2psa.psp.PspNames.SECCOMP_CONTAINER_PREFIX;
    static final String APPARMOR_ALLOWED = dev.psp2psa.psp.PspNames.APPARMOR_ALLOWED;
    static final String APPARMOR_DEFAULT = dev.psp2psa.psp.PspNames.APPARMOR_DEFAULT;
    static final String APPARMOR_CONTAINER = dev.psp2psa.psp.PspNames.APPARMOR_CONTAINER_PREFIX;

    private ProfileCelRules() {
    }

    private static String orEmpty(String base, String field) {
        return "(has(" + base + "." + field + ") ? " + base + "." + field + " : '')";
    }

    /** Whether the SELinux options field (a CEL map) equals {@code want} as a string, absent counting as ''. */
    private static String equal(String o, String field, String want) {
        return want.isEmpty() ? "!has(" + o + "." + field + ") || " + o + "." + field + " == ''"
                : "has(" + o + "." + field + ") && " + o + "." + field + " == " + lit(want);
    }

    /**
     * Whether the options' level equals {@code want} as PSP's equalLevels compares MCS levels: equal strings, or the
     * same sensitivity with the same set of categories in any order. Returns the expression and whether it is exact.
     */
    static String[] levelEquals(String o, String want) {
        if (want.isEmpty() || !want.contains(":")) {
            return new String[] {equal(o, "level", want), ""};
        }
        String[] parts = want.split(":", 2);
        List<String> categories = Arrays.asList(parts[1].split(","));
        if (categories.isEmpty() || categories.contains("")) {
            return new String[] {equal(o, "level", want), "an SELinux level whose categories are empty or contain an "
                    + "empty item is compared as a plain string"};
        }
        String level = o + ".level";
        String prefix = "^" + PodCel.quoteRegex(parts[0]) + ":";
        String any = new TreeSet<>(categories).stream().map(PodCel::quoteRegex)
                .collect(Collectors.joining("|", "(?:", ")"));
        List<String> clauses = new ArrayList<>();
        clauses.add("has(" + level + ")");
        clauses.add(level + ".matches(" + lit(prefix + any + "(?:," + any + ")*,*$") + ")");
        if (new TreeSet<>(categories).size() > 1) {
            for (String c : new TreeSet<>(categories)) {
                clauses.add(level + ".matches(" + lit(prefix + "(?:.*,)?" + PodCel.quoteRegex(c) + "(?:,.*)?$") + ")");
            }
        }
        return new String[] {String.join(" && ", clauses), ""};
    }

    /**
     * {@code seLinux} MustRunAs: the pod sets seLinuxOptions equal to the PSP's (levels compared as MCS category
     * sets), and every container's own seLinuxOptions, when set, too.
     */
    static CelRule seLinux() {
        return new CelRule() {
            @Override
            public String id() {
                return "seLinux";
            }

            @Override
            public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
                SELinuxStrategyOptions s = PspValues.spec(psp).getSeLinux();
                if (s == null || !"MustRunAs".equals(s.getRule()) || s.getSeLinuxOptions() == null) {
                    return Optional.empty();
                }
                SELinuxOptions want = s.getSeLinuxOptions();
                String[] podLevel = levelEquals(POD_SC + ".seLinuxOptions", PspValues.str(want.getLevel()));
                String[] cLevel = levelEquals("c.securityContext.seLinuxOptions", PspValues.str(want.getLevel()));
                String pod = PodCel.and(has(SPEC, "securityContext", "seLinuxOptions"), match(POD_SC + ".seLinuxOptions", want,
                        podLevel[0]));
                String container = "!(" + has("c", "securityContext", "seLinuxOptions") + ") || "
                        + PodCel.group(match("c.securityContext.seLinuxOptions", want, cLevel[0]));
                String expression = PodCel.lines(List.of(pod, allContainers(container)));
                String message = PspValues.psp(psp) + " requires spec.securityContext.seLinuxOptions "
                        + text(want) + ", and containers that set their own to match it.";
                return Optional.of(podLevel[1].isEmpty() ? CelPredicate.exact(expression, message)
                        : CelPredicate.approximation(expression, message, "SELinux: " + podLevel[1]
                                + ", as CEL has no portable split; equal category sets in another order are rejected."));
            }
        };
    }

    private static String match(String o, SELinuxOptions want, String level) {
        return PodCel.and(level, equal(o, "role", PspValues.str(want.getRole())),
                equal(o, "type", PspValues.str(want.getType())), equal(o, "user", PspValues.str(want.getUser())));
    }

    private static String text(SELinuxOptions o) {
        List<String> parts = new ArrayList<>();
        for (String[] kv : new String[][] {{"level", o.getLevel()}, {"role", o.getRole()}, {"type", o.getType()},
                {"user", o.getUser()}}) {
            if (kv[1] != null && !kv[1].isEmpty()) {
                parts.add(kv[0] + ": " + kv[1]);
            }
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** The annotation form of a seccompProfile field (a CEL map), as the API server derives it. */
    static String seccompAnnotation(String f) {
        return "(!has(" + f + ".type) ? '' : " + f + ".type == 'RuntimeDefault' ? 'runtime/default' : " + f
                + ".type == 'Unconfined' ? 'unconfined' : " + f + ".type == 'Localhost' && has(" + f
                + ".localhostProfile) ? 'localhost/' + " + f + ".localhostProfile : '')";
    }

    /** The pod's seccomp profile as PSP reads it: the pod annotation when not empty, else the pod field. */
    static String seccompPodProfile() {
        String ann = annotation(lit(SECCOMP_POD));
        return "(" + ann + " != '' ? " + ann + " : " + has(SPEC, "securityContext", "seccompProfile") + " ? "
                + seccompAnnotation(POD_SC + ".seccompProfile") + " : '')";
    }

    /**
     * The container's seccomp profile as PSP reads it: its field, else its annotation (even empty), else the pod
     * field, else the pod annotation.
     */
    static String seccompContainerProfile() {
        String key = "(" + lit(SECCOMP_CONTAINER) + " + " + PodCel.containerName("c") + ")";
        return "(" + has("c", "securityContext", "seccompProfile") + " ? "
                + seccompAnnotation("c.securityContext.seccompProfile") + " : " + PodCel.hasAnnotation(key) + " ? "
                + PodCel.ANNOTATIONS + "[" + key + "] : " + has(SPEC, "securityContext", "seccompProfile") + " ? "
                + seccompAnnotation(POD_SC + ".seccompProfile") + " : " + annotation(lit(SECCOMP_POD)) + ")";
    }

    /**
     * The seccomp annotations: the pod's profile and every container's profile are allowed ({@code *}: any; no
     * allowedProfileNames: none may be set); with a defaultProfileName every container's profile must be set, as
     * PSP guaranteed one.
     */
    static CelRule seccomp() {
        return new CelRule() {
            @Override
            public String id() {
                return "seccomp";
            }

            @Override
            public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
                Optional<List<String>> names = PspValues.annotationList(psp, SECCOMP_ALLOWED);
                boolean any = names.map(n -> n.contains("*")).orElse(false);
                boolean defaulted = !PspValues.str(PspValues.annotations(psp).get(SECCOMP_DEFAULT)).isEmpty();
                if (any && !defaulted) {
                    return Optional.empty();
                }
                List<String> clauses = new ArrayList<>();
                String sentence;
                if (any) {
                    clauses.add(allContainers(seccompContainerProfile() + " != ''"));
                    sentence = " defaulted the seccomp profile, so every container must have one";
                } else {
                    TreeSet<String> allowed = new TreeSet<>(names.orElse(List.of("")));
                    clauses.add(PodCel.in(seccompPodProfile(), allowed));
                    if (defaulted) {
                        allowed.remove("");
                    }
                    clauses.add(allContainers(PodCel.in(seccompContainerProfile(), allowed)));
                    sentence = names.isEmpty() ? " allows no seccomp profile to be set"
                            : " allows only the seccomp profiles " + PodCel.list(names.get())
                                    + (defaulted ? " and requires every container to have one" : "");
                }
                return Optional.of(CelPredicate.exact(PodCel.lines(clauses), PspValues.psp(psp) + sentence
                        + " (securityContext.seccompProfile, seccomp annotations)."));
            }
        };
    }

    /** The annotation form of an appArmorProfile field (a CEL map), as PSP's rule reads it. */
    static String appArmorAnnotation(String f) {
        return "(!has(" + f + ".type) ? '' : " + f + ".type == 'RuntimeDefault' ? 'runtime/default' : " + f
                + ".type == 'Localhost' ? 'localhost/' + " + orEmpty(f, "localhostProfile") + " : " + f
                + ".type == 'Unconfined' ? 'unconfined' : " + f + ".type)";
    }

    /**
     * The AppArmor annotations: with allowedProfileNames, the pod's appArmorProfile (when set) and every container's
     * profiles (annotation and field; the pod field when it has neither) are allowed and some profile is set;
     * without, a defaultProfileName requires every container to have a profile, as PSP guaranteed one.
     */
    static CelRule appArmor() {
        return new CelRule() {
            @Override
            public String id() {
                return "appArmor";
            }

            @Override
            public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
                Optional<List<String>> names = PspValues.annotationList(psp, APPARMOR_ALLOWED);
                boolean defaulted = !PspValues.str(PspValues.annotations(psp).get(APPARMOR_DEFAULT)).isEmpty();
                String key = "(" + lit(APPARMOR_CONTAINER) + " + " + PodCel.containerName("c") + ")";
                String ann = annotation(key);
                String field = "c.securityContext.appArmorProfile";
                String hasField = has("c", "securityContext", "appArmorProfile");
                String hasPodField = has(SPEC, "securityContext", "appArmorProfile");
                String set = PodCel.or(ann + " != ''", hasField, hasPodField);
                if (names.isEmpty()) {
                    if (!defaulted) {
                        return Optional.empty();
                    }
                    return Optional.of(CelPredicate.exact(allContainers(set), PspValues.psp(psp)
                            + " defaulted the AppArmor profile, so every container must have one "
                            + "(securityContext.appArmorProfile or the container annotation)."));
                }
                List<String> allowed = names.get();
                String pod = "!(" + hasPodField + ") || "
                        + PodCel.in(appArmorAnnotation(POD_SC + ".appArmorProfile"), allowed);
                String annOk = allowed.contains("") ? PodCel.in(ann, allowed)
                        : PodCel.or(ann + " == ''", PodCel.in(ann, allowed));
                String fieldOk = PodCel.or("!(" + hasField + ")", PodCel.in(appArmorAnnotation(field), allowed));
                String container = PodCel.and(set, annOk, fieldOk);
                return Optional.of(CelPredicate.exact(PodCel.lines(List.of(pod, allContainers(container))),
                        PspValues.psp(psp) + " requires every container to have one of the AppArmor profiles "
                                + PodCel.list(allowed) + " (securityContext.appArmorProfile, AppArmor annotations)."));
            }
        };
    }
}
