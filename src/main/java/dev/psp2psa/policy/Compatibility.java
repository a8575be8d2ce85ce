package dev.psp2psa.policy;

import dev.psp2psa.pss.Version;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one compatibility table of psp2psa: for every API it writes, the Kubernetes versions that serve it by default
 * and the engine releases that run it, and the decisions taken from them for a cluster version (DESIGN §5, §6).
 * {@code docs/compatibility.md} holds the same table, with the sources; a test keeps them equal.
 */
public final class Compatibility {

    /**
     * One API psp2psa may write: served by default (with what {@code needs} says) from Kubernetes 1.{@code from}
     * to 1.{@code until} (0: still served).
     */
    public record ApiSupport(String id, String api, int from, int until, String needs, String engines) {

        public boolean servedBy(Version cluster) {
            return cluster.minor() >= from && (until == 0 || cluster.minor() <= until);
        }

        /** The apiVersion it names ({@code group/version}): the first word of {@link #api}. */
        public String apiVersion() {
            return api.split(" ", 2)[0];
        }

        public String versions() {
            return "1." + from + (until == 0 ? "+" : "–1." + until);
        }
    }

    /** The oldest cluster psp2psa plans for: Pod Security Admission exists from 1.22 (alpha, behind a gate). */
    public static final int OLDEST = 22;
    /** The last Kubernetes version with PodSecurityPolicy: the default cluster version without a live cluster. */
    public static final Version LAST_PSP = Version.of(24);

    public static final ApiSupport PSA_V1ALPHA1 = new ApiSupport("psa-config-v1alpha1",
            "pod-security.admission.config.k8s.io/v1alpha1 PodSecurityConfiguration", 22, 0,
            "1.22: feature gate PodSecurity=true (alpha, off by default)", "-");
    public static final ApiSupport PSA_V1BETA1 = new ApiSupport("psa-config-v1beta1",
            "pod-security.admission.config.k8s.io/v1beta1 PodSecurityConfiguration", 23, 0, "-", "-");
    public static final ApiSupport PSA_V1 = new ApiSupport("psa-config-v1",
            "pod-security.admission.config.k8s.io/v1 PodSecurityConfiguration", 25, 0, "-", "-");
    public static final ApiSupport PSA_LABELS = new ApiSupport("psa-labels",
            "pod-security.kubernetes.io/* namespace labels (PodSecurity admission)", 23, 0,
            "1.22: feature gate PodSecurity=true (alpha, off by default)", "-");
    public static final ApiSupport VAP_V1 = new ApiSupport("vap-v1",
            "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding", 30, 0,
            "- (1.28-1.29 serve v1beta1 only behind a feature gate and runtime-config)", "-");
    public static final ApiSupport MAP_V1 = new ApiSupport("map-v1",
            "admissionregistration.k8s.io/v1 MutatingAdmissionPolicy, MutatingAdmissionPolicyBinding (convert with vap; "
                    + "not with --no-mutations)", 36, 0,
            "- (1.34-1.35 serve v1beta1 only behind a feature gate and runtime-config)", "-");
    public static final ApiSupport MAP_V1BETA1 = new ApiSupport("map-v1beta1",
            "admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicy, MutatingAdmissionPolicyBinding (convert "
                    + "--mutating-admission-policy-beta)", 34, 35,
            "feature gate MutatingAdmissionPolicy=true and --runtime-config=admissionregistration.k8s.io/v1beta1=true "
                    + "(both off by default)", "-");
    public static final ApiSupport KYVERNO_CLUSTER_POLICY = new ApiSupport("kyverno-clusterpolicy-cel",
            "kyverno.io/v1 ClusterPolicy with validate.cel, spec-level validationFailureAction", 25, 0, "-",
            "Kyverno 1.11 or newer (validate.cel from 1.11; the spec-level action is deprecated from 1.13)");
    public static final ApiSupport KYVERNO_CLUSTER_POLICY_RULE_ACTION = new ApiSupport(
            "kyverno-clusterpolicy-cel-failureaction",
            "kyverno.io/v1 ClusterPolicy with validate.cel and rule-level validate.failureAction", 28, 0, "-",
            "Kyverno 1.13 or newer (ClusterPolicy marked for deprecation in 1.17, removal planned for 1.20)");
    public static final ApiSupport KYVERNO_VALIDATING_POLICY = new ApiSupport("kyverno-validatingpolicy-v1",
            "policies.kyverno.io/v1 ValidatingPolicy", 32, 0, "-", "Kyverno 1.17 or newer");
    public static final ApiSupport GATEKEEPER_REGO = new ApiSupport("gatekeeper-rego",
            "templates.gatekeeper.sh/v1 ConstraintTemplate with spec.targets[].rego", 22, 0, "-",
            "Gatekeeper 3.6 or newer (every release documented for Kubernetes 1.22-1.27 runs Rego only)");
    public static final ApiSupport GATEKEEPER_CEL = new ApiSupport("gatekeeper-k8snativevalidation",
            "templates.gatekeeper.sh/v1 ConstraintTemplate with spec.targets[].code K8sNativeValidation and Rego",
            28, 0, "-", "Gatekeeper 3.17 or newer (K8sNativeValidation beta, on by default)");
    public static final ApiSupport GATEKEEPER_CONSTRAINT = new ApiSupport("gatekeeper-constraint",
            "constraints.gatekeeper.sh/v1beta1 constraints of psp2psa's and the library's kinds", 22, 0, "-",
            "Gatekeeper 3.6 or newer");
    public static final ApiSupport GATEKEEPER_MUTATION = new ApiSupport("gatekeeper-mutation-v1",
            "mutations.gatekeeper.sh/v1 Assign, AssignMetadata (convert; not with --no-mutations)", 22, 0, "-",
            "Gatekeeper 3.10 or newer (mutation stable, on by default; 3.7-3.9: v1beta1, beta, on by default; "
                    + "before: v1alpha1 behind --enable-mutation)");
    public static final ApiSupport NAMESPACE_NAME_LABEL = new ApiSupport("namespace-name-label",
            "kubernetes.io/metadata.name label on every Namespace (policies select namespaces by it)", 21, 0, "-",
            "-");

