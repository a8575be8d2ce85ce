package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The AppArmor annotations {@code apparmor.security.beta.kubernetes.io/allowedProfileNames} (comma-separated; absent:
 * any profile) and {@code defaultProfileName} (written into containers without a profile annotation). PSP predates the
 * appArmorProfile fields; psp2psa validates them as their annotation equivalents. Baseline and restricted need the
 * allowed list, with only runtime/default and localhost/* profiles.
 */
final class AppArmorRule extends AbstractRule {

    static final String ALLOWED_KEY = PspNames.APPARMOR_ALLOWED;
    static final String DEFAULT_KEY = PspNames.APPARMOR_DEFAULT;
    /** The runtime's default profile, as PSP and the annotations name it. */
    static final String RUNTIME_DEFAULT = "runtime/default";
    static final String CONTAINER_PREFIX = PspNames.APPARMOR_CONTAINER_PREFIX;

    AppArmorRule() {
        super("appArmor", List.of(), List.of(ALLOWED_KEY, DEFAULT_KEY), List.of("appArmorProfile"),
                "The AppArmor profiles containers may use (allowedProfileNames) and get (defaultProfileName).", false);
    }

    static Optional<List<String>> allowed(PodSecurityPolicy psp) {
        return Psps.profileNames(psp, ALLOWED_KEY);
    }

    static String defaultProfile(PodSecurityPolicy psp) {
        return Psps.annotation(psp, DEFAULT_KEY);
    }

    static boolean baselineValue(String p) {
        return p.isEmpty() || p.equals("runtime/default") || p.startsWith("localhost/");
    }

    /** The annotation form of an appArmorProfile field. */
    static String annotationFor(AppArmorProfile f) {
        String type = Nulls.str(f.getType());
        return switch (type) {
            case "RuntimeDefault" -> "runtime/default";
            case "Localhost" -> "localhost/" + Nulls.str(f.getLocalhostProfile());
            case "Unconfined" -> "unconfined";
            default -> type;
        };
    }

    @Override
    public List<String> configurationErrors(PodSecurityPolicy psp) {
        List<String> invalid = ProfileAnnotations.appArmorErrors(psp);
        if (!invalid.isEmpty()) {
            return invalid.stream().map(e -> "appArmor: " + e).toList();
        }
        if (allowed(psp).isPresent() && allowed(psp).get().stream().allMatch(String::isEmpty)) {
            return List.of("appArmor: allowedProfileNames names no profile, so every container is rejected "
                    + "(AppArmor profile must be set).");
        }
        return List.of();
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        if (level != Level.BASELINE) {
            return Optional.empty();
        }
        Optional<List<String>> names = allowed(psp);
        if (names.isEmpty()) {
            return Optional.of(new Block(ALLOWED_KEY, "unset", "appArmorProfile",
                    "The PSP has no allowedProfileNames annotation, so containers may run unconfined.",
                    pod -> setContainerProfile(pod, "unconfined")));
        }
        List<String> bad = names.get().stream().filter(p -> !baselineValue(p)).distinct().sorted().toList();
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        String profile = bad.get(0);
        return Optional.of(new Block(ALLOWED_KEY, Nulls.str(Psps.annotations(psp).get(ALLOWED_KEY)), "appArmorProfile",
                "The PSP lets containers use AppArmor profiles that baseline forbids: " + String.join(", ", bad) + ".",
                pod -> setContainerProfile(pod, profile)));
    }

    @Override
    public String baselineCondition() {
        return "\"runtime/default,\" (unset allowed); localhost/* also allowed (psp2psa: absent is out of baseline)";
    }

    @Override
    public String restrictedCondition() {
        return "\"runtime/default\" (no trailing comma); localhost/* also allowed (psp2psa: as baseline, PSS "
                + "restricted adds nothing)";
    }

