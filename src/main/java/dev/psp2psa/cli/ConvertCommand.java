package dev.psp2psa.cli;

import dev.psp2psa.convert.ConvertRequest;
import dev.psp2psa.convert.ConvertResult;
import dev.psp2psa.convert.ConvertService;
import dev.psp2psa.emit.KyvernoEmitter;
import dev.psp2psa.emit.OutputTarget;
import dev.psp2psa.emit.VapEmitter;
import dev.psp2psa.input.Inputs;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.plan.PlanRequest;
import dev.psp2psa.policy.Compatibility;
import dev.psp2psa.policy.Engine;
import dev.psp2psa.pss.Version;
import dev.psp2psa.policy.GatekeeperTemplates;
import dev.psp2psa.report.AnalyzeRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code psp2psa convert}: writes the migration as files (labels, admission configuration, reports). */
@Command(
        name = "convert",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Write the migration as files: namespace labels, the PodSecurity admission configuration, "
                    + "kustomizations and the reports.",
            "DIR is written byte-identically on every run, through a temporary directory beside it. Only psp2psa's "
                    + "own files in DIR are replaced or removed; every other file there (a .git, your notes) is kept. "
                    + "DIR is never the current directory, the home directory, one of their parents or a directory "
                    + "holding an input.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the files were written (and no --fail-on finding was found).",
            "1:the files were written and a finding named by --fail-on was found.",
            "2:usage error, or DIR must not be written (see above; without --force: DIR was not written by "
                    + "psp2psa, or holds files in the way that psp2psa did not write or that were edited).",
            "3:bad input, or the cluster could not be read.",
            "4:internal error.",
        })
