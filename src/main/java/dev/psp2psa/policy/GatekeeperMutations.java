package dev.psp2psa.policy;

import dev.psp2psa.plan.AccountClass;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspDefault;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Gatekeeper mutators that restore the defaults PSP set on pods ({@code convert} (unless {@code --no-mutations}) with the
 * Gatekeeper engine): one {@code Assign} per default and container list, or an {@code AssignMetadata} per
 * annotation, for the defaults every PSP usable in a namespace sets alike ({@link AgreedDefaults}; a Gatekeeper match
 * cannot select a service account, so the others are reported), each setting its field only where the pod leaves it
 * unset ({@code pathTests: MustNotExist}; AssignMetadata never overwrites). Namespaces with the same default share one
 * mutator; the default class (every namespace the input does not name) gets its own, matching every namespace but the
 * listed and exempt ones ({@code excludedNamespaces}). The per-container AppArmor annotation has the container's name
 * in its key, which no AssignMetadata location can follow; it is reported, not written.
 */
public final class GatekeeperMutations {

    /** The container lists a pod default is set in, as {@code spec.containers[*]} stands for them all. */
    static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");
    static final String CONTAINERS = "spec.containers[*].";
    static final String SECCOMP_ANNOTATION = "metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]";
    static final String APPARMOR_ANNOTATION = "metadata.annotations[container.apparmor.security.beta.kubernetes.io/";

    /**
     * One mutator: {@code Assign} or {@code AssignMetadata}, its name, the Gatekeeper location, the value, the
     * namespaces it matches, and the PSPs and PSP rules the default comes from.
     */
    public record Mutation(String kind, String name, String location, Object value, List<String> namespaces,
            List<String> excludedNamespaces, List<String> psps, List<String> rules) {
    }

    /** The mutators, and the namespaces left out, each with its reason (one sentence). */
    public record Result(List<Mutation> mutations, List<String> skipped) {
    }

    private GatekeeperMutations() {
    }