    /**
     * The profiles containers may use, and whether they must have one. PSP compares names exactly, so a list always
     * restricts: PSS accepts any localhost profile.
     */
    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        Optional<List<String>> names = allowed(psp);
        if (names.isEmpty()) {
            return List.of();
        }
        List<java.util.function.Consumer<Pod>> profiles = new ArrayList<>();
        for (String p : List.of("localhost/psp2psa-witness", "runtime/default", "localhost/psp2psa-other",
                "unconfined")) {
            profiles.add(pod -> setContainerProfile(pod, p));
        }
        List<String> listed = new TreeSet<>(names.get()).stream().filter(p -> !p.isEmpty()).toList();
        return List.of(new Gaps.Part("AppArmor profiles limited to " + Gaps.list(listed), profiles),
                new Gaps.Part("an AppArmor profile must be set", pod -> { }));
    }

    private static void setContainerProfile(Pod pod, String profile) {
        Pods.annotations(pod, true).put(CONTAINER_PREFIX + Pods.containers(pod).get(0).name(), profile);
    }

    @Override
    public void prepare(PodSecurityPolicy psp, Pod pod) {
        Optional<List<String>> names = allowed(psp);
        if (names.isEmpty()) {
            return;
        }
        String def = defaultProfile(psp);
        if (!def.isEmpty() && names.get().contains(def)) {
            return;
        }
        names.get().stream().filter(p -> p.equals("runtime/default")).findFirst()
                .or(() -> names.get().stream().filter(p -> !p.isEmpty() && baselineValue(p)).findFirst())
                .or(() -> names.get().stream().filter(p -> !p.isEmpty()).findFirst())
                .ifPresent(p -> {
                    for (Pods.Ref c : Pods.containers(pod)) {
                        Pods.annotations(pod, true).put(CONTAINER_PREFIX + c.name(), p);
                    }
                });
    }

    @Override
    public boolean mayMutate() {
        return true;
    }

    @Override
    public List<PspDefault> mutations(PodSecurityPolicy psp) {
        String def = defaultProfile(psp);
        return def.isEmpty() ? List.of()
                : List.of(mutation(DEFAULT_KEY, "metadata.annotations[" + CONTAINER_PREFIX + "*]", def));
    }

    @Override
    public void mutate(PodSecurityPolicy psp, Pod pod) {
        String def = defaultProfile(psp);
        if (def.isEmpty()) {
            return;
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            String key = CONTAINER_PREFIX + c.name();
            if (Nulls.str(Pods.annotations(pod, false).get(key)).isEmpty()) {
                Pods.annotations(pod, true).put(key, def);
            }
        }
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> errors = new ArrayList<>();
        Map<String, String> annotations = Pods.annotations(pod, false);
        Set<String> names = Pods.containers(pod).stream().map(Pods.Ref::name).collect(Collectors.toSet());
        for (String key : new TreeSet<>(annotations.keySet())) {
            if (key.startsWith(CONTAINER_PREFIX) && !names.contains(key.substring(CONTAINER_PREFIX.length()))) {
                errors.add(Pods.invalid("metadata.annotations[" + key + "]", key.substring(CONTAINER_PREFIX.length()),
                        "container not found (API validation)"));
            }
        }
        Optional<List<String>> allowed = allowed(psp);
        if (allowed.isEmpty()) {
            return errors;
        }
        List<String> list = allowed.get();
        String text = Nulls.str(Psps.annotations(psp).get(ALLOWED_KEY));
        PodSecurityContext podSc = Pods.podSc(pod, false);
        AppArmorProfile podField = podSc == null ? null : podSc.getAppArmorProfile();
        if (podField != null && !list.contains(annotationFor(podField))) {
            errors.add(Pods.forbidden("spec.securityContext.appArmorProfile", annotationFor(podField)
                    + " is not an allowed profile. Allowed values: \"" + text + "\""));
        }
        for (Pods.Ref c : Pods.containers(pod)) {
            String key = CONTAINER_PREFIX + c.name();
            String path = "metadata.annotations[" + key + "]";
            List<String> profiles = new ArrayList<>();
            String annotation = Nulls.str(annotations.get(key));
            if (!annotation.isEmpty()) {
                profiles.add(annotation);
            }
            AppArmorProfile field = c.sc() == null ? null : c.sc().getAppArmorProfile();
            if (field != null) {
                profiles.add(annotationFor(field));
            }
            if (profiles.isEmpty() && podField != null) {
                profiles.add(annotationFor(podField));
            }
            if (profiles.isEmpty()) {
                errors.add(Pods.forbidden(path, "AppArmor profile must be set"));
            }
            for (String p : profiles) {
                if (!list.contains(p)) {
                    errors.add(Pods.forbidden(path, p + " is not an allowed profile. Allowed values: \"" + text + "\""));
                }
            }
        }
        return errors;
    }

    /**
     * With allowedProfileNames, the pod's appArmorProfile (when set) and every container's profiles (annotation and
     * field; the pod field when it has neither) are allowed and some profile is set; without, a defaultProfileName
     * requires every container to have a profile, as PSP guaranteed one.
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        Optional<List<String>> names = allowed(psp);
        String key = "(" + PodCel.lit(CONTAINER_PREFIX) + " + " + PodCel.containerName("c") + ")";
        String ann = PodCel.annotation(key);
        String hasField = PodCel.has("c", "securityContext", "appArmorProfile");
        String hasPodField = PodCel.has(PodCel.SPEC, "securityContext", "appArmorProfile");
        String set = PodCel.or(ann + " != ''", hasField, hasPodField);
        // An unset profile gets the runtime's default one ("On supported hosts, the RuntimeDefault AppArmor profile
        // is applied by default", Kubernetes docs, Pod Security Standards, AppArmor): where PSP's default was that
        // profile, a container without one is no less confined, so it need not set it.
        boolean unsetIsTheDefault = RUNTIME_DEFAULT.equals(defaultProfile(psp));
        if (names.isEmpty()) {
            if (defaultProfile(psp).isEmpty() || unsetIsTheDefault) {
                return Optional.empty();
            }
            return Optional.of(CelPredicate.exact(PodCel.allContainers(set), Psps.named(psp)
                    + " defaulted the AppArmor profile, so every container must have one "
                    + "(securityContext.appArmorProfile or the container annotation)."));
        }
        List<String> allowed = names.get();
        String pod = "!(" + hasPodField + ") || "
                + PodCel.in(ProfileCel.appArmorAnnotation(PodCel.POD_SC + ".appArmorProfile"), allowed);
        String annOk = allowed.contains("") ? PodCel.in(ann, allowed)
                : PodCel.or(ann + " == ''", PodCel.in(ann, allowed));
        String fieldOk = PodCel.or("!(" + hasField + ")",
                PodCel.in(ProfileCel.appArmorAnnotation("c.securityContext.appArmorProfile"), allowed));
        boolean mayBeUnset = unsetIsTheDefault && allowed.contains(RUNTIME_DEFAULT);
        String each = mayBeUnset ? PodCel.and(annOk, fieldOk) : PodCel.and(set, annOk, fieldOk);
        return Optional.of(CelPredicate.exact(PodCel.lines(List.of(pod, PodCel.allContainers(each))),
                Psps.named(psp) + " requires every container to have " + (mayBeUnset ? "no AppArmor profile (the "
                        + "runtime default) or " : "") + "one of the AppArmor profiles " + PodCel.list(allowed)
                        + " (securityContext.appArmorProfile, AppArmor annotations)."));
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPAppArmor"));
    }

    /** The profiles any PSP allows; empty when some PSP has no allow-list. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        return LibraryValues.allowedProfiles(psps, ALLOWED_KEY);
    }
}