public final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    PlanOptions plan;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
            description = "The directory to write (created if missing; a symbolic link is written through).")
    Path output;

    @Option(names = "--force", description = "Also write into a DIR that psp2psa did not write, and replace the files "
            + "in the way that psp2psa did not write or that were edited since (they are listed). Other files are "
            + "kept, and the refused directories stay refused.")
    boolean force;

    /** The engines chosen; {@code none} converts to null; not given: those the cluster version runs. */
    @Option(names = "--engines", paramLabel = "ENGINE", split = ",",
            type = {List.class, Object.class}, converter = OptionConverters.EngineConverter.class,
            description = "Policy engines to write the gap policies for: vap (ValidatingAdmissionPolicy, "
                    + "Kubernetes 1.30+), kyverno (Kyverno 1.11+, Kubernetes 1.25+), gatekeeper; comma-separated; "
                    + "none for labels only (default: every engine the cluster version runs; see "
                    + "docs/compatibility.md).")
    List<Engine> engines;

    @Option(names = "--hardening", paramLabel = "FILE",
            description = "Also write the opt-in hardening rules of FILE (trusted registries, no latest tag, image "
                    + "digests, readOnlyRootFilesystem, resource limits, no service account token; see "
                    + "docs/hardening.md) as policies for the same engines.")
    String hardening;

    @Option(names = "--emit-mutations", hidden = true,
            description = "Write the mutations (the default; kept for scripts that name it).")
    boolean emitMutations;

    @Option(names = "--no-mutations",
            description = "Do not write the mutations that restore the defaults the PSPs set on pods (written by "
                    + "default where the PSPs usable by a service account agree on them: with the kyverno engine "
                    + "Kyverno mutate policies in kyverno-mutations/, with the gatekeeper engine Assign/AssignMetadata "
                    + "in gatekeeper/mutations/, with the vap engine on Kubernetes 1.36+ MutatingAdmissionPolicies in "
                    + "vap-mutations/; verify and check --policies apply them before PSA and the validations). Without "
                    + "them, the fields to add in the report are the only way.")
    boolean noMutations;

    @Option(names = "--mutating-admission-policy-beta",
            description = "For a Kubernetes 1.34 or 1.35 cluster whose API server has the MutatingAdmissionPolicy "
                    + "feature gate and --runtime-config=admissionregistration.k8s.io/v1beta1=true (both off by "
                    + "default): write the vap engine's mutations as admissionregistration.k8s.io/v1beta1 "
                    + "MutatingAdmissionPolicies (1.36+ get v1 without asking).")
    boolean mapBeta;

    /** The Kyverno kinds a user may ask for. */
    enum KyvernoKindOption {
        CLUSTERPOLICY,
        VALIDATINGPOLICY
    }

    @Option(names = "--kyverno-kind", paramLabel = "KIND",
            description = "The Kyverno policy kind: clusterpolicy (kyverno.io/v1 ClusterPolicy with validate.cel, "
                    + "Kyverno 1.11+) or validatingpolicy (policies.kyverno.io/v1 ValidatingPolicy, Kyverno 1.17+, "
                    + "Kubernetes 1.32+) (default: what the Kyverno releases for the cluster version run: "
                    + "ValidatingPolicy from 1.32, else ClusterPolicy).")
    KyvernoKindOption kyvernoKind;

    @Option(names = "--policy-mode", paramLabel = "MODE", defaultValue = "deny",
            type = Object.class, converter = OptionConverters.PolicyModeConverter.class,
            description = "deny: the gap policies reject pods (VAP Deny, Kyverno Enforce, Gatekeeper deny); warn: "
                    + "they only warn and audit (VAP Warn+Audit, Kyverno Audit, Gatekeeper warn) "
                    + "(default: ${DEFAULT-VALUE}).")
    VapEmitter.Mode policyMode;

    @Option(names = "--gatekeeper-templates", paramLabel = "TEMPLATES", defaultValue = "psp2psa",
            type = Object.class, converter = OptionConverters.GatekeeperTemplatesConverter.class,
            description = "psp2psa: ConstraintTemplates written by psp2psa (CEL and Rego, exact) and their "
                    + "Constraints; library: only Constraints for the gatekeeper-library kinds (an approximation, "
                    + "listed in the report) (default: ${DEFAULT-VALUE}).")
    GatekeeperTemplates gatekeeperTemplates;

    @Option(names = "--guard-labels",
            description = "Also write, for every engine written, the label guard in guard/: a policy that lets only "
                    + "the --label-admins create Namespaces with pod-security.kubernetes.io/* labels or add, change or "
                    + "remove such labels (see docs/policies.md). Needs --label-admins, which must include whoever "
                    + "applies namespaces/.")
    boolean guardLabels;

    @Mixin
    FailOnOption failOn;

    /** Whether to write the mutations: by default, unless --no-mutations; both options at once are a usage error. */
    private boolean mutations() {
        if (emitMutations && noMutations) {
            throw new UsageException("--emit-mutations and --no-mutations contradict each other: give one.");
        }
        return !noMutations;
    }

    @Override
    public Integer call() {
        boolean mutations = mutations();
        PlanRequest request = plan.request(input.liveClusterVersion());
        if (guardLabels && request.labelAdmins().isEmpty()) {
            throw new UsageException("--guard-labels needs --label-admins: add --label-admins with the subjects that "
                    + "may change pod-security.kubernetes.io/* labels (user:NAME, group:NAME or "
                    + "serviceaccount:NAMESPACE:NAME), including whoever applies namespaces/.");
        }
        ConvertService service = ConvertService.standard();
        Inventory inventory = input.read(service.digester(request));
        Inputs.requirePsps(inventory);
        Set<Engine> chosen = engines(request.clusterVersion());
        ConvertResult result = service.convert(new ConvertRequest(inventory, request, chosen, policyMode,
                kyvernoKind(request.clusterVersion(), chosen), gatekeeperTemplates, Optional.ofNullable(hardening),
                mutations, mapApiVersion(request.clusterVersion(), chosen, mutations), guardLabels, target()));
        FailOnOption.warnAboutInput(result.plan(), spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        out.print(AnalyzeRenderer.table(result.plan()));
        if (engines == null) {
            // An engine left out by default is a decision: said with the other lines about what was written.
            for (Engine e : Engine.values()) {
                Compatibility.unavailable(e, request.clusterVersion()).ifPresent(why -> out.println("No "
                        + e.id() + "/ policies: " + why));
            }
        }
        int width = TerminalWidth.of(spec);
        result.messages().forEach(m -> out.print(dev.psp2psa.report.TextTable.hanging(m, width)));
        out.flush();
        PlanOptions.sayClusterVersion(request, spec.commandLine().getErr());
        return failOn.exitCode(result.plan());
    }

    /**
     * The MutatingAdmissionPolicy apiVersion for the vap engine's mutations, or null: v1 from 1.36; v1beta1 on
     * 1.34–1.35 with --mutating-admission-policy-beta, which is a usage error anywhere else.
     */
    private String mapApiVersion(Version cluster, Set<Engine> chosen, boolean mutations) {
        if (mapBeta) {
            if (!Compatibility.MAP_V1BETA1.servedBy(cluster)) {
                throw new UsageException("--mutating-admission-policy-beta is for Kubernetes 1.34 and 1.35 clusters "
                        + "(v1beta1 behind a feature gate); " + cluster + (Compatibility.MAP_V1.servedBy(cluster)
                        ? " serves v1, which is written without the option." : " serves no MutatingAdmissionPolicy."));
            }
            if (!chosen.contains(Engine.VAP) || !mutations) {
                throw new UsageException("--mutating-admission-policy-beta writes the vap engine's mutations: it needs "
                        + "the vap engine and no --no-mutations.");
            }
        }
        return Compatibility.mutatingAdmissionPolicy(cluster, mapBeta).map(Compatibility.ApiSupport::apiVersion)
                .orElse(null);
    }

    /** The output directory, with the inputs (-f and --hardening) it must not hold and the home directory. */
    private OutputTarget target() {
        List<Path> inputs = new java.util.ArrayList<>(input.filePaths());
        if (hardening != null) {
            inputs.add(Path.of(hardening));
        }
        return new OutputTarget(output, force, inputs, input.home());
    }

    /**
     * The engines asked for, each of which must run on the cluster version (else a usage error that names the version
     * that runs it and the engines that run on this one); none asked for: every engine the cluster runs.
     */
    private Set<Engine> engines(Version cluster) {
        if (engines == null) {
            return new TreeSet<>(Compatibility.engines(cluster));
        }
        Set<Engine> asked = engines.stream().filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
        for (Engine e : asked) {
            Optional<String> why = Compatibility.unavailable(e, cluster);
            if (why.isPresent()) {
                throw new UsageException("--engines " + e.id() + ": " + why.get() + " Engines that run on " + cluster
                        + ": " + String.join(", ", Compatibility.engines(cluster).stream().map(Engine::id).toList())
                        + "; once the cluster runs a newer version, convert again with --cluster-version set to it.");
            }
        }
        return asked;
    }

    /** The Kyverno form for the cluster: as asked (if it runs there), else the one its Kyverno releases run. */
    private Compatibility.KyvernoKind kyvernoKind(Version cluster, Set<Engine> chosen) {
        if (!chosen.contains(Engine.KYVERNO)) {
            return null;
        }
        if (kyvernoKind == KyvernoKindOption.VALIDATINGPOLICY) {
            if (!Compatibility.runs(Compatibility.KyvernoKind.VALIDATING_POLICY, cluster)) {
                throw new UsageException("--kyverno-kind validatingpolicy: policies.kyverno.io/v1 ValidatingPolicy "
                        + "needs Kyverno 1.17, which supports Kubernetes 1.32 and newer, not " + cluster + ".");
            }
            return Compatibility.KyvernoKind.VALIDATING_POLICY;
        }
        if (kyvernoKind == KyvernoKindOption.CLUSTERPOLICY) {
            return Compatibility.runs(Compatibility.KyvernoKind.CLUSTER_POLICY_RULE_ACTION, cluster)
                    ? Compatibility.KyvernoKind.CLUSTER_POLICY_RULE_ACTION : Compatibility.KyvernoKind.CLUSTER_POLICY;
        }
        return Compatibility.kyverno(cluster).orElseThrow();
    }
}
