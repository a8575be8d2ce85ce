package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.AWSElasticBlockStoreVolumeSource;
import io.fabric8.kubernetes.api.model.AzureDiskVolumeSource;
import io.fabric8.kubernetes.api.model.AzureFileVolumeSource;
import io.fabric8.kubernetes.api.model.CSIVolumeSource;
import io.fabric8.kubernetes.api.model.CephFSVolumeSource;
import io.fabric8.kubernetes.api.model.CinderVolumeSource;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EphemeralVolumeSource;
import io.fabric8.kubernetes.api.model.FCVolumeSource;
import io.fabric8.kubernetes.api.model.FlexVolumeSource;
import io.fabric8.kubernetes.api.model.FlockerVolumeSource;
import io.fabric8.kubernetes.api.model.GCEPersistentDiskVolumeSource;
import io.fabric8.kubernetes.api.model.GitRepoVolumeSource;
import io.fabric8.kubernetes.api.model.GlusterfsVolumeSource;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.ISCSIVolumeSource;
import io.fabric8.kubernetes.api.model.NFSVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.PhotonPersistentDiskVolumeSource;
import io.fabric8.kubernetes.api.model.PortworxVolumeSource;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.QuobyteVolumeSource;
import io.fabric8.kubernetes.api.model.RBDVolumeSource;
import io.fabric8.kubernetes.api.model.ScaleIOVolumeSource;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.StorageOSVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VsphereVirtualDiskVolumeSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * PSP's volume type names (the {@code FSType} values of policy/v1beta1) and how a volume maps to one, as PSP's
 * GetVolumeFSType. A volume with no source is the API server's implicit emptyDir; a source PSP does not know (such
 * as {@code image}) has no type and PSP rejects it.
 */
final class VolumeTypes {

    static final String ALL = "*";
    static final String NONE = "none";

    private record Type(Function<Volume, Object> get, BiConsumer<Volume, Object> set, Supplier<Object> make) {
    }

    private static final Map<String, Type> TYPES = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    private static <T> void put(String name, Function<Volume, T> get, BiConsumer<Volume, T> set, Supplier<T> make) {
        TYPES.put(name, new Type(v -> get.apply(v), (v, o) -> set.accept(v, (T) o), () -> make.get()));
    }