    /** Every row, in the order of the docs. */
    public static final List<ApiSupport> TABLE = List.of(PSA_V1ALPHA1, PSA_V1BETA1, PSA_V1, PSA_LABELS, VAP_V1,
            MAP_V1, MAP_V1BETA1, KYVERNO_CLUSTER_POLICY, KYVERNO_CLUSTER_POLICY_RULE_ACTION, KYVERNO_VALIDATING_POLICY,
            GATEKEEPER_REGO, GATEKEEPER_CEL, GATEKEEPER_CONSTRAINT, GATEKEEPER_MUTATION, NAMESPACE_NAME_LABEL);

    /** How the Kyverno policies are written for a cluster version. */
    public enum KyvernoKind {
        /** kyverno.io/v1 ClusterPolicy, validate.cel, spec-level validationFailureAction (Kyverno 1.11-1.12). */
        CLUSTER_POLICY,
        /** kyverno.io/v1 ClusterPolicy, validate.cel, rule-level failureAction (Kyverno 1.13-1.16). */
        CLUSTER_POLICY_RULE_ACTION,
        /** policies.kyverno.io/v1 ValidatingPolicy (Kyverno 1.17+). */
        VALIDATING_POLICY
    }

    private Compatibility() {
    }

    /** The PodSecurityConfiguration version the cluster's API server loads. */
    public static ApiSupport psaConfig(Version cluster) {
        return cluster.minor() >= 25 ? PSA_V1 : cluster.minor() >= 23 ? PSA_V1BETA1 : PSA_V1ALPHA1;
    }

    /** The Kyverno kind for the cluster, when some Kyverno release that supports it runs CEL. */
    public static Optional<KyvernoKind> kyverno(Version cluster) {
        // The newest form the Kyverno releases supporting the cluster all run.
        if (KYVERNO_VALIDATING_POLICY.servedBy(cluster)) {
            return Optional.of(KyvernoKind.VALIDATING_POLICY);
        }
        if (KYVERNO_CLUSTER_POLICY_RULE_ACTION.servedBy(cluster)) {
            return Optional.of(KyvernoKind.CLUSTER_POLICY_RULE_ACTION);
        }
        return KYVERNO_CLUSTER_POLICY.servedBy(cluster) ? Optional.of(KyvernoKind.CLUSTER_POLICY) : Optional.empty();
    }

    /** Whether the Kyverno kind runs on the cluster (an older form keeps running on newer Kyverno releases). */
    public static boolean runs(KyvernoKind kind, Version cluster) {
        return switch (kind) {
            case CLUSTER_POLICY -> KYVERNO_CLUSTER_POLICY.servedBy(cluster);
            case CLUSTER_POLICY_RULE_ACTION -> KYVERNO_CLUSTER_POLICY_RULE_ACTION.servedBy(cluster);
            case VALIDATING_POLICY -> KYVERNO_VALIDATING_POLICY.servedBy(cluster);
        };
    }

    /**
     * The MutatingAdmissionPolicy API to write for the cluster: v1 where it is served by default (1.36+), v1beta1 on
     * 1.34–1.35 only when asked for ({@code beta}: the cluster has the feature gate and runtime-config), else none.
     */
    public static Optional<ApiSupport> mutatingAdmissionPolicy(Version cluster, boolean beta) {
        if (MAP_V1.servedBy(cluster)) {
            return Optional.of(MAP_V1);
        }
        return beta && MAP_V1BETA1.servedBy(cluster) ? Optional.of(MAP_V1BETA1) : Optional.empty();
    }

    /** Whether the Gatekeeper releases for the cluster run CEL (K8sNativeValidation); else psp2psa writes Rego. */
    public static boolean gatekeeperCel(Version cluster) {
        return GATEKEEPER_CEL.servedBy(cluster);
    }

    /** The engines the cluster can run: the default of {@code --engines}. */
    public static Set<Engine> engines(Version cluster) {
        Set<Engine> out = EnumSet.noneOf(Engine.class);
        for (Engine e : Engine.values()) {
            if (unavailable(e, cluster).isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Why the engine's policies cannot be written for the cluster (one sentence), or empty when they can. */
    public static Optional<String> unavailable(Engine engine, Version cluster) {
        return switch (engine) {
            case VAP -> VAP_V1.servedBy(cluster) ? Optional.empty()
                    : Optional.of("ValidatingAdmissionPolicy v1 is served from Kubernetes 1.30, not by " + cluster
                            + ".");
            case KYVERNO -> kyverno(cluster).isPresent() ? Optional.empty()
                    : Optional.of("no Kyverno release for " + cluster + " runs CEL (Kyverno 1.11+, for Kubernetes "
                            + "1.25+).");
            case GATEKEEPER -> Optional.empty();
        };
    }

    /** Each row as the docs table shows it: API, versions, what it needs, engines. */
    public static List<List<String>> rows() {
        List<List<String>> out = new ArrayList<>();
        for (ApiSupport a : TABLE) {
            out.add(List.of(a.id(), a.api(), a.versions(), a.needs(), a.engines()));
        }
        return out;
    }
}
