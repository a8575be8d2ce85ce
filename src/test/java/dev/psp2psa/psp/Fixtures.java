package dev.psp2psa.psp;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.FSGroupStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.RunAsUserStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.SELinuxStrategyOptions;
import io.fabric8.kubernetes.api.model.policy.v1beta1.SupplementalGroupsStrategyOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** PSPs and pods for the unit tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** The Kubernetes docs' "restricted" example PSP, in the table's terms. */
    static PodSecurityPolicy restricted() {
        PodSecurityPolicySpec s = new PodSecurityPolicySpec();
        s.setPrivileged(false);
        s.setAllowPrivilegeEscalation(false);
        s.setRequiredDropCapabilities(List.of("ALL"));
        s.setVolumes(List.of("configMap", "emptyDir", "projected", "secret", "downwardAPI", "csi",
                "persistentVolumeClaim", "ephemeral"));
        s.setHostNetwork(false);
        s.setHostIPC(false);
        s.setHostPID(false);
        s.setRunAsUser(new RunAsUserStrategyOptions(null, "MustRunAsNonRoot"));
        s.setSeLinux(new SELinuxStrategyOptions("MustRunAs", new SELinuxOptions(null, null, "container_t", null)));
        s.setSupplementalGroups(new SupplementalGroupsStrategyOptions(null, "RunAsAny"));
        s.setFsGroup(new FSGroupStrategyOptions(null, "RunAsAny"));
        s.setReadOnlyRootFilesystem(false);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SeccompRule.ALLOWED_KEY, "runtime/default");
        annotations.put(SeccompRule.DEFAULT_KEY, "runtime/default");
        annotations.put(AppArmorRule.ALLOWED_KEY, "runtime/default");
        annotations.put(AppArmorRule.DEFAULT_KEY, "runtime/default");
        PodSecurityPolicy psp = new PodSecurityPolicy();
        psp.setMetadata(new ObjectMeta());
        psp.getMetadata().setName("restricted");
        psp.getMetadata().setAnnotations(annotations);
        psp.setSpec(s);
        return psp;
    }

    static PodSecurityPolicy restricted(Consumer<PodSecurityPolicySpec> edit) {
        PodSecurityPolicy psp = restricted();
        edit.accept(psp.getSpec());
        return psp;
    }

    static PodSecurityPolicy annotated(String key, String value) {
        PodSecurityPolicy psp = restricted();
        if (value == null) {
            psp.getMetadata().getAnnotations().remove(key);
        } else {
            psp.getMetadata().getAnnotations().put(key, value);
        }
        return psp;
    }

    /** A permissive PSP: RunAsAny everywhere, every volume, no annotations. */
    static PodSecurityPolicy permissive() {
        PodSecurityPolicySpec s = new PodSecurityPolicySpec();
        s.setVolumes(List.of("*"));
        s.setRunAsUser(new RunAsUserStrategyOptions(null, "RunAsAny"));
        s.setSeLinux(new SELinuxStrategyOptions("RunAsAny", null));
        s.setSupplementalGroups(new SupplementalGroupsStrategyOptions(null, "RunAsAny"));
        s.setFsGroup(new FSGroupStrategyOptions(null, "RunAsAny"));
        PodSecurityPolicy psp = new PodSecurityPolicy();
        psp.setMetadata(new ObjectMeta());
        psp.getMetadata().setName("permissive");
        psp.setSpec(s);
        return psp;
    }

    static PodSecurityPolicy permissive(Consumer<PodSecurityPolicySpec> edit) {
        PodSecurityPolicy psp = permissive();
        edit.accept(psp.getSpec());
        return psp;
    }

    static PodSpec spec(Container... containers) {
        PodSpec spec = new PodSpec();
        spec.setContainers(new ArrayList<>(List.of(containers)));
        return spec;
    }

    static Container container(String name) {
        Container c = new Container();
        c.setName(name);
        c.setImage("registry.example/" + name + ":1");
        return c;
    }

    static ObjectMeta meta(String... keyValues) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName("pod");
        Map<String, String> annotations = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            annotations.put(keyValues[i], keyValues[i + 1]);
        }
        meta.setAnnotations(annotations);
        return meta;
    }
}
