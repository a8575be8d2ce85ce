package dev.psp2psa.emit;

import dev.psp2psa.format.Yaml;
import dev.psp2psa.input.KyvernoMutationReader;
import dev.psp2psa.plan.AccountClass;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.policy.AgreedDefaults;
import dev.psp2psa.psp.PspDefault;
import dev.psp2psa.psp.PspAnalyzer;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code convert} (unless {@code --no-mutations}): Kyverno ClusterPolicies with mutate rules that restore the defaults the PSPs set
 * on pods, into {@code kyverno-mutations/}, one per namespace and one for the default class (every namespace the
 * input does not name: {@code exclude} of the listed and exempt ones). PSP admission picked, per pod, the first PSP
 * that admitted it; a mutate rule cannot, so a class of service accounts gets the defaults all the PSPs usable there
 * set alike ({@link AgreedDefaults}), and the others are reported. Every default is written with Kyverno's
 * add-if-absent anchor {@code +()}, so a value the pod sets itself is kept; a capability PSP required to drop is added
 * only when the container drops none.
 */
public final class MutationEmitter {

    public static final String DIR = "kyverno-mutations/";

    /** What was written, and the classes left out because their PSPs set different defaults. */
    public record Result(List<String> written, List<String> skipped) {
    }

    private MutationEmitter() {
    }

    public static Result emit(Plan plan, Map<String, PodSecurityPolicy> psps, PspAnalyzer analyzer, OutputTree tree) {
        List<String> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        java.util.SortedSet<String> excluded = new java.util.TreeSet<>(plan.exemptNamespaces());
        for (NamespacePlan ns : plan.namespaces()) {
            excluded.add(ns.name());
            if (!ns.exempt()) {
                write(ns, ns.name(), List.of(), psps, analyzer, tree, files, skipped);
            }
        }
        if (!plan.defaultClass().exempt()) {
            write(plan.defaultClass(), null, List.copyOf(excluded), psps, analyzer, tree, files, skipped);
        }
        if (!files.isEmpty()) {
            tree.put(DIR + "kustomization.yaml", Yaml.write(PsaEmitter.kustomization(files)));
        }
        return new Result(files, skipped);
    }

    /**
     * The ClusterPolicy of one namespace, or of the default class ({@code namespace} null: every namespace but
     * {@code excluded}), when some class of it has defaults its PSPs agree on ({@code AgreedDefaults}).
     */
    private static void write(NamespacePlan ns, String namespace, List<String> excluded,
            Map<String, PodSecurityPolicy> psps, PspAnalyzer analyzer, OutputTree tree, List<String> files,
            List<String> skipped) {
        String shown = namespace == null ? "namespaces the input does not name" : namespace;
        List<Object> rules = new ArrayList<>();
        java.util.SortedSet<String> sourcePsps = new java.util.TreeSet<>();
        java.util.SortedSet<String> sourceRules = new java.util.TreeSet<>();
        for (AccountClass c : ns.accountClasses()) {
            if (c.psps().isEmpty()) {
                continue;
            }
            String who = c.others() ? "other service accounts" : String.join(", ", c.serviceAccounts());
            AgreedDefaults defaults = AgreedDefaults.of(c.psps(), psps, analyzer);
            String left = defaults.leftOut("No mutate rule in " + shown + " (" + who + ")", c.psps());
            if (left != null) {
                skipped.add(left);
            }
            if (defaults.agreed().isEmpty()) {
                continue;
            }
            rules.addAll(rules(ns, namespace, excluded, c, defaults.agreed()));
            sourcePsps.addAll(c.psps());
            defaults.agreed().forEach(m -> sourceRules.add(m.rule()));
        }
        if (!rules.isEmpty()) {
            String name = dev.psp2psa.policy.GapPolicies.fit("psp2psa-defaults-"
                    + (namespace == null ? dev.psp2psa.policy.CelMutations.DEFAULT_CLASS : namespace));
            tree.put(DIR + name + ".yaml", Yaml.write(policy(name, namespace == null ? "*" : namespace, excluded,
                    List.copyOf(sourcePsps), List.copyOf(sourceRules), rules)));
            files.add(name + ".yaml");
        }
    }

    private static final String CONTAINER_PREFIX = "spec.containers[*].";
    private static final String APPARMOR_PREFIX = "metadata.annotations[container.apparmor.security.beta.kubernetes.io/";

