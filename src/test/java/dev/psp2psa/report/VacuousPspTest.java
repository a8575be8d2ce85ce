package dev.psp2psa.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.format.Json;
import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.plan.PlanBuilder;
import dev.psp2psa.plan.PlanRequest;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A PSP that admits no pod is never reported as restricted with no reasons: every report says it admits no pod and
 * why, and it counts in no namespace's policy level (issue 10, "No vacuous answers").
 */
class VacuousPspTest {

    /**
     * {@code broken} sets seLinux MustRunAs without seLinuxOptions: {@code NewMustRunAs} in
     * pkg/security/podsecuritypolicy/selinux/mustrunas.go fails, so the provider cannot be built and PSP admission
     * skips the PSP for every pod. {@code open} is a privileged PSP. Both are usable in {@code app}.
     */
    private static final String YAML = """
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata: {name: broken}
            spec:
              seLinux: {rule: MustRunAs}
              runAsUser: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
              volumes: ["*"]
            ---
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata: {name: open}
            spec:
              privileged: true
              seLinux: {rule: RunAsAny}
              runAsUser: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
              volumes: ["*"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: psp-all}
            rules:
            - {apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [broken, open]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: psp-all, namespace: app}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: psp-all}
            subjects:
            - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:serviceaccounts:app"}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: psp-broken}
            rules:
            - {apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [broken]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: psp-broken, namespace: lonely}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: psp-broken}
            subjects:
            - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:serviceaccounts:lonely"}
            """;

    private static Plan plan() {
        Inventory inv = new InventoryReader().read(List.of("-"),
                new ByteArrayInputStream(YAML.getBytes(StandardCharsets.UTF_8)));
        return PlanBuilder.standard().build(inv, new PlanRequest(Version.NEWEST,
                new TreeSet<String>(), false));
    }

    private static NamespacePlan ns(Plan plan, String name) {
        return plan.namespaces().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void jsonSaysNoneWithTheErrors() throws Exception {
        JsonNode psps = Json.mapper().readTree(PlanReports.json(plan())).get("psps");
        JsonNode broken = psps.get(0);
        assertEquals("broken", broken.get("name").asText());
        assertEquals("none", broken.get("level").asText());
        assertEquals(0, broken.get("reasons").size());
        assertTrue(broken.get("configurationErrors").get(0).asText().contains("MustRunAs requires SELinuxContextStrategyOptions"),
                broken.toString());
        assertEquals(0, psps.get(1).get("configurationErrors").size(), "a working PSP has none");
    }

    @Test
    void theBrokenPspCountsInNoPolicyLevel() {
        Plan plan = plan();
        NamespacePlan app = ns(plan, "app");
        assertEquals(Optional.of(Level.PRIVILEGED), app.policyLevel(), "the level of open alone");
        assertTrue(app.assumptions().stream().anyMatch(a -> a.startsWith("PSP broken admits no pod")),
                app.assumptions().toString());
        NamespacePlan lonely = ns(plan, "lonely");
        assertEquals(Optional.empty(), lonely.policyLevel(), "only a PSP that admits no pod: as if none were usable");
        assertEquals(Level.RESTRICTED, lonely.recommended().enforce());
        assertTrue(lonely.assumptions().stream().anyMatch(a -> a.contains("counts as no usable PSP")),
                lonely.assumptions().toString());
    }

    @Test
    void everyDocumentSaysItAdmitsNoPod() {
        Plan plan = plan();
        String md = PlanReports.markdown(plan);
        assertTrue(md.contains("### broken: none"), md);
        assertTrue(md.contains("**Admits no pod.**"), md);
        assertTrue(md.contains("1 admitting no pod"), md);
        String html = PlanReports.html(plan);
        assertTrue(html.contains("<strong>Admits no pod.</strong>"), html);
        assertTrue(html.contains("level-none\">none"), html);
        String terminal = AnalyzeRenderer.table(plan);
        assertTrue(terminal.contains("PSP broken admits no pod ("), terminal);
    }
}
