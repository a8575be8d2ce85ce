package dev.psp2psa.psp;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedFlexVolume;
import io.fabric8.kubernetes.api.model.policy.v1beta1.AllowedHostPath;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code volumes}: the volume types pods may use. Baseline: neither {@code hostPath} nor {@code *}; restricted: only
 * configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret (and {@code none},
 * which allows no volume).
 */
final class VolumesRule extends AbstractRule {

    static final Set<String> RESTRICTED = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret", VolumeTypes.NONE);

    VolumesRule() {
        super("volumes", List.of("volumes"), List.of(), List.of("hostPathVolumes", "restrictedVolumes"),
                "The volume types pods may use.", false);
    }

    @Override
    public Optional<Block> block(PodSecurityPolicy psp, Level level, Version target) {
        List<String> volumes = Psps.strings(Psps.spec(psp).getVolumes());
        if (level == Level.BASELINE) {
            if (!volumes.contains("hostPath") && !volumes.contains(VolumeTypes.ALL)) {
                return Optional.empty();
            }
            String value = volumes.contains(VolumeTypes.ALL) ? VolumeTypes.ALL : "hostPath";
            String path = hostPathFor(psp);
            return Optional.of(new Block("volumes", value, "hostPathVolumes",
                    "The PSP admits hostPath volumes (volumes contains " + value + ").",
                    pod -> {
                        Volume v = VolumeTypes.volume("host", "hostPath");
                        v.getHostPath().setPath(path);
                        addVolume(pod, v);
                    }));
        }
        List<String> bad = new TreeSet<>(volumes).stream()
                .filter(t -> !RESTRICTED.contains(t) && VolumeTypes.known(t)).toList();
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        String type = bad.get(0);
        String flexDriver = Psps.list(Psps.spec(psp).getAllowedFlexVolumes()).stream()
                .map(AllowedFlexVolume::getDriver).filter(d -> d != null && !d.isEmpty()).findFirst().orElse(null);
        return Optional.of(new Block("volumes", Psps.text(bad), "restrictedVolumes",
                "The PSP admits volume types that restricted forbids: " + String.join(", ", bad) + ".", pod -> {
                    Volume v = VolumeTypes.volume("data", type);
                    if (v.getFlexVolume() != null && flexDriver != null) {
                        v.getFlexVolume().setDriver(flexDriver);
                    }
                    addVolume(pod, v);
                }));
    }

