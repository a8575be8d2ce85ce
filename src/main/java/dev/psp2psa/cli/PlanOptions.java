package dev.psp2psa.cli;

import dev.psp2psa.plan.PlanRequest;
import dev.psp2psa.pss.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** The options shared by the commands that compute a migration plan. */
public final class PlanOptions {

    @Option(names = "--cluster-version", paramLabel = "v1.N",
            converter = OptionConverters.ClusterVersionConverter.class,
            description = "The Kubernetes version of the cluster the migration is applied to (v1.22 or newer): it "
                    + "decides which APIs are written and what labels are pinned to. Default: the live cluster's "
                    + "version when one is read, else v1.24, the last version with PodSecurityPolicy.")
    Version clusterVersion;

    @Option(names = "--target-version", paramLabel = "VERSION",
            converter = OptionConverters.VersionConverter.class,
            description = "The Pod Security Standards version every label is pinned to and workloads are checked "
                    + "at: v1.0 to " + Version.NEWEST_NAME + " or latest (default: the cluster version, so an upgrade "
                    + "does not tighten enforcement by itself).")
    Version targetVersion;

    @Option(names = "--include-users",
            description = "Count people, non-service-account groups and service accounts of other namespaces that "
                    + "may use PSPs in the namespace levels (by default they are only reported).")
    boolean includeUsers;

    @Option(names = "--exempt-namespace", paramLabel = "NAMESPACE", split = ",",
            description = "A namespace exempt from PSA and from the gap policies: listed in the "
                    + "AdmissionConfiguration's exemptions, not labelled, and the report lists the PSP restrictions "
                    + "that lapse there. Repeatable or comma-separated (default: none; kube-system is planned like "
                    + "any namespace and keeps its PSP restrictions).")
    List<String> exempt;

    @Option(names = "--label-admins", paramLabel = "SUBJECT", split = ",",
            description = "The subjects that alone should change pod-security.kubernetes.io/* namespace labels: "
                    + "user:NAME, group:NAME or serviceaccount:NAMESPACE:NAME, comma-separated or repeated.")
    List<String> labelAdmins;

    @Option(names = "--exempt-username", paramLabel = "USERNAME", split = ",",
            description = "A username PSA exempts (the AdmissionConfiguration's exemptions.usernames), reviewed as a "
                    + "way around PSA. A controller's service account (system:serviceaccount:kube-system:"
                    + "replicaset-controller, ...) or system:kube-controller-manager is refused with a warning: "
                    + "exempting it would exempt the pods it creates in every namespace. Repeatable or "
                    + "comma-separated.")
    List<String> exemptUsernames;

    @Option(names = "--exempt-runtime-class", paramLabel = "RUNTIMECLASS", split = ",",
            description = "A runtime class PSA exempts (the AdmissionConfiguration's exemptions.runtimeClasses): pods "
                    + "that name it are not checked in any namespace. Repeatable or comma-separated.")
    List<String> exemptRuntimeClasses;

    /** The request, for the cluster version given, else the live cluster's ({@code live}), else v1.24. */
    PlanRequest request(java.util.Optional<Version> live) {
        return request(live, null);
    }

    /**
     * The request, for the cluster version given, else the live cluster's, else the one a policy directory was
     * written for ({@code writtenFor}, may be null), else v1.24.
     */
    PlanRequest request(java.util.Optional<Version> live, Version writtenFor) {
        if (clusterVersion != null) {
            return request(clusterVersion, "--cluster-version");
        }
        if (live.isPresent()) {
            return request(live.get(), "the live cluster's version");
        }
        if (writtenFor != null) {
            return request(writtenFor, "the version psp2psa convert wrote the policies directory for");
        }
        return request(PlanRequest.LAST_PSP_VERSION, PlanRequest.DEFAULT_SOURCE);
    }

