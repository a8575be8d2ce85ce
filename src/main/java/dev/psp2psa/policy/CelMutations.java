package dev.psp2psa.policy;

import dev.psp2psa.plan.AccountClass;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspDefault;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The CEL mutations that restore the defaults PSP set on pods, for the engines that run CEL mutations: a
 * MutatingAdmissionPolicy (Kubernetes 1.36+) and a Kyverno MutatingPolicy. One policy per namespace and class of
 * service accounts whose usable PSPs all set the same defaults; its {@code matchCondition} selects the class by the
 * pod's service account, as PSP admission chose a PSP by it.
 *
 * <p>Each mutation is a {@code JSONPatch} expression of {@code add} operations, applied in order, each seeing the pod
 * as the previous one left it (MutatingAdmissionPolicy: "Mutations for a single invocation ... are evaluated in order",
 * {@code dispatcher.go}). A patch only adds what the pod leaves unset, under the same conditions as PSP admission
 * ({@code pkg/security/podsecuritypolicy/provider.go}: {@code DefaultPodSecurityContext},
 * {@code DefaultContainerSecurityContext}), so a value the pod sets is kept and judged by the validating policies, as
 * PSP judged it. Parents ({@code securityContext}, {@code capabilities}, the {@code drop} list) are added as empty
 * objects or lists first, and only where a default below them is added. JSONPatch rather than an apply configuration:
 * an apply configuration may not hold atomic lists ({@code capabilities.drop}, {@code supplementalGroups};
 * {@code patch/smd.go} {@code validatePatch}), and a JSON patch can append to a list, as PSP's capability merge does.
 * Containers are indexed with {@code transformList} (two-variable comprehensions, in the Kubernetes CEL environment
 * from 1.32). The pod's annotations are readable: the docs say only {@code apiVersion}, {@code kind},
 * {@code metadata.name}, {@code generateName} and {@code labels} are, but the code makes those a minimum for objects
 * whose schema lacks metadata ({@code cel/common/schemas.go} {@code SchemaDeclType}: "always accessible ... even if not
 * specified in the schema"), and a pod's schema declares its annotations. The seccomp field default is added only where
 * the pod sets no seccomp annotation either (PSP kept the pod's annotation; a field that disagreed with it would fail
 * the API server's validation). The per-container AppArmor annotation is not written: an unset profile is the runtime's
 * default and is admitted where PSP's default was {@code runtime/default} ({@code AppArmorRule}); on 1.30+ clusters,
 * where these policies run, another default profile belongs in the {@code appArmorProfile} field, which the API server
 * keeps in step with the annotation, so it is reported for the workloads to set.
 */
public final class CelMutations {

    /**
     * One policy: its name, its namespace (null for the default class: every namespace but {@code excluded}), the
     * service-account selection ({@code accountsIn} true: the pod's service account is one of {@code accounts};
     * false: it is none of them; {@code accounts} empty: every pod), the JSONPatch expressions in order, and the PSPs
     * and PSP rules they come from.
     */
    public record Policy(String name, String namespace, List<String> excluded, boolean accountsIn,
            List<String> accounts, List<String> expressions, List<String> psps, List<String> rules) {

        public Policy {
            excluded = List.copyOf(excluded);
            accounts = List.copyOf(accounts);
            expressions = List.copyOf(expressions);
            psps = List.copyOf(psps);
            rules = List.copyOf(rules);
        }

        /** Whether it is the default class's: every namespace the input does not name. */
        public boolean unlisted() {
            return namespace == null;
        }

        /** The CEL match condition that selects the class's pods, or null when it takes every pod. */
        public String matchCondition() {
            if (accounts.isEmpty()) {
                return null;
            }
            String list = "[" + String.join(", ", accounts.stream().map(CelMutations::quote).toList()) + "]";
            String account = "(has(object.spec.serviceAccountName) ? object.spec.serviceAccountName : \"default\")";
            return accountsIn ? account + " in " + list : "!(" + account + " in " + list + ")";
        }
    }

    /** The policies, and the defaults left out, each with its reason (one sentence). */
    public record Result(List<Policy> policies, List<String> skipped) {
    }

    /** The name of the default class's policies: every namespace the input does not name. */
    public static final String DEFAULT_CLASS = "default-class";

    private CelMutations() {
    }

    /**
     * The policies of every listed namespace that is not exempt, and of the default class (every namespace the input
     * does not name, and those created later), which excludes the listed and the exempt namespaces.
     */
    public static Result of(Plan plan, Map<String, PodSecurityPolicy> psps, PspAnalyzer analyzer) {
        List<Policy> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        SortedSet<String> excluded = new TreeSet<>(plan.exemptNamespaces());
        for (NamespacePlan ns : plan.namespaces()) {
            excluded.add(ns.name());
            if (!ns.exempt()) {
                out.addAll(policies(ns, ns.name(), List.of(), psps, analyzer, skipped));
            }
        }
        if (!plan.defaultClass().exempt()) {
            out.addAll(policies(plan.defaultClass(), null, List.copyOf(excluded), psps, analyzer, skipped));
        }
        return new Result(out, skipped);
    }

    /** A policy per account class of the namespace with defaults its PSPs agree on. */
    private static List<Policy> policies(NamespacePlan ns, String namespace, List<String> excluded,
            Map<String, PodSecurityPolicy> psps, PspAnalyzer analyzer, List<String> skipped) {
        List<Policy> out = new ArrayList<>();
        String shown = namespace == null ? "namespaces the input does not name" : namespace;
        String base = "psp2psa-defaults-" + (namespace == null ? DEFAULT_CLASS : namespace);
        List<String> named = new ArrayList<>();
        ns.accountClasses().forEach(c -> named.addAll(c.serviceAccounts()));
        List<AccountClass> classes = ns.accountClasses().stream().filter(c -> !c.psps().isEmpty()).toList();
        for (AccountClass c : classes) {
            String who = c.others() ? "other service accounts" : String.join(", ", c.serviceAccounts());
            AgreedDefaults defaults = AgreedDefaults.of(c.psps(), psps, analyzer);
            String left = defaults.leftOut("No CEL mutation in " + shown + " (" + who + ")", c.psps());
            if (left != null) {
                skipped.add(left);
            }
            List<String> expressions = expressions(defaults.agreed(), shown, skipped);
            if (expressions.isEmpty()) {
                continue;
            }
            String suffix = classes.size() == 1 && (c.others() || named.isEmpty()) ? ""
                    : "-" + (c.others() ? "others" : c.serviceAccounts().get(0));
            SortedSet<String> rules = new TreeSet<>();
            defaults.agreed().forEach(m -> rules.add(m.rule()));
            out.add(new Policy(GapPolicies.fit(base + suffix), namespace, excluded, !c.others(),
                    c.others() ? named : c.serviceAccounts(), expressions, new TreeSet<>(c.psps()).stream().toList(),
                    List.copyOf(rules)));
        }
        return out;
    }

    static final String CONTAINERS = "spec.containers[*].";
    static final String POD = "spec.";
    static final String APPARMOR = "metadata.annotations[container.apparmor.security.beta.kubernetes.io/";
    static final String SECCOMP_ANNOTATION = "metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]";

    /** One {@code add} of a value at a JSON pointer below the pod's spec or a container, where {@code when} holds. */
    private record Step(boolean container, String pointer, String when, String value) {
    }

    /** The JSONPatch expressions for the defaults, in order: parents, then the values. */
    public static List<String> expressions(List<PspDefault> defaults, String namespace, List<String> skipped) {
        List<Step> leaves = new ArrayList<>();
        boolean seccompField = defaults.stream().anyMatch(d -> d.path().equals("spec.securityContext.seccompProfile"));
        List<PspDefault> dropsAndAdds = new ArrayList<>();
        for (PspDefault d : defaults) {
            String path = d.path();
            if (path.startsWith(APPARMOR)) {
                if (!d.value().equals("runtime/default")) {
                    skipped.add("No CEL mutation for the AppArmor default " + d.value() + " in " + namespace
                            + ": on Kubernetes 1.30+ it belongs in each container's appArmorProfile field; set it in "
                            + "the workloads.");
                }
                continue;
            }
            if (path.equals(SECCOMP_ANNOTATION)) {
                if (!seccompField) {
                    skipped.add("No CEL mutation for the seccomp default " + d.value() + " in " + namespace
                            + ": it has no seccompProfile field form, and the annotation is not readable from CEL.");
                }
                continue;
            }
            if (path.endsWith("securityContext.capabilities.drop") || path.endsWith("securityContext.capabilities.add")) {
                dropsAndAdds.add(d);
                continue;
            }
            if (path.startsWith(CONTAINERS)) {
                leaves.add(containerLeaf(path.substring(CONTAINERS.length()), d));
            } else if (path.startsWith(POD)) {
                Step leaf = podLeaf(path.substring(POD.length()), d);
                if (path.equals("spec.securityContext.seccompProfile")) {
                    leaf = new Step(false, leaf.pointer(), leaf.when() + " && !(has(object.metadata.annotations) && "
                            + "\"seccomp.security.alpha.kubernetes.io/pod\" in object.metadata.annotations)",
                            leaf.value());
                }
                leaves.add(leaf);
            } else {
                skipped.add("No CEL mutation for " + d + " in " + namespace + ": psp2psa writes no mutation of "
                        + path + ".");
            }
        }
        // PSP merges capabilities (CapabilitiesRule#mutate): default adds the container does not drop, then required
        // drops, appended to the container's own lists. Adds are judged against the drops the pod set itself.
        dropsAndAdds.sort((a, b) -> a.path().endsWith(".add") == b.path().endsWith(".add") ? 0
                : a.path().endsWith(".add") ? -1 : 1);
        for (PspDefault d : dropsAndAdds) {
            leaves.addAll(capabilities(d));
        }
        List<Step> steps = new ArrayList<>(parents(leaves));
        steps.addAll(leaves);
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(expression(s));
        }
        return out;
    }

    /** A pod-level default such as {@code securityContext.fsGroup}: added where unset. */
    private static Step podLeaf(String rel, PspDefault d) {
        String[] parts = rel.split("\\.");
        String when = "!(" + present("object.spec", parts, parts.length) + ")";
        if (rel.equals("securityContext.supplementalGroups")) {
            // GroupRule#mutate: an empty list is unset too.
            when = "!(" + present("object.spec", parts, parts.length)
                    + " && size(object.spec.securityContext.supplementalGroups) > 0)";
        }
        return new Step(false, pointer(parts), when, literal(d.typed()));
    }

    /**
     * A container default: added where the container leaves it unset and, for the run-as fields, where the pod-level
     * security context does not set it either (the container's effective value, as PSP's
     * {@code DefaultContainerSecurityContext} reads it); {@code runAsNonRoot} only where no user ID is set at all.
     */
    private static Step containerLeaf(String rel, PspDefault d) {
        String[] parts = rel.split("\\.");
        String when = "!(" + present("c", parts, parts.length) + ")";
        if (parts.length == 2 && parts[0].equals("securityContext")) {
            String field = parts[1];
            if (field.equals("runAsUser") || field.equals("runAsGroup") || field.equals("seLinuxOptions")) {
                when += " && !" + podField(field);
            } else if (field.equals("runAsNonRoot")) {
                when += " && !(" + present("c", new String[] {"securityContext", "runAsUser"}, 2) + ") && !"
                        + podField("runAsNonRoot") + " && !" + podField("runAsUser");
            }
        }
        return new Step(true, pointer(parts), when, literal(d.typed()));
    }

    private static String podField(String field) {
        return "(has(object.spec.securityContext) && has(object.spec.securityContext." + field + "))";
    }

    /** One step per capability: appended to the container's list where the list lacks it. */
    private static List<Step> capabilities(PspDefault d) {
        boolean add = d.path().endsWith(".add");
        String list = add ? "add" : "drop";
        String[] parts = {"securityContext", "capabilities", list};
        String items = "c.securityContext.capabilities." + list;
        List<Step> out = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object> caps = d.typed() instanceof List<?> l ? (List<Object>) l : List.of(d.typed());
        for (Object cap : caps) {
            String q = quote(String.valueOf(cap));
            String when = "!(" + present("c", parts, 3) + " && " + q + " in " + items + ")";
            if (add) {
                // A default add the container drops itself is not added.
                String[] drop = {"securityContext", "capabilities", "drop"};
                when += " && !(" + present("c", drop, 3) + " && " + q + " in c.securityContext.capabilities.drop)";
            }
            out.add(new Step(true, "/securityContext/capabilities/" + list + "/-", when, q));
        }
        return out;
    }

    /**
     * The parents to add before the leaves, outermost first: an empty object (or list, for a capability list) where
     * it is absent and some leaf below it is to be added.
     */
    private static List<Step> parents(List<Step> leaves) {
        Map<String, List<Step>> byParent = new LinkedHashMap<>();
        for (Step leaf : leaves) {
            String[] parts = leaf.pointer().substring(1).split("/");
            // Every proper prefix is a parent; for an append ("/-") the list itself is the last of them.
            for (int i = 1; i < parts.length; i++) {
                String key = leaf.container() + "|" + String.join("/", java.util.Arrays.copyOf(parts, i));
                byParent.computeIfAbsent(key, k -> new ArrayList<>()).add(leaf);
            }
        }
        List<String> keys = new ArrayList<>(byParent.keySet());
        keys.sort((a, b) -> {
            int da = a.split("/").length;
            int db = b.split("/").length;
            return da != db ? Integer.compare(da, db) : a.compareTo(b);
        });
        List<Step> out = new ArrayList<>();
        for (String key : keys) {
            boolean container = key.startsWith("true|");
            String[] parts = key.substring(key.indexOf('|') + 1).split("/");
            String root = container ? "c" : "object.spec";
            List<String> any = new ArrayList<>();
            for (Step leaf : byParent.get(key)) {
                if (!any.contains(leaf.when())) {
                    any.add(leaf.when());
                }
            }
            boolean list = parts[parts.length - 1].equals("drop") || parts[parts.length - 1].equals("add");
            String when = "!(" + present(root, parts, parts.length) + ") && ("
                    + String.join(" || ", any.stream().map(w -> "(" + w + ")").toList()) + ")";
            out.add(new Step(container, "/" + String.join("/", parts), when, list ? "[]" : "{}"));
        }
        return out;
    }

    /** {@code has(root.a) && has(root.a.b) && ...} up to {@code n} parts. */
    static String present(String root, String[] parts, int n) {
        List<String> out = new ArrayList<>();
        StringBuilder path = new StringBuilder(root);
        for (int i = 0; i < n; i++) {
            path.append('.').append(parts[i]);
            out.add("has(" + path + ")");
        }
        return String.join(" && ", out);
    }

    private static String pointer(String[] parts) {
        return "/" + String.join("/", parts);
    }

    /** The JSONPatch expression of one step, over the pod-level spec or every container and init container. */
    private static String expression(Step s) {
        if (!s.container()) {
            return s.when() + " ? [JSONPatch{op: \"add\", path: " + quote("/spec" + s.pointer()) + ", value: "
                    + s.value() + "}] : []";
        }
        return each("containers", s) + " +\n(has(object.spec.initContainers) ? " + each("initContainers", s)
                + " : [])";
    }

    private static String each(String list, Step s) {
        return "object.spec." + list + ".transformList(i, c, " + s.when() + ",\n  JSONPatch{op: \"add\", path: "
                + quote("/spec/" + list + "/") + " + string(i) + " + quote(s.pointer()) + ", value: " + s.value()
                + "})";
    }

    /** A CEL literal of a default's value: a boolean, an integer, a string, or a list or map of strings. */
    static String literal(Object value) {
        if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            return String.valueOf(value);
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(CelMutations::literal).toList()) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(quote(String.valueOf(k)) + ": " + literal(v)));
            return "{" + String.join(", ", entries) + "}";
        }
        return quote(String.valueOf(value));
    }

    /** A CEL string literal. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
