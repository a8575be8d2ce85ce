package dev.psp2psa.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plan judges workloads as a 1.23/1.24 API server handled their pods (docs/psp-semantics.md, "The request
 * path"), not as they were written. Each case comes from the Kubernetes function it names.
 */
class RequestPathTest {

    /** Namespace {@code app} whose service accounts may use the given PSPs (ClusterRole "use" + RoleBinding). */
    private static String cluster(String psps, String... pspNames) {
        StringBuilder rbac = new StringBuilder();
        for (String name : pspNames) {
            rbac.append("""
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata: {name: psp-%1$s}
                    rules:
                    - {apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [%1$s]}
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: psp-%1$s, namespace: app}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: psp-%1$s}
                    subjects:
                    - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:serviceaccounts:app"}
                    """.formatted(name));
        }
        return psps + rbac;
    }

    private static final String OPEN_SPEC = """
              privileged: true
              allowPrivilegeEscalation: true
              allowedCapabilities: ["*"]
              volumes: ["*"]
              hostNetwork: true
              hostPorts: [{min: 0, max: 65535}]
              hostIPC: true
              hostPID: true
              runAsUser: {rule: RunAsAny}
              seLinux: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
            """;

    private static String psp(String name, String annotations, String spec) {
        return """
                ---
                apiVersion: policy/v1beta1
                kind: PodSecurityPolicy
                metadata:
                  name: %s
                  annotations: {%s}
                spec:
                %s""".formatted(name, annotations, spec.indent(2).stripTrailing()) + "\n";
    }

    private static String deployment(String podMetadata, String podSpec) {
        return """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: app}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}%s}
                    spec:
                %s""".formatted(podMetadata, podSpec.indent(6).stripTrailing()) + "\n";
    }

    private static NamespacePlan app(String yaml) {
        return PlanBuilderTest.ns(PlanBuilderTest.planOf(yaml), "app");
    }

    /**
     * {@code SetDefaults_PodSpec} sets hostPort to containerPort under hostNetwork, so a PSP that allows hostNetwork
     * but no host ports rejects every hostNetwork pod that declares a port ({@code hostPortsAllowed} in provider.go).
     */
    @Test
    void hostNetworkPortsAreJudgedAsDefaulted() {
        String spec = OPEN_SPEC.replace("hostPorts: [{min: 0, max: 65535}]", "hostPorts: []");
        NamespacePlan ns = app(cluster(psp("hostnet", "", spec), "hostnet") + deployment("", """
                hostNetwork: true
                containers:
                - name: dns
                  image: registry.example/dns:1
                  ports: [{containerPort: 53, protocol: UDP}]
                """));
        assertTrue(ns.assumptions().stream().anyMatch(a -> a.contains("Deployment/web")
                && a.contains("admitted by none of the PSPs")), ns.assumptions().toString());
    }

    /**
     * {@code computeSecurityContext}: a PSP that admits the pod unchanged wins over an earlier one that mutates it.
     * The seccomp strategy's {@code Generate} returns an annotation-only pod's own profile, so that pod is unchanged
     * by a PSP that allows it; the API server adds the field only afterwards ({@code PrepareForCreate}).
     */
    @Test
    void anAnnotationOnlySeccompPodIsUnchangedAndTheNonMutatingPspWins() {
        String seccomp = "seccomp.security.alpha.kubernetes.io/allowedProfileNames: '*'";
        String mutating = OPEN_SPEC.replace("allowPrivilegeEscalation: true",
                "allowPrivilegeEscalation: true\n  defaultAllowPrivilegeEscalation: false");
        NamespacePlan ns = app(cluster(psp("a-defaults", seccomp, mutating) + psp("b-plain", seccomp, OPEN_SPEC),
                "a-defaults", "b-plain") + deployment(
                ", annotations: {seccomp.security.alpha.kubernetes.io/pod: runtime/default}", """
                automountServiceAccountToken: false
                containers:
                - {name: web, image: registry.example/web:1}
                """));
        assertEquals(List.of(), ns.mutations(), "b-plain admits the pod as it is: nothing to add");
    }

    /**
     * ServiceAccount admission adds the projected {@code kube-api-access-*} volume before PSP runs, so a PSP that
     * allows neither {@code secret} nor {@code projected} rejects every pod that mounts the token, and admits it
     * when the ServiceAccount turns automount off ({@code shouldAutomount}).
     */
    @Test
    void theTokenVolumeIsJudgedUnlessAutomountIsOff() {
        String spec = OPEN_SPEC.replace("volumes: [\"*\"]", "volumes: [configMap, emptyDir]");
        String base = cluster(psp("no-secrets", "", spec), "no-secrets") + deployment("", """
                containers:
                - {name: web, image: registry.example/web:1}
                """);
        NamespacePlan mounted = app(base);
        assertTrue(mounted.assumptions().stream().anyMatch(a -> a.contains("Deployment/web")
                && a.contains("admitted by none of the PSPs")), mounted.assumptions().toString());
        NamespacePlan off = app(base + """
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: default, namespace: app}
                automountServiceAccountToken: false
                """);
        assertTrue(off.assumptions().stream().noneMatch(a -> a.contains("admitted by none")),
                off.assumptions().toString());
    }

    /**
     * A 1.24 API server drops {@code securityContext.appArmorProfile} (added in 1.30) when it decodes the object, so
     * PSP judged such a pod by its annotations only and wrote its AppArmor default.
     */
    @Test
    void fieldsA124ServerDoesNotKnowAreNotJudgedByPsp() {
        String spec = OPEN_SPEC;
        String apparmor = "apparmor.security.beta.kubernetes.io/allowedProfileNames: runtime/default, "
                + "apparmor.security.beta.kubernetes.io/defaultProfileName: runtime/default";
        NamespacePlan ns = app(cluster(psp("apparmor", apparmor, spec), "apparmor") + deployment("", """
                containers:
                - name: web
                  image: registry.example/web:1
                  securityContext:
                    appArmorProfile: {type: Unconfined}
                volumes:
                - name: model
                  image: {reference: registry.example/model:1}
                """));
        assertTrue(ns.assumptions().stream().noneMatch(a -> a.contains("admitted by none")),
                ns.assumptions().toString());
        assertTrue(ns.mutations().stream().anyMatch(m -> m.field().contains("container.apparmor.security.beta"
                + ".kubernetes.io/web")), ns.mutations().toString());
    }

    /**
     * A PSP that forbids privilege escalation writes {@code allowPrivilegeEscalation: false} into a privileged
     * container, and {@code ValidateSecurityContext} then rejects the pod: it was never created.
     */
    @Test
    void aPrivilegedPodThatPspMakesInvalidIsNotCreated() {
        String spec = OPEN_SPEC.replace("allowPrivilegeEscalation: true", "allowPrivilegeEscalation: false");
        NamespacePlan ns = app(cluster(psp("no-escalation", "", spec), "no-escalation") + deployment("", """
                containers:
                - name: web
                  image: registry.example/web:1
                  securityContext: {privileged: true}
                """));
        assertTrue(ns.assumptions().stream().anyMatch(a -> a.contains("Deployment/web")
                && a.contains("the API server rejects the pod")), ns.assumptions().toString());
    }
}