    /**
     * The policy directory as a cluster of this version runs it ({@link PolicySet#onCluster}): pins capped at its
     * version, and the policies of engines it cannot run left out, each said in a {@code warning:} line.
     */
    static dev.psp2psa.inventory.PolicySet onCluster(dev.psp2psa.inventory.PolicySet set, Version cluster,
            java.io.PrintWriter err) {
        java.util.Set<String> runs = new java.util.TreeSet<>();
        for (dev.psp2psa.policy.Engine e : dev.psp2psa.policy.Engine.values()) {
            java.util.Optional<String> why = dev.psp2psa.policy.Compatibility.unavailable(e, cluster);
            if (why.isEmpty()) {
                runs.add(e.id());
            } else if (set.engines().contains(e.id())) {
                err.println("warning: " + set.directory() + "/" + e.id() + "/ is left out: " + why.get());
            }
        }
        // MutatingAdmissionPolicy: v1 from 1.36; v1beta1 on 1.34-1.35, where a tree has it only if convert was asked
        // (--mutating-admission-policy-beta) for a cluster with the feature gate and runtime-config.
        for (dev.psp2psa.policy.Compatibility.ApiSupport map : List.of(dev.psp2psa.policy.Compatibility.MAP_V1,
                dev.psp2psa.policy.Compatibility.MAP_V1BETA1)) {
            String key = "MutatingAdmissionPolicy@" + map.apiVersion();
            if (map.servedBy(cluster)) {
                runs.add(key);
            } else if (set.celMutations().stream().anyMatch(m -> key.equals(m.kind() + "@" + m.apiVersion()))) {
                err.println("warning: " + set.directory() + "/vap-mutations/ is left out: MutatingAdmissionPolicy "
                        + map.apiVersion() + " is served by Kubernetes " + map.versions() + ", not by " + cluster
                        + ".");
            }
        }
        runs.add("MutatingPolicy@" + dev.psp2psa.input.CelMutationReader.KYVERNO_API);
        if (!set.exemptUsernames().isEmpty()) {
            err.println("note: " + set.directory() + "'s admission configuration exempts the requests of "
                    + String.join(", ", set.exemptUsernames()) + " from PSA; which pods they create is not in the "
                    + "input, so every pod is judged as if another user created it.");
        }
        err.flush();
        return set.onCluster(cluster, runs);
    }

    /**
     * The policy directory with only the engine asked for ({@code --engine}), or all of its engines when none was:
     * a usage error when the directory holds no policies of that engine.
     */
    static dev.psp2psa.inventory.PolicySet engine(dev.psp2psa.inventory.PolicySet set, String engine) {
        if (engine == null) {
            return set;
        }
        String id;
        try {
            id = dev.psp2psa.policy.Engine.parse(engine).id();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--engine " + engine + ": " + e.getMessage());
        }
        if (!set.engines().contains(id)) {
            throw new UsageException("--engine " + engine + ": " + set.directory() + " holds no " + id
                    + "/ policies that this cluster version runs (it holds: "
                    + (set.engines().isEmpty() ? "none" : String.join(", ", set.engines())) + ").");
        }
        return set.onlyEngine(id);
    }

    /** The request for the default cluster version. */
    PlanRequest request() {
        return request(java.util.Optional.empty());
    }

    /** Says on stderr, after a run, which cluster version the plan was for, unless --cluster-version said it. */
    static void sayClusterVersion(PlanRequest request, java.io.PrintWriter err) {
        if (!request.clusterVersionSource().equals("--cluster-version")) {
            err.println("note: planned for Kubernetes " + request.clusterVersion() + " ("
                    + request.clusterVersionSource() + "); see --cluster-version.");
            err.flush();
        }
    }

    private PlanRequest request(Version cluster, String source) {
        TreeSet<String> set = names(exempt);
        List<dev.psp2psa.rbac.RbacSubject> admins = new ArrayList<>();
        for (String a : labelAdmins == null ? List.<String>of() : labelAdmins) {
            if (a.isBlank()) {
                continue;
            }
            try {
                admins.add(dev.psp2psa.rbac.RbacSubject.parseRef(a.trim()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--label-admins " + a + ": " + e.getMessage());
            }
        }
        return new PlanRequest(cluster, source, targetVersion != null ? targetVersion : cluster, set, includeUsers,
                admins, names(exemptUsernames), names(exemptRuntimeClasses));
    }

    /** The names given, trimmed, without blanks, sorted. */
    private static TreeSet<String> names(List<String> given) {
        TreeSet<String> set = new TreeSet<>();
        for (String n : given == null ? List.<String>of() : given) {
            if (!n.isBlank()) {
                set.add(n.trim());
            }
        }
        return set;
    }
}