    public static Result of(Plan plan, Map<String, PodSecurityPolicy> psps, PspAnalyzer analyzer) {
        Map<String, Group> groups = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        SortedSet<String> excluded = new TreeSet<>(plan.exemptNamespaces());
        for (NamespacePlan ns : plan.namespaces()) {
            excluded.add(ns.name());
            if (ns.exempt()) {
                continue;
            }
            List<String> usable = new ArrayList<>();
            List<PspDefault> defaults = agreed(ns, ns.name(), psps, analyzer, usable, skipped);
            for (Item i : translate(defaults, ns.name(), skipped)) {
                Group g = groups.computeIfAbsent(i.kind() + "\n" + i.location() + "\n" + i.text(), k -> new Group(i));
                g.namespaces.add(ns.name());
                g.psps.addAll(usable);
                g.rules.add(i.rule());
            }
        }
        List<Mutation> out = new ArrayList<>();
        groups.values().forEach(g -> out.add(g.mutation()));
        if (!plan.defaultClass().exempt()) {
            // The default class: every namespace the input does not name, and those created later.
            List<String> usable = new ArrayList<>();
            String shown = "namespaces the input does not name";
            List<PspDefault> defaults = agreed(plan.defaultClass(), shown, psps, analyzer, usable, skipped);
            for (Item i : translate(defaults, shown, skipped)) {
                out.add(new Mutation(i.kind(), GapPolicies.fit("psp2psa-default-" + i.short_() + "-"
                        + CelMutations.DEFAULT_CLASS), i.location(), i.typed(), List.of(), List.copyOf(excluded),
                        new TreeSet<>(usable).stream().toList(), List.of(i.rule())));
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return new Result(out, skipped);
    }

    /** One default in Gatekeeper's terms: the mutator kind, its location, the PSP rule, the value as text and typed. */
    private record Item(String kind, String location, String short_, String rule, String text, Object typed) {
    }

    /** The namespaces that share one default. */
    private static final class Group {
        final Item item;
        final SortedSet<String> namespaces = new TreeSet<>();
        final SortedSet<String> psps = new TreeSet<>();
        final SortedSet<String> rules = new TreeSet<>();

        Group(Item item) {
            this.item = item;
        }

        /** Named by field and namespace, or by a digest of the namespaces and value when several share it. */
        Mutation mutation() {
            String where = namespaces.size() == 1 ? namespaces.first()
                    : "shared-" + GapPolicies.hash(String.join(",", namespaces) + "=" + item.text());
            String name = GapPolicies.fit("psp2psa-default-" + item.short_() + "-" + where);
            return new Mutation(item.kind(), name, item.location(), item.typed(), List.copyOf(namespaces), List.of(),
                    List.copyOf(psps), List.copyOf(rules));
        }
    }

    /**
     * The defaults every PSP usable in the namespace sets alike, whatever the service account ({@link AgreedDefaults}:
     * a Gatekeeper match cannot select pods by service account); the others go to {@code skipped}, and the PSPs to
     * {@code usable}.
     */
    private static List<PspDefault> agreed(NamespacePlan ns, String shown, Map<String, PodSecurityPolicy> psps,
            PspAnalyzer analyzer, List<String> usable, List<String> skipped) {
        for (AccountClass c : ns.accountClasses()) {
            for (String p : c.psps()) {
                if (!usable.contains(p)) {
                    usable.add(p);
                }
            }
        }
        AgreedDefaults defaults = AgreedDefaults.of(usable, psps, analyzer);
        String left = defaults.leftOut("No Gatekeeper mutator in " + shown
                + " (a Gatekeeper mutator cannot select pods by service account)", usable);
        if (left != null) {
            skipped.add(left);
        }
        return defaults.agreed();
    }

    /** Each default as Gatekeeper items; the AppArmor default goes to {@code skipped}. */
    private static List<Item> translate(List<PspDefault> defaults, String namespace, List<String> skipped) {
        boolean seccompField = defaults.stream().anyMatch(d -> d.path().equals("spec.securityContext.seccompProfile"));
        List<Item> out = new ArrayList<>();
        for (PspDefault original : defaults) {
            PspDefault d = new PspDefault(original.rule(), original.field(), AgreedDefaults.webhookPath(original.path()),
                    original.value(), original.typed());
            if (d.path().startsWith(CONTAINERS)) {
                String rest = d.path().substring(CONTAINERS.length());
                String field = rest.replace("securityContext.", "");
                // PSP merged capabilities into the container's own lists (CapabilitiesRule#mutate): a ModifySet merge.
                String kind = rest.endsWith("capabilities.drop") || rest.endsWith("capabilities.add") ? "ModifySet"
                        : "Assign";
                for (String list : CONTAINER_LISTS) {
                    out.add(new Item(kind, "spec." + list + "[name:*]." + rest, list + "-" + field, d.rule(),
                            d.value(), d.typed()));
                }
            } else if (d.path().startsWith(APPARMOR_ANNOTATION)) {
                if (d.value().equals("runtime/default")) {
                    // An unset profile gets the runtime's default anyway, and the gap policy admits it unset
                    // (AppArmorRule#predicate): nothing is lost without a mutator.
                    continue;
                }
                skipped.add("No Gatekeeper mutator for the AppArmor default " + d.value() + " in " + namespace
                        + ": it is a per-container annotation, which an AssignMetadata cannot name.");
            } else if (d.path().equals(SECCOMP_ANNOTATION)) {
                // With the field form written, the API server copies it into the annotation (1.19-1.26).
                if (!seccompField) {
                    out.add(new Item("AssignMetadata",
                            "metadata.annotations.\"seccomp.security.alpha.kubernetes.io/pod\"", "seccomp-annotation",
                            d.rule(), d.value(), d.value()));
                }
            } else {
                String field = d.path().substring("spec.".length()).replace("securityContext.", "pod-");
                out.add(new Item("Assign", d.path(), field, d.rule(), d.value(), d.typed()));
            }
        }
        return out;
    }
}
