package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.nonNull;
import static dev.psp2psa.pss.CheckSupport.pluralize;
import static dev.psp2psa.pss.CheckSupport.str;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code restrictedVolumes} (restricted, v1.0+): only configMap, csi, downwardAPI, emptyDir, ephemeral, image,
 * persistentVolumeClaim, projected and secret volumes are allowed; it replaces {@code hostPathVolumes} at the
 * restricted level. Upstream patched the {@code image} allowance (Kubernetes 1.33) into its single v1.0
 * revision. A volume that names no source at all is the API server's implicit emptyDir.
 */
public final class RestrictedVolumesCheck extends AbstractCheck {

    private static final List<Function<Volume, Object>> ALLOWED = List.of(Volume::getConfigMap, Volume::getCsi,
            Volume::getDownwardAPI, Volume::getEmptyDir, Volume::getEphemeral, Volume::getImage,
            Volume::getPersistentVolumeClaim, Volume::getProjected, Volume::getSecret);

    /** The restricted volume types, in the order PSA names the first one a volume sets. */
    private static final Map<String, Function<Volume, Object>> RESTRICTED = restricted();

    public RestrictedVolumesCheck() {
        super("restrictedVolumes", Level.RESTRICTED, "hostPathVolumes",
                "Volume types other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, "
                        + "persistentVolumeClaim, projected and secret are forbidden.",
                0);
    }

    private static Map<String, Function<Volume, Object>> restricted() {
        Map<String, Function<Volume, Object>> m = new LinkedHashMap<>();
        m.put("hostPath", Volume::getHostPath);
        m.put("gcePersistentDisk", Volume::getGcePersistentDisk);
        m.put("awsElasticBlockStore", Volume::getAwsElasticBlockStore);
        m.put("gitRepo", Volume::getGitRepo);
        m.put("nfs", Volume::getNfs);
        m.put("iscsi", Volume::getIscsi);
        m.put("glusterfs", Volume::getGlusterfs);
        m.put("rbd", Volume::getRbd);
        m.put("flexVolume", Volume::getFlexVolume);
        m.put("cinder", Volume::getCinder);
        m.put("cephfs", Volume::getCephfs);
        m.put("flocker", Volume::getFlocker);
        m.put("fc", Volume::getFc);
        m.put("azureFile", Volume::getAzureFile);
        m.put("vsphereVolume", Volume::getVsphereVolume);
        m.put("quobyte", Volume::getQuobyte);
        m.put("azureDisk", Volume::getAzureDisk);
        m.put("photonPersistentDisk", Volume::getPhotonPersistentDisk);
        m.put("portworxVolume", Volume::getPortworxVolume);
        m.put("scaleIO", Volume::getScaleIO);
        m.put("storageos", Volume::getStorageos);
        return m;
    }

    /** Whether the volume sets no source, known or unknown: the API server defaults it to an emptyDir. */
    private static boolean implicitEmptyDir(Volume v) {
        return ALLOWED.stream().allMatch(f -> f.apply(v) == null)
                && RESTRICTED.values().stream().allMatch(f -> f.apply(v) == null)
                && (v.getAdditionalProperties() == null || v.getAdditionalProperties().isEmpty());
    }

    private static String restrictedType(Volume v) {
        for (Map.Entry<String, Function<Volume, Object>> e : RESTRICTED.entrySet()) {
            if (e.getValue().apply(v) != null) {
                return e.getKey();
            }
        }
        return "unknown";
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        List<String> badVolumes = new ArrayList<>();
        TreeSet<String> badTypes = CheckSupport.sortedSet();
        for (Volume v : nonNull(spec.getVolumes())) {
            if (v == null || ALLOWED.stream().anyMatch(f -> f.apply(v) != null) || implicitEmptyDir(v)) {
                continue;
            }
            badVolumes.add(str(v.getName()));
            badTypes.add(restrictedType(v));
        }
        if (badVolumes.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("restricted volume types", String.format("%s %s %s %s %s",
                pluralize("volume", "volumes", badVolumes.size()), joinQuote(badVolumes),
                pluralize("uses", "use", badVolumes.size()),
                pluralize("restricted volume type", "restricted volume types", badTypes.size()),
                joinQuote(badTypes)));
    }
}
