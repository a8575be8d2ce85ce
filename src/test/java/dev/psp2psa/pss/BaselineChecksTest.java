package dev.psp2psa.pss;

import static dev.psp2psa.pss.TestPods.assertAllowed;
import static dev.psp2psa.pss.TestPods.assertForbidden;
import static dev.psp2psa.pss.TestPods.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BaselineChecksTest {

    static List<Version> versions(int... minors) {
        return java.util.Arrays.stream(minors).mapToObj(Version::of).toList();
    }

    @Test
    void everyBaselineCheckAllowsAnEmptyOrAbsentPod() {
        for (Check check : CheckRegistry.standard().all()) {
            if (check.level() == Level.BASELINE) {
                assertAllowed(check.check(null, null, Version.NEWEST));
                assertAllowed(check.check(new ObjectMeta(), new PodSpec(), Version.NEWEST));
            }
        }
    }

    @Nested
    class HostNamespaces {
        final Check check = new HostNamespacesCheck();

        @Test
        void identity() {
            assertEquals("hostNamespaces", check.id());
            assertEquals(Level.BASELINE, check.level());
            assertEquals(versions(0), check.versions());
            assertEquals(Optional.empty(), check.overrides());
        }

        @Test
        void falseIsAllowed() {
            assertAllowed(run(check, "spec: {hostNetwork: false, hostPID: false, hostIPC: false}", 0));
        }

        @Test
        void listsEverySharedNamespaceInOrder() {
            assertForbidden(run(check, "spec: {hostIPC: true, hostPID: true, hostNetwork: true}", 0),
                    "host namespaces", "hostNetwork=true, hostPID=true, hostIPC=true");
            assertForbidden(run(check, "spec: {hostPID: true}", 37), "host namespaces", "hostPID=true");
        }
    }

    @Nested
    class Privileged {
        final Check check = new PrivilegedCheck();

        @Test
        void unsetOrFalseIsAllowed() {
            assertAllowed(run(check, """
                    spec:
                      containers:
                      - {name: a, securityContext: {privileged: false}}
                      - {name: b, securityContext: {}}
                      - {name: c}
                    """, 0));
        }

        @Test
        void singleContainer() {
            assertForbidden(run(check, "spec: {containers: [{name: foo, securityContext: {privileged: true}}]}", 0),
                    "privileged", "container \"foo\" must not set securityContext.privileged=true");
        }

        @Test
        void pluralInVisitOrderInitThenRegularThenEphemeral() {
            assertForbidden(run(check, """
                    spec:
                      containers: [{name: c, securityContext: {privileged: true}}]
                      initContainers: [{name: i, securityContext: {privileged: true}}]
                      ephemeralContainers: [{name: e, securityContext: {privileged: true}}]
                    """, 10), "privileged",
                    "containers \"i\", \"c\", \"e\" must not set securityContext.privileged=true");
        }
    }

    @Nested
    class CapabilitiesBaseline {
        final Check check = new CapabilitiesBaselineCheck();

        @Test
        void defaultCapabilitiesAndDropsAreAllowed() {
            assertAllowed(run(check, """
                    spec:
                      containers:
                      - name: a
                        securityContext: {capabilities: {add: [CHOWN, NET_BIND_SERVICE, SYS_CHROOT], drop: [ALL]}}
                    """, 0));
        }

        @Test
        void listsContainersInOrderAndCapabilitiesSortedOnce() {
            assertForbidden(run(check, """
                    spec:
                      containers:
                      - {name: b, securityContext: {capabilities: {add: [SYS_ADMIN, NET_RAW, CHOWN]}}}
                      - {name: a, securityContext: {capabilities: {add: [NET_RAW]}}}
                    """, 0), "non-default capabilities",
                    "containers \"b\", \"a\" must not include \"NET_RAW\", \"SYS_ADMIN\" in "
                            + "securityContext.capabilities.add");
        }

        @Test
        void ephemeralContainersAreChecked() {
            assertForbidden(run(check, """
                    spec:
                      ephemeralContainers: [{name: debug, securityContext: {capabilities: {add: [SYS_PTRACE]}}}]
                    """, 0), "non-default capabilities",
                    "container \"debug\" must not include \"SYS_PTRACE\" in securityContext.capabilities.add");
        }
    }

    @Nested
    class HostPathVolumes {
        final Check check = new HostPathVolumesCheck();

        @Test
        void otherVolumesAreAllowed() {
            assertAllowed(run(check, "spec: {volumes: [{name: a, emptyDir: {}}, {name: b}]}", 0));
        }

        @Test
        void namesTheHostPathVolumes() {
            assertForbidden(run(check, """
                    spec:
                      volumes:
                      - {name: a, hostPath: {path: /a}}
                      - {name: x, emptyDir: {}}
                      - {name: b, hostPath: {path: /b}}
                    """, 0), "hostPath volumes", "volumes \"a\", \"b\"");
            assertForbidden(run(check, "spec: {volumes: [{name: a, hostPath: {path: /}}]}", 0),
                    "hostPath volumes", "volume \"a\"");
        }
    }

    @Nested
    class HostPorts {
        final Check check = new HostPortsCheck();

        @Test
        void zeroOrUnsetHostPortIsAllowed() {
            assertAllowed(run(check, "spec: {containers: [{name: a, ports: [{containerPort: 80, hostPort: 0},"
                    + " {containerPort: 81}]}]}", 0));
        }

        @Test
        void portsAreSortedAsText() {
            assertForbidden(run(check, """
                    spec:
                      containers:
                      - {name: a, ports: [{containerPort: 1, hostPort: 9090}, {containerPort: 2, hostPort: 10000}]}
                      - {name: b, ports: [{containerPort: 3, hostPort: 9090}]}
                    """, 0), "hostPort", "containers \"a\", \"b\" use hostPorts 10000, 9090");
            assertForbidden(run(check, "spec: {initContainers: [{name: i, ports: [{containerPort: 1, hostPort: 8}]}]}",
                    0), "hostPort", "container \"i\" uses hostPort 8");
        }
    }

    @Nested
    class AppArmorProfile {
        final Check check = new AppArmorProfileCheck();

        @Test
        void allowedAnnotationsAndFields() {
            assertAllowed(run(check, """
                    metadata:
                      annotations:
                        container.apparmor.security.beta.kubernetes.io/a: runtime/default
                        container.apparmor.security.beta.kubernetes.io/b: localhost/profile
                        container.apparmor.security.beta.kubernetes.io/c: ""
                        other.example.com/x: unconfined
                    spec:
                      securityContext: {appArmorProfile: {type: RuntimeDefault}}
                      containers: [{name: a, securityContext: {appArmorProfile: {type: Localhost, localhostProfile: p}}}]
                    """, 0));
        }

        @Test
        void annotationsAreSortedAndGoQuoted() {
            assertForbidden(run(check, """
                    metadata:
                      annotations:
                        container.apparmor.security.beta.kubernetes.io/b: unconfined
                        container.apparmor.security.beta.kubernetes.io/a: other
                    """, 0), "forbidden AppArmor profiles",
                    "annotations must not set AppArmor profile type to "
                            + "\"container.apparmor.security.beta.kubernetes.io/a=\"other\"\", "
                            + "\"container.apparmor.security.beta.kubernetes.io/b=\"unconfined\"\"");
        }

        @Test
        void fieldsAreCheckedAtEveryVersion() {
            String yaml = """
                    spec:
                      securityContext: {appArmorProfile: {type: Unconfined}}
                      containers: [{name: foo, securityContext: {appArmorProfile: {type: Unconfined}}}]
                    """;
            for (int minor : new int[] {0, 29, 30, 37}) {
                assertForbidden(run(check, yaml, minor), "forbidden AppArmor profile",
                        "pod and container \"foo\" must not set AppArmor profile type to \"Unconfined\"");
            }
        }

        @Test
        void fieldsAndAnnotationsTogether() {
            assertForbidden(run(check, """
                    metadata:
                      annotations: {container.apparmor.security.beta.kubernetes.io/foo: unconfined}
                    spec:
                      containers: [{name: foo, securityContext: {appArmorProfile: {type: Unconfined}}}]
                    """, 37), "forbidden AppArmor profiles",
                    "container \"foo\" and annotation must not set AppArmor profile type to \"Unconfined\", "
                            + "\"container.apparmor.security.beta.kubernetes.io/foo=\"unconfined\"\"");
        }
    }

    @Nested
    class SeLinuxOptions {
        final Check check = new SeLinuxOptionsCheck();

        @Test
        void versions() {
            assertEquals(BaselineChecksTest.versions(0, 31), check.versions());
        }

        @Test
        void containerTypesAndLevelAreAllowed() {
            assertAllowed(run(check, """
                    spec:
                      securityContext: {seLinuxOptions: {type: container_t, level: "s0:c1,c2"}}
                      containers: [{name: a, securityContext: {seLinuxOptions: {type: container_kvm_t}}}]
                    """, 0));
        }

        @Test
        void containerEngineTypeIsAllowedFromV131() {
            String yaml = "spec: {containers: [{name: a, securityContext: {seLinuxOptions: {type: container_engine_t}}}]}";
            assertForbidden(run(check, yaml, 30), "seLinuxOptions",
                    "container \"a\" set forbidden securityContext.seLinuxOptions: type \"container_engine_t\"");
            assertAllowed(run(check, yaml, 31));
            assertAllowed(run(check, yaml, 99));
        }

        @Test
        void reportsTypesUserAndRole() {
            assertForbidden(run(check, """
                    spec:
                      securityContext: {seLinuxOptions: {type: spc_t, user: root}}
                      containers:
                      - {name: a, securityContext: {seLinuxOptions: {role: sysadm_r}}}
                      - {name: b, securityContext: {seLinuxOptions: {type: unconfined_t}}}
                    """, 0), "seLinuxOptions",
                    "pod and containers \"a\", \"b\" set forbidden securityContext.seLinuxOptions: "
                            + "types \"spc_t\", \"unconfined_t\"; user may not be set; role may not be set");
        }
    }

    @Nested
    class ProcMount {
        final Check check = new ProcMountCheck();
        final String unmaskedInUserNamespace = """
                spec:
                  hostUsers: false
                  containers: [{name: a, securityContext: {procMount: Unmasked}}]
                """;

        @Test
        void versions() {
            assertEquals(BaselineChecksTest.versions(0, 35), check.versions());
        }

        @Test
        void defaultIsAllowed() {
            assertAllowed(run(check, "spec: {containers: [{name: a, securityContext: {procMount: Default}}]}", 0));
        }

        @Test
        void unmasked() {
            assertForbidden(run(check, """
                    spec:
                      initContainers: [{name: i, securityContext: {procMount: Unmasked}}]
                      containers: [{name: c, securityContext: {procMount: Other}}]
                    """, 37), "procMount",
                    "containers \"i\", \"c\" must not set securityContext.procMount to \"Other\", \"Unmasked\"");
        }

        @Test
        void userNamespacePodsAreRelaxedFromV135() {
            assertForbidden(run(check, unmaskedInUserNamespace, 34), "procMount",
                    "container \"a\" must not set securityContext.procMount to \"Unmasked\"");
            assertAllowed(run(check, unmaskedInUserNamespace, 35));
            assertFalse(run(check, unmaskedInUserNamespace.replace("false", "true"), 35).allowed());
        }
    }

    @Nested
    class SeccompProfileBaseline {
        final Check check = new SeccompProfileBaselineCheck();

        @Test
        void versions() {
            assertEquals(BaselineChecksTest.versions(0, 19), check.versions());
        }

        @Test
        void annotationsBeforeV119() {
            String yaml = """
                    metadata:
                      annotations:
                        seccomp.security.alpha.kubernetes.io/pod: unconfined
                        container.seccomp.security.alpha.kubernetes.io/a: localhost/x
                        container.seccomp.security.alpha.kubernetes.io/b: unconfined
                        container.seccomp.security.alpha.kubernetes.io/notacontainer: unconfined
                    spec:
                      containers: [{name: a}, {name: b}]
                    """;
            assertForbidden(run(check, yaml, 18), "seccompProfile",
                    "forbidden annotations container.seccomp.security.alpha.kubernetes.io/b=\"unconfined\", "
                            + "seccomp.security.alpha.kubernetes.io/pod=\"unconfined\"");
            assertAllowed(run(check, yaml, 19));
        }

        @Test
        void fieldsFromV119() {
            String yaml = """
                    spec:
                      securityContext: {seccompProfile: {type: Unconfined}}
                      containers:
                      - {name: a, securityContext: {seccompProfile: {type: RuntimeDefault}}}
                      - {name: b, securityContext: {seccompProfile: {type: Localhost, localhostProfile: p}}}
                      - {name: c, securityContext: {seccompProfile: {type: Bogus}}}
                    """;
            assertAllowed(run(check, yaml, 18));
            assertForbidden(run(check, yaml, 19), "seccompProfile",
                    "pod and container \"c\" must not set securityContext.seccompProfile.type to "
                            + "\"Bogus\", \"Unconfined\"");
        }

        @Test
        void unsetIsAllowed() {
            assertAllowed(run(check, "spec: {containers: [{name: a, securityContext: {}}]}", 37));
        }
    }

    @Nested
    class Sysctls {
        final Check check = new SysctlsCheck();

        @Test
        void versions() {
            assertEquals(BaselineChecksTest.versions(0, 27, 29, 32, 37), check.versions());
        }

        @Test
        void safeListGrowsWithVersions() {
            assertEquals(5, SysctlsCheck.allowed(Version.of(26)).size());
            assertEquals(6, SysctlsCheck.allowed(Version.of(27)).size());
            assertEquals(10, SysctlsCheck.allowed(Version.of(29)).size());
            assertEquals(12, SysctlsCheck.allowed(Version.of(32)).size());
            assertEquals(14, SysctlsCheck.allowed(Version.of(37)).size());
        }

        @Test
        void boundaries() {
            String reserved = "spec: {securityContext: {sysctls: [{name: net.ipv4.ip_local_reserved_ports, value: '1'}]}}";
            assertForbidden(run(check, reserved, 26), "forbidden sysctls", "net.ipv4.ip_local_reserved_ports");
            assertAllowed(run(check, reserved, 27));
            String rmem = "spec: {securityContext: {sysctls: [{name: net.ipv4.tcp_rmem, value: '1'}]}}";
            assertFalse(run(check, rmem, 31).allowed());
            assertAllowed(run(check, rmem, 32));
            String idle = "spec: {securityContext: {sysctls: [{name: net.ipv4.tcp_slow_start_after_idle, value: '0'}]}}";
            assertFalse(run(check, idle, 36).allowed());
            assertAllowed(run(check, idle, 37));
        }

        @Test
        void listsForbiddenNamesInOrder() {
            assertForbidden(run(check, """
                    spec:
                      securityContext:
                        sysctls:
                        - {name: kernel.msgmax, value: '1'}
                        - {name: kernel.shm_rmid_forced, value: '0'}
                        - {name: fs.mqueue.msg_max, value: '1'}
                    """, 0), "forbidden sysctls", "kernel.msgmax, fs.mqueue.msg_max");
        }
    }

    @Nested
    class WindowsHostProcess {
        final Check check = new WindowsHostProcessCheck();

        @Test
        void falseIsAllowed() {
            assertAllowed(run(check, "spec: {securityContext: {windowsOptions: {hostProcess: false}}}", 0));
        }

        @Test
        void podAndContainers() {
            assertForbidden(run(check, """
                    spec:
                      securityContext: {windowsOptions: {hostProcess: true}}
                      containers: [{name: a, securityContext: {windowsOptions: {hostProcess: true}}}]
                    """, 0), "hostProcess",
                    "pod and container \"a\" must not set securityContext.windowsOptions.hostProcess=true");
            assertForbidden(run(check, "spec: {securityContext: {windowsOptions: {hostProcess: true}}}", 0),
                    "hostProcess", "pod must not set securityContext.windowsOptions.hostProcess=true");
        }
    }

    @Nested
    class HostProbesAndHostLifecycle {
        final Check check = new HostProbesAndHostLifecycleCheck();
        final String yaml = """
                spec:
                  containers:
                  - name: b
                    livenessProbe: {httpGet: {host: evil.example, port: 80}}
                    lifecycle: {preStop: {tcpSocket: {host: 10.0.0.1, port: 1}}}
                  - name: a
                    readinessProbe: {tcpSocket: {host: evil.example, port: 80}}
                  - name: ok
                    startupProbe: {httpGet: {host: "", port: 80}}
                """;

        @Test
        void appliesFromV134() {
            assertEquals(BaselineChecksTest.versions(34), check.versions());
            assertFalse(check.appliesAt(Version.of(33)));
            assertTrue(check.appliesAt(Version.of(34)));
            assertAllowed(run(check, yaml, 33));
        }

        @Test
        void containersAndHostsAreSorted() {
            assertForbidden(run(check, yaml, 34), "probe or lifecycle host",
                    "containers \"a\", \"b\" use probe or lifecycle hosts \"10.0.0.1\", \"evil.example\"");
            assertForbidden(run(check, "spec: {initContainers: [{name: i, lifecycle: {postStart: {httpGet: "
                    + "{host: h, port: 1}}}}]}", 37), "probe or lifecycle host",
                    "container \"i\" uses probe or lifecycle host \"h\"");
        }
    }
}
