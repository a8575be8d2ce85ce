package dev.psp2psa.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PlanBuilderTest {

    static Plan plan(String path, boolean includeUsers) {
        Inventory inv = new InventoryReader().read(List.of(path), null);
        return PlanBuilder.standard().build(inv, new PlanRequest(Version.NEWEST,
                new TreeSet<String>(), includeUsers));
    }

    static Plan planOf(String yaml) {
        Inventory inv = new InventoryReader().read(List.of("-"),
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        return PlanBuilder.standard().build(inv, new PlanRequest(Version.NEWEST,
                new TreeSet<String>(), false));
    }

    static NamespacePlan ns(Plan plan, String name) {
        return plan.namespaces().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no namespace " + name));
    }

    static PspSummary psp(Plan plan, String name) {
        return plan.psps().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    static List<String> usable(NamespacePlan n) {
        return n.psps().stream().map(NamespacePsp::name).toList();
    }

    @Test
    void docsTrioLevelsFollowTheMappingTable() {
        Plan plan = plan("samples/cluster", false);
        assertEquals(Level.PRIVILEGED, psp(plan, "privileged").level());
        assertEquals(Level.BASELINE, psp(plan, "baseline").level());
        // The documentation's restricted PSP leaves seLinux at RunAsAny: the table puts that outside baseline.
        PspSummary restricted = psp(plan, "restricted");
        assertEquals(Level.PRIVILEGED, restricted.level());
        assertEquals(Set.of("seLinux"), restricted.reasons().stream().map(PspReason::field)
                .collect(java.util.stream.Collectors.toSet()));
        PspReason r = restricted.reasons().get(0);
        assertEquals("seLinuxOptions", r.check());
        assertEquals(Level.BASELINE, r.blocks());
        assertTrue(r.witness().toString().contains("seLinuxOptions"), r.witness().toString());
        assertTrue(restricted.mutating().contains("runAsUser"));
    }

    @Test
    void docsTrioNamespaces() {
        Plan plan = plan("samples/cluster", false);
        assertEquals(List.of("batch", "kube-system", "monitoring", "payments", "shop"),
                plan.namespaces().stream().map(NamespacePlan::name).toList());

        NamespacePlan shop = ns(plan, "shop");
        assertEquals(List.of("baseline", "restricted"), usable(shop));
        assertEquals(Optional.of(Level.PRIVILEGED), shop.policyLevel());
        assertEquals(Optional.of(Level.BASELINE), shop.workloadLevel());
        assertEquals(new Recommendation(Level.BASELINE, Level.RESTRICTED, Level.RESTRICTED, Version.NEWEST),
                shop.recommended());
        NamespacePsp baseline = shop.psps().get(0);
        assertEquals(List.of("*"), baseline.serviceAccounts());
        assertEquals(new GrantPath("Group system:serviceaccounts:shop", "RoleBinding shop/psp:baseline",
                "ClusterRole psp:baseline rule 0"), baseline.grants().get(0));
        // Restricted would deny three workloads because the baseline PSP let them escalate privileges.
        Tightening escalation = shop.tightenings().stream()
                .filter(t -> t.level() == Level.RESTRICTED && t.check().equals("allowPrivilegeEscalation"))
                .findFirst().orElseThrow();
        assertEquals("baseline", escalation.psp());
        assertEquals(List.of("Deployment/storefront", "ReplicaSet/legacy-gateway", "Pod/debug-shell"),
                escalation.workloads());

        NamespacePlan monitoring = ns(plan, "monitoring");
        assertEquals(Level.PRIVILEGED, monitoring.recommended().enforce(), "node-exporter needs the host");
        assertEquals(Level.BASELINE, monitoring.recommended().audit());
        NamespacePsp privileged = monitoring.psps().stream().filter(p -> p.name().equals("privileged"))
                .findFirst().orElseThrow();
        assertEquals(List.of("node-exporter"), privileged.serviceAccounts());
        NamespacePsp everyone = monitoring.psps().stream().filter(p -> p.name().equals("restricted"))
                .findFirst().orElseThrow();
        assertEquals(List.of("(controllers)", "*"), everyone.serviceAccounts());

        NamespacePlan payments = ns(plan, "payments");
        assertEquals(Level.RESTRICTED, payments.recommended().enforce());

        NamespacePlan kubeSystem = ns(plan, "kube-system");
        assertFalse(kubeSystem.exempt(), "kube-system is planned like any namespace and keeps its gap policies");
        assertEquals(Optional.of(Level.PRIVILEGED), kubeSystem.policyLevel());
        assertEquals(Level.PRIVILEGED, kubeSystem.recommended().enforce(), "kube-proxy needs the host");
        assertFalse(kubeSystem.gaps().isEmpty());
        assertEquals(List.of(), plan.exemptNamespaces());
        // The default class: every namespace the input does not name, where only system:authenticated's grant holds.
        assertEquals(List.of("restricted"), usable(plan.defaultClass()));
        assertEquals(Optional.of(Level.PRIVILEGED), plan.defaultClass().policyLevel(), "seLinux RunAsAny");
        assertFalse(plan.defaultClass().gaps().isEmpty(), "its gaps are what the default-class policy keeps");
        // Unlabelled namespaces get what the cluster-wide grant (restricted PSP to system:authenticated) allowed.
        assertEquals(Level.PRIVILEGED, plan.defaults().enforce());
    }

    /** One sentence per namespace says why, from the plan's own facts. */
    @Test
    void eachNamespaceSaysWhyInOneSentence() {
        Plan plan = plan("samples/multi-tenant", false);
        NamespacePlan tenantA = ns(plan, "tenant-a");
        long required = tenantA.mutations().stream().filter(FieldToAdd::required).count();
        assertEquals("enforce baseline: every given workload PSP admits passes baseline once the " + required
                + " required field(s) to add below are set (" + tenantA.denials().size() + " workload(s) are denied as "
                + "they are); the usable PSPs allow more than baseline (tenant-restricted: seLinux rule=RunAsAny), "
                + "which no given workload uses; restricted would deny a given workload (see the tightenings and "
                + "assumptions); " + tenantA.gaps().size() + " restriction(s) PSA does not enforce are kept by the gap "
                + "policies.", tenantA.why());
        assertTrue(plan.defaultClass().why().startsWith("enforce restricted: no PSP was usable here"),
                plan.defaultClass().why());
    }

    /** Each gap names the PSP fields and annotations it comes from, as the PSPs set them. */
    @Test
    void gapsNameThePspFieldsTheyComeFrom() {
        NamespacePlan shop = ns(plan("samples/cluster", false), "shop");
        java.util.Map<String, List<String>> fields = new java.util.TreeMap<>();
        shop.gaps().forEach(g -> fields.put(g.rule(), g.fields()));
        assertEquals(List.of("allowPrivilegeEscalation", "defaultAllowPrivilegeEscalation"),
                fields.get("allowPrivilegeEscalation"));
        assertEquals(List.of("allowedCapabilities", "requiredDropCapabilities"), fields.get("capabilities"));
        assertTrue(fields.get("seccomp").contains("seccomp.security.alpha.kubernetes.io/allowedProfileNames"),
                fields.toString());
    }

    @Test
    void workloadsThatReliedOnPspDefaultsGetTheFieldsToAdd() {
        Plan plan = plan("samples/cluster", false);
        NamespacePlan batch = ns(plan, "batch");
        assertEquals(Level.RESTRICTED, batch.recommended().enforce());
        assertTrue(batch.mutations().contains(new FieldToAdd("Job/db-migrate", "restricted",
                "spec.template.spec.containers[0].securityContext.runAsNonRoot", "true")), batch.mutations().toString());
        // PSP set fsGroup too; the new policies do not require it (no fsGroup adds no group), but the workload may
        // rely on the volume ownership it gives: listed, as not required.
        assertTrue(batch.mutations().contains(new FieldToAdd("CronJob/nightly-report", "restricted",
                "spec.jobTemplate.spec.template.spec.securityContext.fsGroup", "1", false)),
                batch.mutations().toString());
        assertFalse(batch.mutations().stream().anyMatch(m -> m.field().contains("seccomp.security.alpha")),
                "the seccomp annotations only mirror the field");
        NamespacePlan shop = ns(plan, "shop");
        assertFalse(shop.mutations().stream().anyMatch(m -> m.field().contains("capabilities.add")),
                "capabilities added in another order are not a mutation");
    }

    @Test
    void privilegedPspGrantedToAuthenticatedMakesEveryNamespacePrivilegedByPolicy() {
        Plan plan = plan("samples/authenticated-privileged", false);
        for (NamespacePlan n : plan.namespaces()) {
            assertTrue(usable(n).contains("99-privileged"), n.name());
            assertEquals(Optional.of(Level.PRIVILEGED), n.policyLevel(), n.name());
        }
        assertEquals(Level.PRIVILEGED, plan.defaults().enforce());
        assertEquals(Level.RESTRICTED, ns(plan, "web").recommended().enforce(), "its workload passes restricted");
        assertEquals(Level.BASELINE, ns(plan, "jobs").recommended().enforce(), "cleanup fails restricted");
        assertTrue(plan.users().stream().anyMatch(u -> u.subject().equals("Group system:authenticated")
                && u.psps().contains("99-privileged")), plan.users().toString());
    }

    /**
     * PSP's MustRunAsNonRoot admits a container with {@code runAsUser: 999} and no {@code runAsNonRoot}
     * ({@code nonroot.go} Validate accepts a non-zero runAsUser, and the provider only defaults runAsNonRoot when
     * runAsUser is unset), while PSA's restricted {@code runAsNonRoot} check requires {@code runAsNonRoot: true}.
     * tenant-a's StatefulSet/cache is such a pod, so restricted would stop it: the recommendation is baseline.
     */
    @Test
    void aLevelThatWouldStopAWorkloadPspAdmitsIsNotRecommended() {
        Plan plan = plan("samples/multi-tenant", false);
        NamespacePlan tenantA = ns(plan, "tenant-a");
        assertEquals(Level.BASELINE, tenantA.recommended().enforce());
        assertTrue(tenantA.assumptions().stream().anyMatch(a -> a.startsWith("Enforce is baseline, not restricted: "
                + "StatefulSet/cache (runAsNonRoot) fails restricted even with the fields PSP set")),
                tenantA.assumptions().toString());
        // The gaps are taken at baseline, so nothing tenant-restricted enforced is lost.
        assertTrue(tenantA.gaps().stream().anyMatch(g -> g.rule().equals("allowPrivilegeEscalation")));
        assertTrue(tenantA.gaps().stream().anyMatch(g -> g.rule().equals("volumes")));
    }

    /** A probe host: no PSP field restricts it, PSA's hostProbesAndHostLifecycle (v1.34+) denies it at baseline. */
    @Test
    void aProbeHostThatPspAdmittedKeepsItsNamespacePrivileged() {
        String prober = """
                apiVersion: v1
                kind: Pod
                metadata: {name: prober, namespace: payments}
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile: {type: RuntimeDefault}
                    fsGroup: 1
                    supplementalGroups: [1]
                  containers:
                  - name: app
                    image: busybox
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL]}
                    livenessProbe:
                      httpGet: {host: 10.0.0.1, port: 8080, path: /}
                """;
        StringBuilder all = new StringBuilder();
        for (String f : List.of("psps.yaml", "rbac.yaml", "namespaces.yaml", "workloads/payments.yaml")) {
            try {
                all.append(java.nio.file.Files.readString(java.nio.file.Path.of("samples/cluster", f)))
                        .append("\n---\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        NamespacePlan without = ns(planOf(all.toString()), "payments");
        assertEquals(Level.RESTRICTED, without.recommended().enforce());
        NamespacePlan with = ns(planOf(all + prober), "payments");
        assertEquals(Level.PRIVILEGED, with.recommended().enforce(), "baseline denies the probe host too");
        assertTrue(with.assumptions().stream().anyMatch(a -> a.startsWith("Enforce is privileged, not restricted: "
                + "Pod/prober (hostProbesAndHostLifecycle) fails restricted")), with.assumptions().toString());
        // PSP set the runtime/default AppArmor default on it, which an unset profile gets anyway: not denied for it.
        assertEquals(List.of(), with.denials().stream().filter(d -> d.workload().equals("Pod/prober")).toList());
        assertTrue(with.mutations().stream().anyMatch(m -> m.workload().equals("Pod/prober") && !m.required()),
                with.mutations().toString());
    }

    /**
     * What the recommendation rests on: in batch (restricted PSP only), the workloads whose pods PSP changed are
     * denied as they are, with the checks they fail at restricted as submitted, until their fields are added.
     */
    @Test
    void workloadsDeniedAsTheyAreAreNamedWithTheirChecks() {
        NamespacePlan batch = ns(plan("samples/cluster", false), "batch");
        assertEquals(Level.RESTRICTED, batch.recommended().enforce());
        WorkloadDenial migrate = batch.denials().stream().filter(d -> d.workload().equals("Job/db-migrate"))
                .findFirst().orElseThrow(() -> new AssertionError(batch.denials().toString()));
        assertTrue(migrate.checks().contains("runAsNonRoot"), migrate.toString());
        assertEquals(batch.mutations().stream().filter(m -> m.workload().equals("Job/db-migrate") && m.required())
                .count(), migrate.fields(), "the fields the new policies require");
        assertTrue(batch.mutations().stream().anyMatch(m -> m.workload().equals("Job/db-migrate") && !m.required()),
                "and fsGroup or supplementalGroups, which they do not");
        for (WorkloadDenial d : batch.denials()) {
            assertTrue(d.fields() > 0 || !d.checks().isEmpty(), d.toString());
        }
    }

    /**
     * PSA labels the Namespaces carry today: an enforce level stricter than what the PSPs allow is in force already
     * (PSA runs beside PSP), so it is kept and said; a value that names no level is enforced as restricted
     * ({@code PolicyToEvaluate}, pod-security-admission api/helpers.go).
     */
    @Test
    void anEnforceLabelInForceIsNeverLoosenedSilently() {
        Plan plan = planOf("""
                apiVersion: policy/v1beta1
                kind: PodSecurityPolicy
                metadata: {name: anything}
                spec:
                  privileged: true
                  hostNetwork: true
                  seLinux: {rule: RunAsAny}
                  runAsUser: {rule: RunAsAny}
                  supplementalGroups: {rule: RunAsAny}
                  fsGroup: {rule: RunAsAny}
                  volumes: ['*']
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: psp-anything}
                rules: [{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [anything]}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: psp-anything}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: psp-anything}
                subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: 'system:serviceaccounts'}]
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: locked
                  labels: {pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/enforce-version: v1.24}
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: typo
                  labels: {pod-security.kubernetes.io/enforce: Baseline}
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: open
                  labels: {pod-security.kubernetes.io/enforce: privileged, pod-security.kubernetes.io/warn: baseline}
                """);
        NamespacePlan locked = ns(plan, "locked");
        assertEquals(Level.BASELINE, locked.recommended().enforce());
        assertEquals("baseline", locked.current().enforce());
        assertEquals("v1.24", locked.current().enforceVersion());
        assertTrue(locked.assumptions().contains("The namespace enforces baseline:v1.24 today, stricter than the "
                + "privileged its usable PSPs and workloads allow: kept, so that nothing it denies today is admitted."),
                locked.assumptions().toString());
        NamespacePlan typo = ns(plan, "typo");
        assertEquals(Level.RESTRICTED, typo.recommended().enforce());
        assertTrue(typo.assumptions().stream().anyMatch(a -> a.contains("(\"Baseline\" names no level, so PSA "
                + "enforces restricted)")), typo.assumptions().toString());
        NamespacePlan open = ns(plan, "open");
        assertEquals(Level.PRIVILEGED, open.recommended().enforce());
        assertEquals("baseline", open.current().warn());
        assertTrue(open.assumptions().stream().noneMatch(a -> a.contains("today")), open.assumptions().toString());
        assertTrue(plan.defaultClass().current().isEmpty());
    }

    @Test
    void multiTenantScopesGrantsAndKeepsUsersApart() {
        Plan plan = plan("samples/multi-tenant", false);
        NamespacePlan tenantB = ns(plan, "tenant-b");
        assertEquals(List.of("tenant-baseline", "tenant-restricted"), usable(tenantB));
        assertEquals(List.of("legacy-api"), tenantB.psps().get(0).serviceAccounts());
        assertEquals(List.of("*"), tenantB.psps().get(1).serviceAccounts());
        assertTrue(tenantB.psps().get(1).grants().get(0).role().contains("psp:tenant"),
                "reached through the aggregated ClusterRole");
        assertEquals(List.of("tenant-restricted"), usable(ns(plan, "tenant-a")));
        assertEquals(List.of("cni-privileged"), usable(ns(plan, "calico-system")));
        assertEquals(Level.RESTRICTED, plan.defaults().enforce(), "no cluster-wide grant: PSP denied every pod");
        assertTrue(plan.problems().stream().anyMatch(p -> p.contains("psp:fluentd")), plan.problems().toString());
        assertTrue(plan.users().stream().anyMatch(u -> u.subject().equals("Group platform-operators")));

        Plan withUsers = plan("samples/multi-tenant", true);
        assertTrue(usable(ns(withUsers, "tenant-a")).contains("cni-privileged"), "operators count with users");
        assertTrue(ns(withUsers, "tenant-a").psps().stream().filter(p -> p.name().equals("cni-privileged"))
                .findFirst().orElseThrow().serviceAccounts().contains("(users)"));
    }

    @Test
    void namespaceWithoutUsablePspIsNoneAndRestricted() {
        Plan plan = planOf("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: locked}
                """);
        NamespacePlan locked = ns(plan, "locked");
        assertEquals(Optional.empty(), locked.policyLevel());
        assertEquals("none", locked.policyLevelId());
        assertEquals(Level.RESTRICTED, locked.recommended().enforce());
        assertTrue(locked.assumptions().stream().anyMatch(a -> a.contains("rejected every pod")));
    }

    @Test
    void withoutWorkloadsTheRecommendationIsThePolicyLevel() {
        Plan plan = planOf("""
                apiVersion: policy/v1beta1
                kind: PodSecurityPolicy
                metadata: {name: open}
                spec:
                  privileged: true
                  seLinux: {rule: RunAsAny}
                  runAsUser: {rule: RunAsAny}
                  supplementalGroups: {rule: RunAsAny}
                  fsGroup: {rule: RunAsAny}
                  volumes: ['*']
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: use-open, namespace: apps}
                rules:
                - {apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: use-open, namespace: apps}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: use-open}
                subjects:
                - {kind: ServiceAccount, name: default, namespace: apps}
                """);
        NamespacePlan apps = ns(plan, "apps");
        assertEquals(Optional.of(Level.PRIVILEGED), apps.policyLevel());
        assertEquals(Optional.empty(), apps.workloadLevel());
        assertEquals(Level.PRIVILEGED, apps.recommended().enforce());
        assertEquals(Level.BASELINE, apps.recommended().audit());
        assertEquals(List.of("default"), apps.psps().get(0).serviceAccounts());
        assertFalse(apps.tightenings().isEmpty());
        assertTrue(apps.tightenings().stream().allMatch(t -> t.workloads().isEmpty()));
    }

    @Test
    void recommendationAuditsAndWarnsOneLevelStricter() {
        assertEquals(Level.BASELINE, Recommendation.of(Level.PRIVILEGED, Version.NEWEST).warn());
        assertEquals(Level.RESTRICTED, Recommendation.of(Level.BASELINE, Version.NEWEST).audit());
        assertEquals(Level.RESTRICTED, Recommendation.of(Level.RESTRICTED, Version.NEWEST).warn());
    }

    @Test
    void theTemplatePathOfEachKind() {
        assertEquals("", dev.psp2psa.psp.AdmissionDiff.templatePath("Pod"));
        assertEquals("spec.jobTemplate.spec.template.", dev.psp2psa.psp.AdmissionDiff.templatePath("CronJob"));
        assertEquals("spec.template.", dev.psp2psa.psp.AdmissionDiff.templatePath("DaemonSet"));
    }
}