    static {
        put("awsElasticBlockStore", Volume::getAwsElasticBlockStore, Volume::setAwsElasticBlockStore,
                () -> new AWSElasticBlockStoreVolumeSource());
        put("azureDisk", Volume::getAzureDisk, Volume::setAzureDisk,
                () -> new AzureDiskVolumeSource());
        put("azureFile", Volume::getAzureFile, Volume::setAzureFile,
                () -> new AzureFileVolumeSource());
        put("cephFS", Volume::getCephfs, Volume::setCephfs,
                () -> new CephFSVolumeSource());
        put("cinder", Volume::getCinder, Volume::setCinder, () -> new CinderVolumeSource());
        put("configMap", Volume::getConfigMap, Volume::setConfigMap,
                () -> new ConfigMapVolumeSource(null, null, "config", null));
        put("csi", Volume::getCsi, Volume::setCsi, () -> new CSIVolumeSource("csi.example.com", null, null, null, null));
        put("downwardAPI", Volume::getDownwardAPI, Volume::setDownwardAPI, DownwardAPIVolumeSource::new);
        put("emptyDir", Volume::getEmptyDir, Volume::setEmptyDir, EmptyDirVolumeSource::new);
        put("ephemeral", Volume::getEphemeral, Volume::setEphemeral, EphemeralVolumeSource::new);
        put("fc", Volume::getFc, Volume::setFc, () -> new FCVolumeSource());
        put("flexVolume", Volume::getFlexVolume, Volume::setFlexVolume,
                () -> new FlexVolumeSource("example.com/flex", null, null, null, null));
        put("flocker", Volume::getFlocker, Volume::setFlocker, () -> new FlockerVolumeSource());
        put("gcePersistentDisk", Volume::getGcePersistentDisk, Volume::setGcePersistentDisk,
                () -> new GCEPersistentDiskVolumeSource());
        put("gitRepo", Volume::getGitRepo, Volume::setGitRepo,
                () -> new GitRepoVolumeSource());
        put("glusterfs", Volume::getGlusterfs, Volume::setGlusterfs,
                () -> new GlusterfsVolumeSource());
        put("hostPath", Volume::getHostPath, Volume::setHostPath, () -> new HostPathVolumeSource("/var/log", null));
        put("iscsi", Volume::getIscsi, Volume::setIscsi,
                () -> new ISCSIVolumeSource());
        put("nfs", Volume::getNfs, Volume::setNfs, () -> new NFSVolumeSource());
        put("persistentVolumeClaim", Volume::getPersistentVolumeClaim, Volume::setPersistentVolumeClaim,
                () -> new PersistentVolumeClaimVolumeSource("claim", null));
        put("photonPersistentDisk", Volume::getPhotonPersistentDisk, Volume::setPhotonPersistentDisk,
                () -> new PhotonPersistentDiskVolumeSource());
        put("portworxVolume", Volume::getPortworxVolume, Volume::setPortworxVolume,
                () -> new PortworxVolumeSource());
        // A projected ConfigMap other than kube-root-ca.crt: a projected volume that the service-account-token
        // exception of VolumesRule does not cover.
        put("projected", Volume::getProjected, Volume::setProjected, () -> {
            ProjectedVolumeSource p = new ProjectedVolumeSource();
            VolumeProjection cm = new VolumeProjection();
            cm.setConfigMap(new ConfigMapProjection(null, "psp2psa-witness", null));
            p.setSources(new java.util.ArrayList<>(java.util.List.of(cm)));
            return p;
        });
        put("quobyte", Volume::getQuobyte, Volume::setQuobyte,
                () -> new QuobyteVolumeSource());
        put("rbd", Volume::getRbd, Volume::setRbd,
                () -> new RBDVolumeSource());
        put("scaleIO", Volume::getScaleIO, Volume::setScaleIO,
                () -> new ScaleIOVolumeSource());
        put("secret", Volume::getSecret, Volume::setSecret, () -> new SecretVolumeSource(null, null, null, "secret"));
        put("storageos", Volume::getStorageos, Volume::setStorageos,
                () -> new StorageOSVolumeSource());
        put("vsphereVolume", Volume::getVsphereVolume, Volume::setVsphereVolume,
                () -> new VsphereVirtualDiskVolumeSource());
    }

    private VolumeTypes() {
    }

    /** Whether PSP knows the type name (not counting {@code *} and {@code none}). */
    static boolean known(String type) {
        return TYPES.containsKey(type);
    }

    static java.util.Set<String> names() {
        return TYPES.keySet();
    }

    /** The pod's JSON key for the volume type's source: the type name, except {@code cephfs} for cephFS. */
    static String jsonKey(String type) {
        return type.equals("cephFS") ? "cephfs" : type;
    }

    /** The PSP type of a volume: the first source it sets; emptyDir when it sets none; empty when PSP knows none. */
    static Optional<String> typeOf(Volume v) {
        for (Map.Entry<String, Type> e : TYPES.entrySet()) {
            if (e.getValue().get().apply(v) != null) {
                return Optional.of(e.getKey());
            }
        }
        boolean anySource = v.getImage() != null
                || (v.getAdditionalProperties() != null && !v.getAdditionalProperties().isEmpty());
        return anySource ? Optional.empty() : Optional.of("emptyDir");
    }

    /** How many sources the volume sets, those PSP does not know (such as {@code image}) included. */
    static int sources(Volume v) {
        int n = 0;
        for (Type t : TYPES.values()) {
            if (t.get().apply(v) != null) {
                n++;
            }
        }
        if (v.getImage() != null) {
            n++;
        }
        if (v.getAdditionalProperties() != null) {
            n += v.getAdditionalProperties().size();
        }
        return n;
    }

    /** A volume of the type, named {@code name}, with placeholder source values. */
    static Volume volume(String name, String type) {
        Volume v = new Volume();
        v.setName(name);
        Type t = TYPES.get(type);
        t.set().accept(v, t.make().get());
        return v;
    }
}
