package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.cel.CelPredicate;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Per rule: PSP values with pods that must pass and pods that must fail, fields absent, explicitly null, and in init
 * and ephemeral containers. Every case runs the predicate with dev.cel and also checks the Java oracle agrees (except
 * where a documented approximation is stricter).
 */
class RuleCelCasesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final CelEvaluator EVALUATOR = new CelEvaluator();
    private static final PspRuleRegistry RULES = PspRuleRegistry.standard();

    static PodSecurityPolicy psp(String yaml) {
        try {
            PodSecurityPolicy psp = YAML.readValue("apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\n" + yaml,
                    PodSecurityPolicy.class);
            if (psp.getMetadata() == null || psp.getMetadata().getName() == null) {
                psp.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
                psp.getMetadata().setName("test");
            }
            if (psp.getSpec() == null) {
                psp.setSpec(new io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec());
            }
            return psp;
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Pod pod(String yaml) {
        try {
            Pod pod = YAML.readValue("apiVersion: v1\nkind: Pod\n" + yaml, Pod.class);
            if (pod.getMetadata() == null) {
                pod.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
            }
            return pod;
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A pod with one container whose body is {@code container} (YAML lines under the container). */
    static String one(String container) {
        return "metadata: {name: p}\nspec:\n  containers:\n  - name: c\n" + container.indent(4);
    }

    /** The rule's predicate for the PSP; empty when it accepts every pod. */
    static Optional<CelPredicate> predicate(String rule, PodSecurityPolicy psp) {
        return RULES.byId(rule).orElseThrow().predicate(psp);
    }

    private static boolean cel(String rule, PodSecurityPolicy psp, Pod pod) {
        Optional<CelPredicate> p = predicate(rule, psp);
        return p.map(x -> EVALUATOR.evaluate(x.expression(), pod)).orElse(true);
    }

    /** Asserts the rule's predicate gives {@code expected}, and that PSP (the oracle) agrees. */
    static void check(String rule, PodSecurityPolicy psp, String podYaml, boolean expected) {
        check(rule, psp, podYaml, expected, expected);
    }

    static void check(String rule, PodSecurityPolicy psp, String podYaml, boolean expected, boolean psps) {
        Pod pod = pod(podYaml);
        PspRule pspRule = RULES.byId(rule).orElseThrow();
        assertEquals(expected, cel(rule, psp, pod), () -> rule + " CEL on\n" + podYaml + "\n"
                + predicate(rule, psp).map(CelPredicate::expression).orElse("(none)"));
        assertEquals(psps, RuleCelOracle.passes(pspRule, psp, pod), () -> rule + " PSP on\n" + podYaml
                + RuleCelOracle.errors(pspRule, psp, pod));
    }

    static void none(String rule, PodSecurityPolicy psp) {
        assertTrue(predicate(rule, psp).isEmpty(), rule + " should have no predicate");
    }

    @Test
    void privileged() {
        PodSecurityPolicy psp = psp("spec: {privileged: false}");
        check("privileged", psp, one("securityContext: {privileged: false}"), true);
        check("privileged", psp, one("securityContext: {privileged: null}"), true);
        check("privileged", psp, one("image: x"), true);
        check("privileged", psp, one("securityContext: {privileged: true}"), false);
        check("privileged", psp, """
                metadata: {name: p}
                spec:
                  containers: [{name: c}]
                  initContainers: [{name: i, securityContext: {privileged: true}}]
                """, false);
        check("privileged", psp, """
                metadata: {name: p}
                spec:
                  containers: [{name: c}]
                  ephemeralContainers: [{name: e, securityContext: {privileged: true}}]
                """, false);
        check("privileged", psp, "metadata: {name: p}\nspec: {}", true);
        none("privileged", psp("spec: {privileged: true}"));
    }

    @Test
    void hostNamespaces() {
        PodSecurityPolicy psp = psp("spec: {hostNetwork: false}");
        for (String field : new String[] {"hostNetwork", "hostPID", "hostIPC"}) {
            check(field, psp, "metadata: {name: p}\nspec: {containers: [{name: c}]}", true);
            check(field, psp, "metadata: {name: p}\nspec: {" + field + ": false, containers: [{name: c}]}", true);
            check(field, psp, "metadata: {name: p}\nspec: {" + field + ": null, containers: [{name: c}]}", true);
            check(field, psp, "metadata: {name: p}\nspec: {" + field + ": true, containers: [{name: c}]}", false);
            none(field, psp("spec: {" + field + ": true}"));
        }
    }

    @Test
    void readOnlyRootFilesystem() {
        PodSecurityPolicy psp = psp("spec: {readOnlyRootFilesystem: true}");
        check("readOnlyRootFilesystem", psp, one("securityContext: {readOnlyRootFilesystem: true}"), true);
        check("readOnlyRootFilesystem", psp, one("securityContext: {readOnlyRootFilesystem: false}"), false);
        check("readOnlyRootFilesystem", psp, one("securityContext: {readOnlyRootFilesystem: null}"), false);
        check("readOnlyRootFilesystem", psp, one("securityContext: null"), false);
        check("readOnlyRootFilesystem", psp, """
                metadata: {name: p}
                spec:
                  containers: [{name: c, securityContext: {readOnlyRootFilesystem: true}}]
                  initContainers: [{name: i}]
                """, false);
        check("readOnlyRootFilesystem", psp, """
                metadata: {name: p}
                spec:
                  containers: [{name: c, securityContext: {readOnlyRootFilesystem: true}}]
                  initContainers: [{name: i, securityContext: {readOnlyRootFilesystem: true}}]
                  ephemeralContainers: [{name: e, securityContext: {readOnlyRootFilesystem: true}}]
                """, true);
        none("readOnlyRootFilesystem", psp("spec: {readOnlyRootFilesystem: false}"));
    }

    @Test
    void allowPrivilegeEscalation() {
        PodSecurityPolicy psp = psp("spec: {allowPrivilegeEscalation: false}");
        check("allowPrivilegeEscalation", psp, one("securityContext: {allowPrivilegeEscalation: false}"), true);
        check("allowPrivilegeEscalation", psp, one("securityContext: {allowPrivilegeEscalation: true}"), false);
        check("allowPrivilegeEscalation", psp, one("securityContext: {}"), false);
        check("allowPrivilegeEscalation", psp, one("image: x"), false);
        // Allowed, but defaulted to false: the pod must set it (either value).
        PodSecurityPolicy defaulted = psp("spec: {allowPrivilegeEscalation: true, defaultAllowPrivilegeEscalation: false}");
        check("allowPrivilegeEscalation", defaulted, one("securityContext: {allowPrivilegeEscalation: true}"), true);
        check("allowPrivilegeEscalation", defaulted, one("securityContext: {allowPrivilegeEscalation: false}"), true);
        check("allowPrivilegeEscalation", defaulted, one("securityContext: {allowPrivilegeEscalation: null}"), false);
        none("allowPrivilegeEscalation", psp("spec: {}"));
        none("allowPrivilegeEscalation", psp("spec: {defaultAllowPrivilegeEscalation: true}"));
    }

    @Test
    void runAsUser() {
        PodSecurityPolicy mustRunAs = psp("spec: {runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}, "
                + "{min: 5, max: 5}]}}");
        check("runAsUser", mustRunAs, one("securityContext: {runAsUser: 1500}"), true);
        check("runAsUser", mustRunAs, one("securityContext: {runAsUser: 5}"), true);
        check("runAsUser", mustRunAs, one("securityContext: {runAsUser: 2001}"), false);
        check("runAsUser", mustRunAs, one("securityContext: {runAsUser: null}"), false);
        check("runAsUser", mustRunAs, "metadata: {name: p}\nspec: {securityContext: {runAsUser: 1000}, "
                + "containers: [{name: c}, {name: d, securityContext: {runAsUser: 2000}}]}", true);
        check("runAsUser", mustRunAs, "metadata: {name: p}\nspec: {securityContext: {runAsUser: 0}, "
                + "containers: [{name: c, securityContext: {runAsUser: 1000}}]}", true);
        check("runAsUser", mustRunAs, "metadata: {name: p}\nspec: {securityContext: {runAsUser: 1000}, "
                + "containers: [{name: c}], initContainers: [{name: i, securityContext: {runAsUser: 0}}]}", false);
        PodSecurityPolicy nonRoot = psp("spec: {runAsUser: {rule: MustRunAsNonRoot}}");
        check("runAsUser", nonRoot, one("securityContext: {runAsNonRoot: true}"), true);
        check("runAsUser", nonRoot, one("securityContext: {runAsUser: 1000}"), true);
        check("runAsUser", nonRoot, one("securityContext: {runAsNonRoot: true, runAsUser: 0}"), false);
        check("runAsUser", nonRoot, one("securityContext: {runAsNonRoot: false, runAsUser: 1000}"), false);
        check("runAsUser", nonRoot, one("securityContext: {}"), false);
        check("runAsUser", nonRoot, "metadata: {name: p}\nspec: {securityContext: {runAsNonRoot: true}, "
                + "containers: [{name: c}]}", true);
        check("runAsUser", nonRoot, "metadata: {name: p}\nspec: {securityContext: {runAsNonRoot: true}, "
                + "containers: [{name: c, securityContext: {runAsNonRoot: false}}]}", false);
        none("runAsUser", psp("spec: {runAsUser: {rule: RunAsAny}}"));
    }

    @Test
    void groups() {
        PodSecurityPolicy must = psp("spec: {runAsGroup: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}, "
                + "supplementalGroups: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}, "
                + "fsGroup: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}}");
        PodSecurityPolicy may = psp("spec: {runAsGroup: {rule: MayRunAs, ranges: [{min: 1000, max: 2000}]}, "
                + "supplementalGroups: {rule: MayRunAs, ranges: [{min: 1000, max: 2000}]}, "
                + "fsGroup: {rule: MayRunAs, ranges: [{min: 1000, max: 2000}]}}");
        String unset = one("image: x");
        String inRange = "metadata: {name: p}\nspec: {securityContext: {runAsGroup: 1500, supplementalGroups: [1000, "
                + "2000], fsGroup: 1000}, containers: [{name: c}]}";
        String outOfRange = "metadata: {name: p}\nspec: {securityContext: {runAsGroup: 50, supplementalGroups: [1000, "
                + "50], fsGroup: 2001}, containers: [{name: c}]}";
        String emptyList = "metadata: {name: p}\nspec: {securityContext: {supplementalGroups: []}, "
                + "containers: [{name: c}]}";
        // An unset runAsGroup runs as the image's group: MustRunAs requires it. An unset fsGroup or
        // supplementalGroups adds no group, no less safe than PSP's default: admitted (GroupRule#predicate).
        check("runAsGroup", must, unset, false);
        check("supplementalGroups", must, unset, true);
        check("fsGroup", must, unset, true);
        for (String rule : new String[] {"runAsGroup", "supplementalGroups", "fsGroup"}) {
            check(rule, must, inRange, true);
            check(rule, must, outOfRange, false);
            check(rule, may, unset, true);
            check(rule, may, inRange, true);
            check(rule, may, outOfRange, false);
        }
        check("supplementalGroups", must, emptyList, true);
        check("supplementalGroups", may, emptyList, true);
        check("runAsGroup", must, "metadata: {name: p}\nspec: {securityContext: {runAsGroup: 1500}, "
                + "containers: [{name: c}], ephemeralContainers: [{name: e, securityContext: {runAsGroup: 7}}]}", false);
        none("runAsGroup", psp("spec: {}"));
        none("fsGroup", psp("spec: {fsGroup: {rule: RunAsAny}}"));
    }

    @Test
    void capabilities() {
        PodSecurityPolicy psp = psp("spec: {allowedCapabilities: [NET_BIND_SERVICE], requiredDropCapabilities: [ALL]}");
        check("capabilities", psp, one("securityContext: {capabilities: {drop: [ALL]}}"), true);
        check("capabilities", psp, one("securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}"),
                true);
        check("capabilities", psp, one("securityContext: {capabilities: {drop: [ALL], add: [SYS_ADMIN]}}"), false);
        check("capabilities", psp, one("securityContext: {capabilities: {drop: [NET_RAW]}}"), false);
        check("capabilities", psp, one("securityContext: {capabilities: {add: []}}"), false);
        check("capabilities", psp, one("securityContext: {capabilities: null}"), false);
        check("capabilities", psp, one("image: x"), false);
        PodSecurityPolicy addOnly = psp("spec: {allowedCapabilities: [CHOWN]}");
        check("capabilities", addOnly, one("image: x"), true);
        check("capabilities", addOnly, one("securityContext: {capabilities: {add: [CHOWN]}}"), true);
        check("capabilities", addOnly, one("securityContext: {capabilities: {add: [KILL]}}"), false);
        PodSecurityPolicy nothing = psp("spec: {}");
        check("capabilities", nothing, one("securityContext: {capabilities: {add: [CHOWN]}}"), false);
        check("capabilities", nothing, one("securityContext: {capabilities: {drop: [ALL]}}"), true);
        // defaultAddCapabilities alone restricts only what may be added: capabilities.go Generate wrote the default
        // adds into every container before Validate, so a container without capabilities was admitted.
        PodSecurityPolicy defaults = psp("spec: {defaultAddCapabilities: [NET_BIND_SERVICE]}");
        check("capabilities", defaults, one("image: x"), true);
        check("capabilities", defaults, one("securityContext: {capabilities: {}}"), true);
        check("capabilities", defaults, one("securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}"), true);
        check("capabilities", defaults, one("securityContext: {capabilities: {add: [SYS_ADMIN]}}"), false);
        // With required drops as well, the drops must be there: an empty capabilities is denied.
        PodSecurityPolicy both = psp(
                "spec: {defaultAddCapabilities: [NET_BIND_SERVICE], requiredDropCapabilities: [ALL]}");
        check("capabilities", both, one("securityContext: {capabilities: {}}"), false);
        check("capabilities", both, one("image: x"), false);
        check("capabilities", both, one("securityContext: {capabilities: {drop: [ALL]}}"), true);
        none("capabilities", psp("spec: {allowedCapabilities: ['*']}"));
    }

    @Test
    void hostPorts() {
        PodSecurityPolicy psp = psp("spec: {hostPorts: [{min: 80, max: 80}, {min: 8000, max: 9000}]}");
        check("hostPorts", psp, one("ports: [{containerPort: 80, hostPort: 80}]"), true);
        check("hostPorts", psp, one("ports: [{containerPort: 80, hostPort: 8500}]"), true);
        check("hostPorts", psp, one("ports: [{containerPort: 80, hostPort: 81}]"), false);
        check("hostPorts", psp, one("ports: [{containerPort: 80}, {containerPort: 81, hostPort: 0}]"), true);
        check("hostPorts", psp, one("ports: [{containerPort: 80, hostPort: null}]"), true);
        check("hostPorts", psp, one("ports: null"), true);
        check("hostPorts", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], initContainers: [{name: i, "
                + "ports: [{containerPort: 1, hostPort: 22}]}]}", false);
        PodSecurityPolicy none = psp("spec: {}");
        check("hostPorts", none, one("ports: [{containerPort: 80, hostPort: 80}]"), false);
        check("hostPorts", none, one("ports: [{containerPort: 80}]"), true);
        none("hostPorts", psp("spec: {hostPorts: [{min: 0, max: 65535}]}"));
        none("hostPorts", psp("spec: {hostPorts: [{min: 1, max: 1000}, {min: 1001, max: 65535}]}"));
    }

    @Test
    void volumes() {
        PodSecurityPolicy psp = psp("spec: {volumes: [configMap, emptyDir, secret, cephFS]}");
        check("volumes", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: a, configMap: "
                + "{name: x}}, {name: b, emptyDir: {}}, {name: d, cephfs: {monitors: [m]}}]}", true);
        check("volumes", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: a}]}", true);
        check("volumes", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: a, hostPath: "
                + "{path: /}}]}", false);
        check("volumes", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: null}", true);
        check("volumes", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: a, image: "
                + "{reference: r}}]}", false);
        PodSecurityPolicy all = psp("spec: {volumes: ['*']}");
        check("volumes", all, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: a, hostPath: "
                + "{path: /}}]}", true);
        check("volumes", all, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: a, image: "
                + "{reference: r}}]}", false);
        PodSecurityPolicy noVolumes = psp("spec: {volumes: []}");
        check("volumes", noVolumes, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: []}", true);
        check("volumes", noVolumes, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: a, "
                + "emptyDir: {}}]}", false);
    }

    @Test
    void allowedHostPaths() {
        PodSecurityPolicy psp = psp("spec: {allowedHostPaths: [{pathPrefix: /var/log, readOnly: true}, "
                + "{pathPrefix: /data/}]}");
        String volumes = "  volumes: [{name: h, hostPath: {path: %s}}]\n";
        check("allowedHostPaths", psp, one("volumeMounts: [{name: h, mountPath: /h, readOnly: true}]")
                + volumes.formatted("/var/log/app"), true);
        check("allowedHostPaths", psp, one("volumeMounts: [{name: h, mountPath: /h}]")
                + volumes.formatted("/var/log/app"), false);
        check("allowedHostPaths", psp, one("volumeMounts: [{name: h, mountPath: /h, readOnly: false}]")
                + volumes.formatted("/var/log"), false);
        check("allowedHostPaths", psp, one("volumeMounts: [{name: h, mountPath: /h}]")
                + volumes.formatted("/data/x"), true);
        check("allowedHostPaths", psp, one("volumeMounts: [{name: other, mountPath: /h}]")
                + volumes.formatted("/var/log"), true);
        check("allowedHostPaths", psp, one("image: x") + volumes.formatted("/var/logs"), false);
        check("allowedHostPaths", psp, one("image: x") + volumes.formatted("/etc"), false);
        check("allowedHostPaths", psp, one("image: x") + volumes.formatted("/data"), true);
        // Not in clean form: PSP cleaned the path; CEL cannot, and rejects (the documented approximation).
        check("allowedHostPaths", psp, one("image: x") + volumes.formatted("/data/x/"), false, true);
        check("allowedHostPaths", psp, one("image: x") + volumes.formatted("//data//x"), false, true);
        check("allowedHostPaths", psp, one("image: x") + volumes.formatted("/data/../etc"), false, false);
        check("allowedHostPaths", psp, """
                metadata: {name: p}
                spec:
                  containers: [{name: c, volumeMounts: [{name: h, mountPath: /h, readOnly: true}]}]
                  ephemeralContainers: [{name: e, volumeMounts: [{name: h, mountPath: /h}]}]
                  volumes: [{name: h, hostPath: {path: /var/log}}]
                """, false);
        assertFalse(predicate("allowedHostPaths", psp).orElseThrow().exact());
        none("allowedHostPaths", psp("spec: {}"));
    }

    @Test
    void drivers() {
        PodSecurityPolicy psp = psp("spec: {allowedFlexVolumes: [{driver: example.com/flex}], "
                + "allowedCSIDrivers: [{name: csi.example.com}]}");
        check("allowedFlexVolumes", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: f, "
                + "flexVolume: {driver: example.com/flex}}]}", true);
        check("allowedFlexVolumes", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: f, "
                + "flexVolume: {driver: other/flex}}]}", false);
        check("allowedCSIDrivers", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: f, "
                + "csi: {driver: csi.example.com}}, {name: g, emptyDir: {}}]}", true);
        check("allowedCSIDrivers", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], volumes: [{name: f, "
                + "csi: {driver: other.csi}}]}", false);
        none("allowedCSIDrivers", psp("spec: {}"));
    }

    @Test
    void procMount() {
        PodSecurityPolicy psp = psp("spec: {}");
        check("allowedProcMountTypes", psp, one("securityContext: {procMount: Default}"), true);
        check("allowedProcMountTypes", psp, one("securityContext: {procMount: null}"), true);
        check("allowedProcMountTypes", psp, one("securityContext: {procMount: Unmasked}"), false);
        PodSecurityPolicy unmasked = psp("spec: {allowedProcMountTypes: [Unmasked]}");
        check("allowedProcMountTypes", unmasked, one("securityContext: {procMount: Unmasked}"), true);
        check("allowedProcMountTypes", unmasked, one("image: x"), false);
    }

    @Test
    void runtimeClass() {
        PodSecurityPolicy psp = psp("spec: {runtimeClass: {allowedRuntimeClassNames: [gvisor]}}");
        check("runtimeClass", psp, "metadata: {name: p}\nspec: {runtimeClassName: gvisor, containers: [{name: c}]}",
                true);
        check("runtimeClass", psp, "metadata: {name: p}\nspec: {runtimeClassName: runc, containers: [{name: c}]}",
                false);
        check("runtimeClass", psp, "metadata: {name: p}\nspec: {containers: [{name: c}]}", true);
        PodSecurityPolicy defaulted = psp("spec: {runtimeClass: {allowedRuntimeClassNames: [gvisor], "
                + "defaultRuntimeClassName: gvisor}}");
        check("runtimeClass", defaulted, "metadata: {name: p}\nspec: {containers: [{name: c}]}", false);
        check("runtimeClass", defaulted, "metadata: {name: p}\nspec: {runtimeClassName: gvisor, containers: "
                + "[{name: c}]}", true);
        none("runtimeClass", psp("spec: {runtimeClass: {allowedRuntimeClassNames: ['*']}}"));
    }

    @Test
    void sysctls() {
        PodSecurityPolicy psp = psp("spec: {allowedUnsafeSysctls: [kernel.msg*, net.core.somaxconn], "
                + "forbiddenSysctls: [kernel.shm_rmid_forced]}");
        String pod = "metadata: {name: p}\nspec: {containers: [{name: c}], securityContext: {sysctls: [{name: %s, "
                + "value: '1'}]}}";
        check("sysctls", psp, pod.formatted("kernel.msgmax"), true);
        check("sysctls", psp, pod.formatted("net.core.somaxconn"), true);
        check("sysctls", psp, pod.formatted("net.ipv4.tcp_syncookies"), true);
        check("sysctls", psp, pod.formatted("kernel.shm_rmid_forced"), false);
        check("sysctls", psp, pod.formatted("net.ipv4.tcp_keepalive_time"), false);
        check("sysctls", psp, "metadata: {name: p}\nspec: {containers: [{name: c}], securityContext: {}}", true);
        none("sysctls", psp("spec: {allowedUnsafeSysctls: ['*']}"));
        check("sysctls", psp("spec: {allowedUnsafeSysctls: ['*'], forbiddenSysctls: ['kernel.*']}"),
                pod.formatted("kernel.msgmax"), false);
    }

    @Test
    void seLinux() {
        PodSecurityPolicy psp = psp("spec: {seLinux: {rule: MustRunAs, seLinuxOptions: {level: 's0:c1,c2', type: "
                + "container_t}}}");
        String pod = "metadata: {name: p}\nspec: {securityContext: {seLinuxOptions: {level: '%s', type: container_t}},"
                + " containers: [{name: c}]}";
        check("seLinux", psp, pod.formatted("s0:c1,c2"), true);
        check("seLinux", psp, pod.formatted("s0:c2,c1"), true);
        check("seLinux", psp, pod.formatted("s0:c2,c1,c1"), true);
        check("seLinux", psp, pod.formatted("s0:c1"), false);
        check("seLinux", psp, pod.formatted("s0:c1,c2,c3"), false);
        check("seLinux", psp, pod.formatted("s1:c1,c2"), false);
        check("seLinux", psp, one("image: x"), false);
        check("seLinux", psp, "metadata: {name: p}\nspec: {securityContext: {seLinuxOptions: {level: 's0:c1,c2', "
                + "type: container_t}}, containers: [{name: c, securityContext: {seLinuxOptions: {type: spc_t}}}]}",
                false);
        check("seLinux", psp, "metadata: {name: p}\nspec: {securityContext: {seLinuxOptions: {level: 's0:c1,c2', "
                + "type: container_t, user: u}}, containers: [{name: c}]}", false);
        none("seLinux", psp("spec: {seLinux: {rule: RunAsAny}}"));
    }

    @Test
    void seccomp() {
        PodSecurityPolicy psp = psp("metadata: {name: s, annotations: {seccomp.security.alpha.kubernetes.io/"
                + "allowedProfileNames: 'runtime/default,localhost/profile'}}\nspec: {}");
        check("seccomp", psp, "metadata: {name: p}\nspec: {securityContext: {seccompProfile: {type: RuntimeDefault}}, "
                + "containers: [{name: c}]}", true);
        check("seccomp", psp, "metadata: {name: p, annotations: {seccomp.security.alpha.kubernetes.io/pod: "
                + "runtime/default}}\nspec: {containers: [{name: c}]}", true);
        check("seccomp", psp, "metadata: {name: p}\nspec: {securityContext: {seccompProfile: {type: Localhost, "
                + "localhostProfile: profile}}, containers: [{name: c, securityContext: {seccompProfile: "
                + "{type: Unconfined}}}]}", false);
        check("seccomp", psp, one("image: x"), false);
        // "*" with a default: every container must have a profile.
        PodSecurityPolicy any = psp("metadata: {name: s, annotations: {seccomp.security.alpha.kubernetes.io/"
                + "allowedProfileNames: '*', seccomp.security.alpha.kubernetes.io/defaultProfileName: "
                + "runtime/default}}\nspec: {}");
        check("seccomp", any, one("image: x"), false);
        check("seccomp", any, one("securityContext: {seccompProfile: {type: Unconfined}}"), true);
        // No annotation: no profile may be set.
        PodSecurityPolicy unset = psp("spec: {}");
        check("seccomp", unset, one("image: x"), true);
        check("seccomp", unset, one("securityContext: {seccompProfile: {type: RuntimeDefault}}"), false);
        none("seccomp", psp("metadata: {name: s, annotations: {seccomp.security.alpha.kubernetes.io/"
                + "allowedProfileNames: '*'}}\nspec: {}"));
    }

    @Test
    void appArmor() {
        PodSecurityPolicy psp = psp("metadata: {name: a, annotations: {apparmor.security.beta.kubernetes.io/"
                + "allowedProfileNames: 'runtime/default,localhost/x'}}\nspec: {}");
        check("appArmor", psp, "metadata: {name: p, annotations: {container.apparmor.security.beta.kubernetes.io/c: "
                + "runtime/default}}\nspec: {containers: [{name: c}]}", true);
        check("appArmor", psp, one("securityContext: {appArmorProfile: {type: Localhost, localhostProfile: x}}"),
                true);
        check("appArmor", psp, "metadata: {name: p}\nspec: {securityContext: {appArmorProfile: {type: "
                + "RuntimeDefault}}, containers: [{name: c}]}", true);
        check("appArmor", psp, one("securityContext: {appArmorProfile: {type: Unconfined}}"), false);
        check("appArmor", psp, one("image: x"), false);
        check("appArmor", psp, "metadata: {name: p, annotations: {container.apparmor.security.beta.kubernetes.io/c: "
                + "runtime/default}}\nspec: {containers: [{name: c}], initContainers: [{name: i}]}", false);
        // A runtime/default default: an unset profile gets the runtime's default anyway (Pod Security Standards,
        // AppArmor), so it is admitted; without allowed names, nothing is restricted at all.
        PodSecurityPolicy defaulted = psp("metadata: {name: a, annotations: {apparmor.security.beta.kubernetes.io/"
                + "defaultProfileName: runtime/default}}\nspec: {}");
        none("appArmor", defaulted);
        PodSecurityPolicy both = psp("metadata: {name: a, annotations: {apparmor.security.beta.kubernetes.io/"
                + "allowedProfileNames: runtime/default, apparmor.security.beta.kubernetes.io/defaultProfileName: "
                + "runtime/default}}\nspec: {}");
        check("appArmor", both, one("image: x"), true);
        check("appArmor", both, one("securityContext: {appArmorProfile: {type: Unconfined}}"), false);
        PodSecurityPolicy custom = psp("metadata: {name: a, annotations: {apparmor.security.beta.kubernetes.io/"
                + "allowedProfileNames: localhost/x, apparmor.security.beta.kubernetes.io/defaultProfileName: "
                + "localhost/x}}\nspec: {}");
        check("appArmor", custom, one("image: x"), false);
        none("appArmor", psp("spec: {}"));
    }
}