    /** The volume types PSS restricted allows, image included (which PSP does not know). */
    static final List<String> PSS_RESTRICTED = List.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "image", "persistentVolumeClaim", "projected", "secret");

    @Override
    public String baselineCondition() {
        return "anything except hostPath and *";
    }

    @Override
    public String restrictedCondition() {
        return "subset of configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret "
                + "(psp2psa: also none / empty, which allow no volume)";
    }

    /**
     * The known volume types the PSP does not list and a pod at the level may use. Image volumes are out of scope
     * (see {@link Gaps#inScope}), so {@code *} restricts nothing.
     */
    @Override
    List<Gaps.Part> gapParts(PodSecurityPolicy psp, Level level, Version target) {
        List<String> allowed = Psps.strings(Psps.spec(psp).getVolumes());
        if (allowed.contains(VolumeTypes.ALL)) {
            return List.of();
        }
        TreeSet<String> listed = new TreeSet<>(allowed.stream().filter(VolumeTypes::known).toList());
        List<java.util.function.Consumer<Pod>> probes = new TreeSet<>(VolumeTypes.names()).stream()
                .filter(t -> !listed.contains(t))
                .<java.util.function.Consumer<Pod>>map(t -> pod -> addVolume(pod, VolumeTypes.volume("data", t)))
                .toList();
        String text = listed.isEmpty() ? "pods may use no volumes" : "volumes limited to " + Gaps.list(listed);
        if (level == Level.RESTRICTED) {
            List<String> also = PSS_RESTRICTED.stream().filter(t -> !listed.contains(t)).toList();
            text += " (restricted " + (listed.isEmpty() ? "" : "also ") + "allows " + Gaps.list(also) + ")";
        } else if (level == Level.BASELINE) {
            text += " (baseline allows every type but hostPath)";
        }
        return List.of(new Gaps.Part(text, probes));
    }

    /** A host path that the PSP's allowedHostPaths admit: the first prefix, or /var/log when any path is allowed. */
    static String hostPathFor(PodSecurityPolicy psp) {
        return Psps.list(Psps.spec(psp).getAllowedHostPaths()).stream()
                .map(AllowedHostPath::getPathPrefix).filter(p -> p != null && !p.isEmpty())
                .findFirst().orElse("/var/log");
    }

    static void addVolume(Pod pod, Volume v) {
        List<Volume> volumes = new ArrayList<>(Nulls.nonNull(pod.getSpec().getVolumes()));
        volumes.add(v);
        pod.getSpec().setVolumes(volumes);
    }

    @Override
    public List<String> validate(PodSecurityPolicy psp, Pod pod) {
        List<String> allowed = Psps.strings(Psps.spec(psp).getVolumes());
        boolean all = allowed.contains(VolumeTypes.ALL);
        List<String> errors = new ArrayList<>();
        List<Volume> volumes = Nulls.nonNull(pod.getSpec().getVolumes());
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            if (v == null) {
                continue;
            }
            String path = "spec.volumes[" + i + "]";
            Optional<String> type = VolumeTypes.typeOf(v);
            if (type.isEmpty()) {
                errors.add(Pods.invalid(path, "", "unknown volume type"));
            } else if (!all && !allowed.contains(type.get()) && !tokenVolumeAllowed(allowed, v)) {
                errors.add(Pods.invalid(path, type.get(), type.get() + " volumes are not allowed to be used"));
            }
        }
        return errors;
    }

    /**
     * The exception of {@code allowsVolumeType} in {@code pkg/security/podsecuritypolicy/provider.go}
     * (kubernetes/kubernetes#92006, 1.19): where {@code secret} volumes are allowed, so is a projected volume made
     * only of what the ServiceAccount admission's token volume exposes ({@link #isOnlyServiceAccountTokenSources}).
     */
    static boolean tokenVolumeAllowed(List<String> allowed, Volume v) {
        return allowed.contains("secret") && v.getProjected() != null
                && isOnlyServiceAccountTokenSources(v.getProjected());
    }

    /**
     * {@code IsOnlyServiceAccountTokenSources} of {@code pkg/security/podsecuritypolicy/util/util.go}: every source
     * is a service account token at path {@code token} without audience, the {@code kube-root-ca.crt} ConfigMap, or
     * downward API items that are only {@code namespace} from {@code metadata.namespace} (fieldRef apiVersion
     * {@code v1}, which {@code SetDefaults_ObjectFieldSelector} writes when it is empty).
     */
    static boolean isOnlyServiceAccountTokenSources(ProjectedVolumeSource projected) {
        for (VolumeProjection s : Nulls.nonNull(projected.getSources())) {
            if (s == null || (s.getServiceAccountToken() == null && s.getConfigMap() == null
                    && s.getDownwardAPI() == null)) {
                return false;
            }
            ServiceAccountTokenProjection t = s.getServiceAccountToken();
            if (t != null && (!Nulls.str(t.getPath()).equals("token") || !Nulls.str(t.getAudience()).isEmpty())) {
                return false;
            }
            if (s.getConfigMap() != null && !Nulls.str(s.getConfigMap().getName()).equals("kube-root-ca.crt")) {
                return false;
            }
            if (s.getDownwardAPI() != null) {
                for (DownwardAPIVolumeFile d : Nulls.nonNull(s.getDownwardAPI().getItems())) {
                    if (d == null || !Nulls.str(d.getPath()).equals("namespace") || d.getFieldRef() == null
                            || !apiVersion(d.getFieldRef().getApiVersion()).equals("v1")
                            || !Nulls.str(d.getFieldRef().getFieldPath()).equals("metadata.namespace")) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static String apiVersion(String v) {
        return v == null || v.isEmpty() ? "v1" : v;
    }

    /** {@link #isOnlyServiceAccountTokenSources} of volume {@code v} as CEL. */
    static String celOnlyServiceAccountTokenSources() {
        String sat = "s.serviceAccountToken";
        String item = "(has(d.path) ? d.path : '') == 'namespace' && has(d.fieldRef) && "
                + "(has(d.fieldRef.apiVersion) && d.fieldRef.apiVersion != '' ? d.fieldRef.apiVersion : 'v1') == 'v1'"
                + " && "
                + "(has(d.fieldRef.fieldPath) ? d.fieldRef.fieldPath : '') == 'metadata.namespace'";
        String source = "(has(" + sat + ") || has(s.configMap) || has(s.downwardAPI))"
                + " && (!has(" + sat + ") || ((has(" + sat + ".path) ? " + sat + ".path : '') == 'token'"
                + " && (has(" + sat + ".audience) ? " + sat + ".audience : '') == ''))"
                + " && (!has(s.configMap) || (has(s.configMap.name) ? s.configMap.name : '') == 'kube-root-ca.crt')"
                + " && (!has(s.downwardAPI) || !has(s.downwardAPI.items) || s.downwardAPI.items.all(d, " + item + "))";
        return "has(v.projected) && (!has(v.projected.sources) || v.projected.sources.all(s, " + source + "))";
    }

    /**
     * Every volume's source is an allowed type. With {@code *}, only sources PSP does not know (the image volume
     * source) fail. A volume has one source (API validation); the API server defaults a volume without one to
     * emptyDir.
     */
    @Override
    public Optional<CelPredicate> predicate(PodSecurityPolicy psp) {
        List<String> allowed = Psps.strings(Psps.spec(psp).getVolumes());
        if (allowed.contains(VolumeTypes.ALL)) {
            return Optional.of(CelPredicate.exact(PodCel.allVolumes("!has(v.image)"), Psps.named(psp)
                    + " allows every volume type PSP knows, which excludes image volumes (spec.volumes[*].image)."));
        }
        TreeSet<String> types = new TreeSet<>(allowed.stream().filter(VolumeTypes::known).toList());
        if (types.isEmpty()) {
            return Optional.of(CelPredicate.exact("!has(" + PodCel.SPEC + ".volumes) || size(" + PodCel.SPEC
                    + ".volumes) == 0", Psps.named(psp) + " allows no volumes (spec.volumes)."));
        }
        List<String> options = new ArrayList<>(types.stream()
                .map(t -> "has(v." + VolumeTypes.jsonKey(t) + ")").toList());
        boolean tokens = types.contains("secret") && !types.contains("projected");
        if (tokens) {
            options.add(celOnlyServiceAccountTokenSources());
        }
        return Optional.of(CelPredicate.exact(PodCel.allVolumes(PodCel.or(options)), Psps.named(psp)
                + " allows only the volume types " + PodCel.list(types)
                + (tokens ? " and projected service account token volumes" : "") + " (spec.volumes)."));
    }

    @Override
    public Optional<LibraryKind> libraryKind() {
        return Optional.of(LibraryKind.of("K8sPSPVolumeTypes"));
    }

    /** The volume types any PSP allows. */
    @Override
    public Optional<LibraryParameters> libraryParameters(List<PodSecurityPolicy> psps) {
        TreeSet<String> volumes = new TreeSet<>();
        psps.forEach(p -> volumes.addAll(Psps.list(Psps.spec(p).getVolumes())));
        return Optional.of(LibraryParameters.of(Map.of("volumes",
                List.copyOf(volumes.contains(VolumeTypes.ALL) ? List.of(VolumeTypes.ALL) : volumes))));
    }
}