    /** The mutate rules of one class: pod-level defaults, container defaults, and AppArmor annotations. */
    static List<Object> rules(NamespacePlan ns, String namespace, List<String> excluded, AccountClass c,
            List<PspDefault> mutations) {
        Map<String, Object> pod = new TreeMap<>();
        Map<String, Object> container = new TreeMap<>();
        String appArmor = null;
        List<String> drops = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (PspDefault m : mutations) {
            sources.add(m.field());
            if (m.path().endsWith("securityContext.capabilities.drop") && m.typed() instanceof List<?> l) {
                l.forEach(x -> drops.add(String.valueOf(x)));
            }
            String path = AgreedDefaults.webhookPath(m.path());
            if (path.startsWith(CONTAINER_PREFIX)) {
                put(container, path.substring(CONTAINER_PREFIX.length()), value(m));
            } else if (m.path().startsWith(APPARMOR_PREFIX)) {
                appArmor = m.value();
            } else if (path.startsWith("spec.")) {
                put(pod, path.substring("spec.".length()), value(m));
            }
            // The seccomp annotation mirrors the seccompProfile field, which is written above.
        }
        String suffix = c.others() ? "others" : c.serviceAccounts().get(0);
        List<Object> rules = new ArrayList<>();
        Map<String, Object> spec = new LinkedHashMap<>(pod);
        if (!container.isEmpty()) {
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("(name)", "?*");
            each.putAll(container);
            for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
                spec.put(list, List.of(each));
            }
        }
        if (!spec.isEmpty()) {
            Map<String, Object> patch = new LinkedHashMap<>();
            patch.put("spec", spec);
            Map<String, Object> mutate = new LinkedHashMap<>();
            mutate.put("patchStrategicMerge", patch);
            rules.add(rule("defaults-" + suffix, ns, namespace, excluded, c, mutate));
        }
        if (!drops.isEmpty()) {
            rules.add(rule("capabilities-" + suffix, ns, namespace, excluded, c, dropMerge(drops)));
        }
        if (appArmor != null) {
            Map<String, Object> annotations = new LinkedHashMap<>();
            annotations.put("+(container.apparmor.security.beta.kubernetes.io/{{element.name}})", appArmor);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("annotations", annotations);
            Map<String, Object> patch = new LinkedHashMap<>();
            patch.put("metadata", metadata);
            Map<String, Object> foreach = new LinkedHashMap<>();
            foreach.put("list", "request.object.spec.containers");
            foreach.put("patchStrategicMerge", patch);
            Map<String, Object> mutate = new LinkedHashMap<>();
            mutate.put("foreach", List.of(foreach));
            rules.add(rule("apparmor-" + suffix, ns, namespace, excluded, c, mutate));
        }
        return rules;
    }

    /**
     * PSP's union of the container's drops and the required ones (CapabilitiesRule#mutate): after the defaults rule
     * has given a container without a drop list the required drops ({@code +(drop)}), a foreach appends each required
     * drop a container's own list lacks. Kyverno passes each rule the resource the previous rules patched (the engine
     * adds the patched resource to the JSON context after each rule), so the list exists by then. Regular containers
     * only, as the AppArmor rule (a foreach over an absent initContainers list fails in Kyverno).
     */
    static Map<String, Object> dropMerge(List<String> drops) {
        List<Object> foreach = new ArrayList<>();
        for (String cap : drops) {
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("key", cap);
            condition.put("operator", "AnyNotIn");
            condition.put("value", KyvernoMutationReader.DROP_LIST);
            Map<String, Object> preconditions = new LinkedHashMap<>();
            preconditions.put("all", List.of(condition));
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("list", "request.object.spec.containers");
            each.put("preconditions", preconditions);
            each.put("patchesJson6902", "- op: add\n  path: " + KyvernoMutationReader.DROP_APPEND + "\n  value: "
                    + cap + "\n");
            foreach.add(each);
        }
        Map<String, Object> mutate = new LinkedHashMap<>();
        mutate.put("foreach", foreach);
        return mutate;
    }

    /** Puts {@code a.b.c = value} as nested maps with the add-if-absent anchor on the last key. */
    private static void put(Map<String, Object> root, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> cur = root;
        for (int i = 0; i < parts.length - 1; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) cur.computeIfAbsent(parts[i], k -> new TreeMap<>());
            cur = next;
        }
        cur.put("+(" + parts[parts.length - 1] + ")", value);
    }

    /** The value a mutation writes (see {@link PspDefault#typed}). */
    static Object value(PspDefault m) {
        return m.typed();
    }

    private static Map<String, Object> rule(String name, NamespacePlan ns, String namespace, List<String> excluded,
            AccountClass c, Map<String, Object> mutate) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("kinds", List.of("Pod"));
        if (namespace != null) {
            resources.put("namespaces", List.of(namespace));
        }
        resources.put("operations", List.of("CREATE"));
        Map<String, Object> any = new LinkedHashMap<>();
        any.put("resources", resources);
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("any", List.of(any));
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", name);
        rule.put("match", match);
        if (namespace == null && !excluded.isEmpty()) {
            Map<String, Object> skip = new LinkedHashMap<>();
            skip.put("namespaces", excluded);
            Map<String, Object> skipAny = new LinkedHashMap<>();
            skipAny.put("resources", skip);
            Map<String, Object> exclude = new LinkedHashMap<>();
            exclude.put("any", List.of(skipAny));
            rule.put("exclude", exclude);
        }
        List<String> named = new ArrayList<>();
        ns.accountClasses().forEach(x -> named.addAll(x.serviceAccounts()));
        if (!c.others() || !named.isEmpty()) {
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("key", "{{ request.object.spec.serviceAccountName || 'default' }}");
            condition.put("operator", c.others() ? "AnyNotIn" : "AnyIn");
            condition.put("value", c.others() ? named : c.serviceAccounts());
            Map<String, Object> preconditions = new LinkedHashMap<>();
            preconditions.put("all", List.of(condition));
            rule.put("preconditions", preconditions);
        }
        rule.put("mutate", mutate);
        return rule;
    }

    private static Map<String, Object> policy(String name, String namespace, List<String> excluded, List<String> psps,
            List<String> pspRules, List<Object> rules) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "psp2psa");
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("psp2psa.dev/namespaces", namespace);
        if (namespace.equals("*")) {
            annotations.put("psp2psa.dev/excluded-namespaces", String.join(",", excluded));
        }
        annotations.put("psp2psa.dev/psps", String.join(",", psps));
        annotations.put("psp2psa.dev/rules", String.join(",", pspRules));
        annotations.put("psp2psa.dev/purpose", "restores the defaults PodSecurityPolicy set on pods");
        annotations.put("pod-policies.kyverno.io/autogen-controllers", "none");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("rules", rules);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "kyverno.io/v1");
        root.put("kind", "ClusterPolicy");
        root.put("metadata", metadata);
        root.put("spec", spec);
        return root;
    }
}
