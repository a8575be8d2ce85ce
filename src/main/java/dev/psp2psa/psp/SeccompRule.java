package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The seccomp annotations {@code seccomp.security.alpha.kubernetes.io/allowedProfileNames} (comma-separated; {@code *}
 * allows any; an empty item allows an unset profile; absent: pods may set no profile) and {@code defaultProfileName}
 * (written into pods that set no pod-level profile). Profiles are compared in annotation form; the securityContext
 * fields count as their annotation equivalents. PSP writes only the pod annotation ({@code MutatePod} with
 * {@code Generate}, which translates a pod-level field into its annotation); the API server's annotation/field copy
 * runs after PSP admission ({@link PodCreate#prepareForCreate}).
 */
final class SeccompRule extends AbstractRule {

    static final String ALLOWED_KEY = PspNames.SECCOMP_ALLOWED;
    static final String DEFAULT_KEY = PspNames.SECCOMP_DEFAULT;
    static final String POD_KEY = PspNames.SECCOMP_POD;
    static final String CONTAINER_PREFIX = PspNames.SECCOMP_CONTAINER_PREFIX;
    static final String ALLOW_ANY = "*";
    static final Version FIELDS_SINCE = Version.of(19);

    SeccompRule() {
        super("seccomp", List.of(), List.of(ALLOWED_KEY, DEFAULT_KEY),
                List.of("seccompProfile_baseline", "seccompProfile_restricted"),
                "The seccomp profiles pods may use (allowedProfileNames) and get (defaultProfileName).", false);
    }

    static final String RUNTIME_DEFAULT = "runtime/default";
    static final String DOCKER_DEFAULT = "docker/default";

    /**
     * The allowed profile names, split on commas as PSP does, with {@code docker/default} and
     * {@code runtime/default} each allowing the other; empty when the annotation is absent. The alias is
     * {@code NewStrategy} in {@code pkg/security/podsecuritypolicy/seccomp/strategy.go} since
     * kubernetes/kubernetes#95985 (1.20, cherry-picked to 1.19 as #95990), which fixed #95817: the API server
     * converts {@code docker/default} to {@code RuntimeDefault}, so a PSP listing either must admit both.
     */
    static Optional<List<String>> allowed(PodSecurityPolicy psp) {
        return Psps.profileNames(psp, ALLOWED_KEY).map(SeccompRule::withAlias);
    }

    /** The names with the runtime-default alias added when one of the pair is listed. */
    static List<String> withAlias(List<String> names) {
        boolean listed = names.contains(RUNTIME_DEFAULT) || names.contains(DOCKER_DEFAULT);
        if (!listed || (names.contains(RUNTIME_DEFAULT) && names.contains(DOCKER_DEFAULT))) {
            return names;
        }
        List<String> out = new ArrayList<>(names);
        out.add(names.contains(RUNTIME_DEFAULT) ? DOCKER_DEFAULT : RUNTIME_DEFAULT);
        return List.copyOf(out);
    }

    static String defaultProfile(PodSecurityPolicy psp) {
        return Psps.annotation(psp, DEFAULT_KEY);
    }

    /** Whether a profile name is a confined profile that PSS accepts in either form. */
    static boolean confined(String p) {
        return p.equals("runtime/default") || p.equals("docker/default") || p.startsWith("localhost/");
    }

    /** The annotation form of a seccomp field, as the API server derives it; empty when it has none. */
    static String annotationFor(SeccompProfile f) {
        String type = Nulls.str(f.getType());
        return switch (type) {
            case "Unconfined" -> "unconfined";
            case "RuntimeDefault" -> "runtime/default";
            case "Localhost" -> f.getLocalhostProfile() == null ? "" : "localhost/" + f.getLocalhostProfile();
            default -> "";
        };
    }

    /** The field form of an annotation value; {@code null} when the value has none. */
    static SeccompProfile fieldFor(String annotation) {
        if (annotation.equals("unconfined")) {
            return new SeccompProfile(null, "Unconfined");
        }
        if (annotation.equals("runtime/default") || annotation.equals("docker/default")) {
            return new SeccompProfile(null, "RuntimeDefault");
        }
        if (annotation.startsWith("localhost/")) {
            return new SeccompProfile(annotation.substring("localhost/".length()), "Localhost");
        }
        return null;
    }

    @Override
    public List<String> configurationErrors(PodSecurityPolicy psp) {
        List<String> invalid = ProfileAnnotations.seccompErrors(psp);
        if (!invalid.isEmpty()) {
            return invalid.stream().map(e -> "seccomp: " + e).toList();
        }
        String def = defaultProfile(psp);
        if (allowed(psp).isEmpty() && !def.isEmpty()) {
            return List.of("seccomp: a defaultProfileName without allowedProfileNames rejects every pod "
                    + "(seccomp may not be set).");
        }
        List<String> names = allowed(psp).orElse(List.of());
        if (allowed(psp).isPresent() && !names.contains(ALLOW_ANY) && !defaultWorks(psp, names)
                && preferred(names).isEmpty()) {
            return List.of("seccomp: neither the default nor any allowed profile can pass once the API server has "
                    + "copied it into the seccompProfile fields, so every pod is rejected.");
        }
        return List.of();
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        List<String> names = allowed(psp).orElse(List.of());
        boolean fields = target.atLeast(FIELDS_SINCE);
        if (level == Level.BASELINE) {
            List<String> bad = names.stream().filter(p -> p.equals(ALLOW_ANY) || p.equals("unconfined")
                    || (!fields && !p.isEmpty() && !confined(p))).distinct().sorted().toList();
            if (bad.isEmpty()) {
                return Optional.empty();
            }
            String profile = bad.contains("unconfined") || bad.contains(ALLOW_ANY) ? "unconfined" : bad.get(0);
            return Optional.of(new Block(ALLOWED_KEY, Nulls.str(Psps.annotations(psp).get(ALLOWED_KEY)),
                    "seccompProfile_baseline",
                    "The PSP lets pods use seccomp profiles that baseline forbids: " + String.join(", ", bad) + ".",
                    pod -> setPodProfile(pod, profile)));
        }
        if (!fields || !configurationErrors(psp).isEmpty()) {
            return Optional.empty();
        }
        List<String> bad = names.stream().filter(p -> !p.isEmpty() && !p.equals(ALLOW_ANY) && !confined(p))
                .distinct().sorted().toList();
        if (!bad.isEmpty()) {
            String profile = bad.get(0);
            return Optional.of(new Block(ALLOWED_KEY, Nulls.str(Psps.annotations(psp).get(ALLOWED_KEY)),
                    "seccompProfile_restricted",
                    "The PSP lets pods use seccomp profiles other than runtime/default and localhost/*: "
                            + String.join(", ", bad) + ".",
                    pod -> setPodProfile(pod, profile)));
        }
        boolean unsetAdmitted = defaultProfile(psp).isEmpty() && (allowed(psp).isEmpty() || names.contains(""));
        if (unsetAdmitted) {
            String value = allowed(psp).isPresent() ? Nulls.str(Psps.annotations(psp).get(ALLOWED_KEY)) : "unset";
            return Optional.of(new Block(ALLOWED_KEY, value, "seccompProfile_restricted",
                    allowed(psp).isPresent()
                            ? "The PSP admits pods that set no seccomp profile (an empty allowed name) and sets no default."
                            : "The PSP has no allowedProfileNames annotation, so pods run without a seccomp profile.",
                    pod -> { }));
        }
        return Optional.empty();
    }

    @Override
    public String baselineCondition() {
        return "\"runtime/default,\" (unset allowed); localhost/* also allowed (psp2psa: the API server rejects a "
                + "seccomp list with an empty item, so the trailing comma is a configuration error; an absent "
                + "annotation is within baseline, PSP then admits only unset profiles)";
    }

    @Override
    public String restrictedCondition() {
        return "\"runtime/default\" (no trailing comma); localhost/* also allowed";
    }

    /**
     * The profiles pods may set, and whether they must set one. PSP compares names exactly, so a list without
     * {@code *} always restricts: PSS accepts any localhost profile.
     */
    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        Optional<List<String>> names = allowed(psp);
        List<java.util.function.Consumer<Pod>> profiles = new ArrayList<>();
        for (String p : List.of("localhost/psp2psa-witness", "runtime/default", "localhost/psp2psa-other",
                "unconfined")) {
            profiles.add(pod -> setPodProfile(pod, p));
        }
        if (names.isEmpty()) {
            return List.of(new Gaps.Part("pods may not set a seccomp profile", profiles));
        }
        if (names.get().contains(ALLOW_ANY)) {
            return List.of();
        }
        List<String> listed = new java.util.TreeSet<>(names.get()).stream().filter(p -> !p.isEmpty()).toList();
        return List.of(new Gaps.Part("seccomp profiles limited to " + Gaps.list(listed), profiles),
                new Gaps.Part("a seccomp profile must be set", pod -> {
                    Pods.podSc(pod, true).setSeccompProfile(null);
                    Pods.annotations(pod, true).remove(POD_KEY);
                }));
    }

    /** Sets the pod-level profile in annotation and field form. */
    static void setPodProfile(Pod pod, String profile) {
        Pods.annotations(pod, true).put(POD_KEY, profile);
        Pods.podSc(pod, true).setSeccompProfile(fieldFor(profile));
    }

    @Override
    public void prepare(PodSecurityPolicy psp, Pod pod) {
        Optional<List<String>> names = allowed(psp);
        if (names.isEmpty() || names.get().contains(ALLOW_ANY)) {
            return;
        }
        if (defaultWorks(psp, names.get())) {
            return;
        }
        preferred(names.get()).ifPresent(p -> setPodProfile(pod, p));
    }

    /**
     * Whether a pod that sets no profile passes once mutated: the default (or, without one, the unset profile) is
     * allowed. A docker/default default reaches containers as runtime/default once the API server has copied it into
     * the pod's seccompProfile field; the alias of {@link #allowed} allows that too.
     */
    private static boolean defaultWorks(PodSecurityPolicy psp, List<String> names) {
        String def = defaultProfile(psp);
        if (def.isEmpty()) {
            return names.contains("");
        }
        return names.contains(def);
    }

    /** The allowed profile a pod should pick: runtime/default, else a localhost one, else any other set one. */
    private static Optional<String> preferred(List<String> names) {
        return names.stream().filter(p -> p.equals(RUNTIME_DEFAULT)).findFirst()
                .or(() -> names.stream().filter(p -> p.startsWith("localhost/")).findFirst())
                .or(() -> names.stream().filter(p -> !p.isEmpty()).findFirst());
    }

    @Override
    public boolean mayMutate() {
        return true;
    }

    @Override
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        String def = defaultProfile(psp);
        if (def.isEmpty()) {
            return List.of();
        }
        List<PspDefault> list = new ArrayList<>();
        list.add(mutation(DEFAULT_KEY, "metadata.annotations[" + POD_KEY + "]", def));
        SeccompProfile f = fieldFor(def);
        if (f != null) {
            list.add(mutation(DEFAULT_KEY, "spec.securityContext.seccompProfile", f.getLocalhostProfile() == null
                    ? "{type:" + f.getType() + "}"
                    : "{type:" + f.getType() + ",localhostProfile:" + f.getLocalhostProfile() + "}"));
        }
        return list;
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
        Map<String, String> annotations = Pods.annotations(pod, false);
        PodSecurityContext podSc = Pods.podSc(pod, false);
        String generated = Nulls.str(annotations.get(POD_KEY));
        if (generated.isEmpty() && podSc != null && podSc.getSeccompProfile() != null) {
            generated = annotationFor(podSc.getSeccompProfile());
        }
        if (generated.isEmpty()) {
            generated = defaultProfile(psp);
        }
        if (!generated.isEmpty()) {
            Pods.annotations(pod, true).put(POD_KEY, generated);
        }
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        Optional<List<String>> names = allowed(psp);
        boolean allowAny = names.map(n -> n.contains(ALLOW_ANY)).orElse(false);
        List<String> profiles = names.map(n -> n.stream().filter(p -> !p.equals(ALLOW_ANY)).toList())
                .orElse(List.of());
        String allowedText = Nulls.str(Psps.annotations(psp).get(ALLOWED_KEY));
        Map<String, String> annotations = Pods.annotations(pod, false);
        PodSecurityContext podSc = Pods.podSc(pod, false);
        SeccompProfile podField = podSc == null ? null : podSc.getSeccompProfile();

        String podPath = "metadata.annotations[" + POD_KEY + "]";
        String podProfile = Nulls.str(annotations.get(POD_KEY));
        if (podProfile.isEmpty() && podField != null) {
            podProfile = annotationFor(podField);
        }
        if (podField != null && annotations.containsKey(POD_KEY)
                && !annotationFor(podField).equals(Nulls.str(annotations.get(POD_KEY)))
                && !(annotationFor(podField).equals("runtime/default")
                        && Nulls.str(annotations.get(POD_KEY)).equals("docker/default"))) {
            errors.add(Pods.forbidden(podPath, "seccomp annotation and field must match (API validation)"));
        }
        check(podPath, podProfile, allowAny, profiles, allowedText, errors);

        for (Pods.Ref c : Pods.containers(pod)) {
            String key = CONTAINER_PREFIX + c.name();
            String path = "metadata.annotations[" + key + "]";
            SecurityContext sc = c.sc();
            String profile;
            if (sc != null && sc.getSeccompProfile() != null) {
                profile = annotationFor(sc.getSeccompProfile());
                if (annotations.containsKey(key) && !profile.equals(Nulls.str(annotations.get(key)))
                        && !(profile.equals("runtime/default") && Nulls.str(annotations.get(key)).equals("docker/default"))) {
                    errors.add(Pods.forbidden(path, "seccomp annotation and field must match (API validation)"));
                }
            } else if (annotations.containsKey(key)) {
                profile = Nulls.str(annotations.get(key));
            } else if (podField != null) {
                profile = annotationFor(podField);
            } else {
                profile = Nulls.str(annotations.get(POD_KEY));
            }
            check(path, profile, allowAny, profiles, allowedText, errors);
        }
        return errors;
    }

    private static void check(String path, String profile, boolean allowAny, List<String> profiles,
            String allowedText, List<String> errors) {
        if (!allowAny && profiles.isEmpty() && !profile.isEmpty()) {
            errors.add(Pods.forbidden(path, "seccomp may not be set"));
            return;
        }
        boolean ok = (profiles.isEmpty() && profile.isEmpty()) || allowAny || profiles.contains(profile);
        if (!ok) {
            errors.add(Pods.forbidden(path, profile + " is not an allowed seccomp profile. Valid values are "
                    + allowedText));
        }
    }

    /**
     * The pod's profile and every container's profile are allowed ({@code *}: any; no allowedProfileNames: none may
     * be set); with a defaultProfileName every container's profile must be set, as PSP guaranteed one.
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        Optional<List<String>> names = allowed(psp);
        boolean any = names.map(n -> n.contains(ALLOW_ANY)).orElse(false);
        boolean defaulted = !defaultProfile(psp).isEmpty();
        if (any && !defaulted) {
            return Optional.empty();
        }
        List<String> clauses = new ArrayList<>();
        String sentence;
        if (any) {
            clauses.add(PodCel.allContainers(ProfileCel.seccompContainerProfile() + " != ''"));
            sentence = " defaulted the seccomp profile, so every container must have one";
        } else {
            TreeSet<String> profiles = new TreeSet<>(names.orElse(List.of("")));
            clauses.add(PodCel.in(ProfileCel.seccompPodProfile(), profiles));
            if (defaulted) {
                profiles.remove("");
            }
            clauses.add(PodCel.allContainers(PodCel.in(ProfileCel.seccompContainerProfile(), profiles)));
            sentence = names.isEmpty() ? " allows no seccomp profile to be set"
                    : " allows only the seccomp profiles " + PodCel.list(names.get())
                            + (defaulted ? " and requires every container to have one" : "");
        }
        return Optional.of(CelPredicate.exact(PodCel.lines(clauses), Psps.named(psp) + sentence
                + " (securityContext.seccompProfile, seccomp annotations)."));
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPSeccomp"));
    }

    /** The profiles any PSP allows (with the runtime-default alias); empty when some PSP has no allow-list. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        return LibraryValues.allowedProfiles(psps, ALLOWED_KEY, SeccompRule::withAlias);
    }
}
