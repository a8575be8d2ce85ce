package dev.psp2psa.pss;

import static dev.psp2psa.pss.BaselineChecksTest.versions;
import static dev.psp2psa.pss.TestPods.assertAllowed;
import static dev.psp2psa.pss.TestPods.assertForbidden;
import static dev.psp2psa.pss.TestPods.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RestrictedChecksTest {

    static final String WINDOWS_BARE = """
            spec:
              os: {name: windows}
              containers: [{name: a}]
            """;

    @Nested
    class RestrictedVolumes {
        final Check check = new RestrictedVolumesCheck();

        @Test
        void identity() {
            assertEquals(Level.RESTRICTED, check.level());
            assertEquals(versions(0), check.versions());
            assertEquals(Optional.of("hostPathVolumes"), check.overrides());
        }

        @Test
        void allowedTypesAndTheImplicitEmptyDir() {
            assertAllowed(run(check, """
                    spec:
                      volumes:
                      - {name: implicit}
                      - {name: a, emptyDir: {}}
                      - {name: b, configMap: {name: c}}
                      - {name: c, secret: {secretName: s}}
                      - {name: d, image: {reference: "registry.example/x:1"}}
                      - {name: e, csi: {driver: d}}
                      - {name: f, projected: {sources: []}}
                    """, 0));
        }

        @Test
        void namesVolumesAndSortedTypes() {
            assertForbidden(run(check, """
                    spec:
                      volumes:
                      - {name: z, nfs: {server: s, path: /}}
                      - {name: ok, emptyDir: {}}
                      - {name: h, hostPath: {path: /}}
                    """, 0), "restricted volume types",
                    "volumes \"z\", \"h\" use restricted volume types \"hostPath\", \"nfs\"");
            assertForbidden(run(check, "spec: {volumes: [{name: g, gitRepo: {repository: r}}]}", 37),
                    "restricted volume types", "volume \"g\" uses restricted volume type \"gitRepo\"");
        }

        @Test
        void anUnrecognisedSourceIsUnknown() {
            assertForbidden(run(check, "spec: {volumes: [{name: x, futureSource: {a: b}}]}", 0),
                    "restricted volume types", "volume \"x\" uses restricted volume type \"unknown\"");
        }
    }

    @Nested
    class AllowPrivilegeEscalation {
        final Check check = new AllowPrivilegeEscalationCheck();

        @Test
        void appliesFromV18() {
            assertEquals(versions(8, 25), check.versions());
            assertAllowed(run(check, "spec: {containers: [{name: a}]}", 7));
        }

        @Test
        void unsetAndTrueAreForbidden() {
            assertForbidden(run(check, """
                    spec:
                      containers:
                      - {name: a}
                      - {name: b, securityContext: {allowPrivilegeEscalation: true}}
                      - {name: c, securityContext: {allowPrivilegeEscalation: false}}
                    """, 8), "allowPrivilegeEscalation != false",
                    "containers \"a\", \"b\" must set securityContext.allowPrivilegeEscalation=false");
        }

        @Test
        void windowsPodsAreExemptFromV125() {
            assertForbidden(run(check, WINDOWS_BARE, 24), "allowPrivilegeEscalation != false",
                    "container \"a\" must set securityContext.allowPrivilegeEscalation=false");
            assertAllowed(run(check, WINDOWS_BARE, 25));
        }
    }

    @Nested
    class RunAsNonRoot {
        final Check check = new RunAsNonRootCheck();

        @Test
        void podLevelTrueCoversContainers() {
            assertEquals(versions(0, 35), check.versions());
            assertAllowed(run(check, "spec: {securityContext: {runAsNonRoot: true}, containers: [{name: a}]}", 0));
            assertAllowed(run(check, "spec: {containers: [{name: a, securityContext: {runAsNonRoot: true}}]}", 0));
        }

        @Test
        void explicitFalseWins() {
            assertForbidden(run(check, """
                    spec:
                      securityContext: {runAsNonRoot: false}
                      containers:
                      - {name: a, securityContext: {runAsNonRoot: false}}
                      - {name: b}
                    """, 0), "runAsNonRoot != true",
                    "pod and container \"a\" must not set securityContext.runAsNonRoot=false");
        }

        @Test
        void implicitlyUnset() {
            assertForbidden(run(check, "spec: {containers: [{name: a}, {name: b, securityContext: {}}]}", 0),
                    "runAsNonRoot != true", "pod or containers \"a\", \"b\" must set securityContext.runAsNonRoot=true");
        }

        @Test
        void userNamespacePodsAreExemptFromV135() {
            String yaml = "spec: {hostUsers: false, containers: [{name: a}]}";
            assertFalse(run(check, yaml, 34).allowed());
            assertAllowed(run(check, yaml, 35));
        }
    }

    @Nested
    class RunAsUser {
        final Check check = new RunAsUserCheck();
        final String root = """
                spec:
                  securityContext: {runAsUser: 0}
                  containers:
                  - {name: a, securityContext: {runAsUser: 0}}
                  - {name: b, securityContext: {runAsUser: 1000}}
                  - {name: c, securityContext: {runAsUser: 0}}
                """;

        @Test
        void appliesFromV123() {
            assertEquals(versions(23, 35), check.versions());
            assertAllowed(run(check, root, 22));
        }

        @Test
        void rootIsForbidden() {
            assertForbidden(run(check, root, 23), "runAsUser=0", "pod and containers \"a\", \"c\" must not set runAsUser=0");
            assertAllowed(run(check, "spec: {containers: [{name: a}]}", 23));
        }

        @Test
        void userNamespacePodsAreExemptFromV135() {
            String yaml = root + "  hostUsers: false\n";
            assertFalse(run(check, yaml, 34).allowed());
            assertAllowed(run(check, yaml, 35));
        }
    }

    @Nested
    class SeccompProfileRestricted {
        final Check check = new SeccompProfileRestrictedCheck();

        @Test
        void identity() {
            assertEquals(versions(19, 25), check.versions());
            assertEquals(Optional.of("seccompProfile_baseline"), check.overrides());
        }

        @Test
        void podLevelCoversContainers() {
            assertAllowed(run(check, """
                    spec:
                      securityContext: {seccompProfile: {type: RuntimeDefault}}
                      containers: [{name: a}, {name: b, securityContext: {seccompProfile: {type: Localhost}}}]
                    """, 19));
        }

        @Test
        void explicitBadValues() {
            assertForbidden(run(check, """
                    spec:
                      securityContext: {seccompProfile: {type: Unconfined}}
                      containers: [{name: a, securityContext: {seccompProfile: {type: Unconfined}}}, {name: b}]
                    """, 19), "seccompProfile",
                    "pod and container \"a\" must not set securityContext.seccompProfile.type to \"Unconfined\"");
        }

        @Test
        void unsetContainers() {
            assertForbidden(run(check, "spec: {containers: [{name: a}], initContainers: [{name: i}]}", 19),
                    "seccompProfile", "pod or containers \"i\", \"a\" must set securityContext.seccompProfile.type to "
                            + "\"RuntimeDefault\" or \"Localhost\"");
        }

        @Test
        void windowsPodsAreExemptFromV125() {
            assertFalse(run(check, WINDOWS_BARE, 24).allowed());
            assertAllowed(run(check, WINDOWS_BARE, 25));
        }
    }

    @Nested
    class CapabilitiesRestricted {
        final Check check = new CapabilitiesRestrictedCheck();

        @Test
        void identity() {
            assertEquals(versions(22, 25), check.versions());
            assertEquals(Optional.of("capabilities_baseline"), check.overrides());
        }

        @Test
        void dropAllAndNetBindServiceAreAllowed() {
            assertAllowed(run(check, "spec: {containers: [{name: a, securityContext: {capabilities: "
                    + "{drop: [ALL], add: [NET_BIND_SERVICE]}}}]}", 22));
        }

        @Test
        void bothDetailsJoinedBySemicolon() {
            assertForbidden(run(check, """
                    spec:
                      containers:
                      - {name: a}
                      - {name: b, securityContext: {capabilities: {drop: [NET_RAW], add: [SYS_ADMIN, CHOWN]}}}
                      - {name: c, securityContext: {capabilities: {drop: [ALL], add: [CHOWN]}}}
                    """, 22), "unrestricted capabilities",
                    "containers \"a\", \"b\" must set securityContext.capabilities.drop=[\"ALL\"]; "
                            + "containers \"b\", \"c\" must not include \"CHOWN\", \"SYS_ADMIN\" in "
                            + "securityContext.capabilities.add");
        }

        @Test
        void windowsPodsAreExemptFromV125() {
            assertFalse(run(check, WINDOWS_BARE, 24).allowed());
            assertAllowed(run(check, WINDOWS_BARE, 25));
        }
    }

    @Nested
    class ProcMountRestricted {
        final Check check = new ProcMountRestrictedCheck();

        @Test
        void identity() {
            assertEquals(versions(35), check.versions());
            assertEquals(Optional.of("procMount"), check.overrides());
        }

        @Test
        void userNamespacePodsAreNotRelaxed() {
            assertForbidden(run(check, """
                    spec:
                      hostUsers: false
                      containers: [{name: a, securityContext: {procMount: Unmasked}}]
                    """, 35), "procMount", "container \"a\" must not set securityContext.procMount to \"Unmasked\"");
            assertAllowed(run(check, "spec: {containers: [{name: a, securityContext: {procMount: Default}}]}", 35));
        }
    }
}
