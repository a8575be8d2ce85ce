package dev.psp2psa.plan;

import dev.psp2psa.rbac.PspAccess;
import dev.psp2psa.rbac.RbacRules;
import dev.psp2psa.rbac.RbacSubject;
import dev.psp2psa.rbac.RulePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reviews who can get around PSA after the switch (docs/rbac.md): whoever may update or patch a Namespace may change
 * its {@code pod-security.kubernetes.io/*} labels, so switch enforcement off there; whoever may create pods or pod
 * controllers in an exempt namespace, or is an exempt user, is not checked at all; and {@code system:masters} may do
 * anything, with or without a binding. Pure: RBAC from {@link RbacRules}, exemptions from the {@link PlanRequest}.
 */
public final class BypassReviewer {

    /** A resource of an API group ({@code ""}: the core group). */
    record Resource(String apiGroup, String resource) {
        String display() {
            return apiGroup.isEmpty() ? resource : resource + "." + apiGroup;
        }
    }

    /**
     * What a pod is created through: pods, and the controllers that create them (directly or through another
     * controller) in the API groups a 1.22-or-newer cluster serves them in.
     */
    static final List<Resource> POD_CREATORS = List.of(
            new Resource("", "pods"),
            new Resource("", "replicationcontrollers"),
            new Resource("apps", "daemonsets"),
            new Resource("apps", "deployments"),
            new Resource("apps", "replicasets"),
            new Resource("apps", "statefulsets"),
            new Resource("batch", "cronjobs"),
            new Resource("batch", "jobs"));

    /**
     * The writes of a Namespace object that can change its labels, as (verb, subresource): {@code update} and
     * {@code patch} of the namespace, of its {@code status} (the status strategy resets only {@code spec}) and
     * {@code update} of its {@code finalize} subresource (which serves no patch); PSA does not look at
     * subresource writes at all ({@code ValidateNamespace} returns early).
     */
    static final List<List<String>> NAMESPACE_WRITES = List.of(
            List.of("update", ""), List.of("patch", ""),
            List.of("update", "status"), List.of("patch", "status"),
            List.of("update", "finalize"));

    /** The kube-controller-manager controllers whose service accounts create workload objects, with what. */
    private static final Map<String, String> CONTROLLERS = new TreeMap<>(Map.of(
            "cronjob-controller", "the Jobs of every CronJob",
            "daemon-set-controller", "the pods of every DaemonSet",
            "deployment-controller", "the ReplicaSets of every Deployment",
            "job-controller", "the pods of every Job",
            "replicaset-controller", "the pods of every ReplicaSet (and so of every Deployment)",
            "replication-controller", "the pods of every ReplicationController",
            "statefulset-controller", "the pods of every StatefulSet"));

    private static final String MASTERS_RULE = "none needed: the API server authorizes system:masters for every "
            + "request before it asks RBAC";
    private static final String EXEMPT_USER_RULE = "listed in the admission configuration's exemptions.usernames: PSA "
            + "checks none of its requests";
    private static final List<String> KIND_ORDER = List.of(BypassPath.RELABEL, BypassPath.EXEMPT_NAMESPACE,
            BypassPath.EXEMPT_USERNAME);
    private static final List<String> CATEGORY_ORDER = List.of("user", "group", "serviceAccount");

    private BypassReviewer() {
    }

    /**
     * Why the admission configuration must not exempt {@code username}, or empty when it may: the service account of a
     * kube-controller-manager controller that creates pods or pod controllers, or the controller manager's own user.
     * Exempting the creator of a pod exempts the pod: PSA checks the requesting user, and for a workload's pods that
     * is the controller, in every namespace.
     */
    public static Optional<String> refusal(String username) {
        if (PspAccess.CONTROLLER_MANAGER_USER.equals(username)) {
            return Optional.of("it is the kube-controller-manager's own user, which creates the pods of every "
                    + "workload when the controller manager runs without --use-service-account-credentials: exempting "
                    + "it would exempt all of them, in every namespace.");
        }
        Optional<RbacSubject> sa = RbacSubject.user(username).serviceAccountIdentity();
        if (sa.isEmpty() || !PspAccess.CONTROLLER_NAMESPACE.equals(sa.get().namespace())
                || !CONTROLLERS.containsKey(sa.get().name())) {
            return Optional.empty();
        }
        String name = sa.get().name();
        String creates = CONTROLLERS.get(name);
        return Optional.of(PspAccess.CONTROLLER_SERVICE_ACCOUNTS.contains(name)
                ? "it is the service account of the " + name + ", which creates " + creates + " in every namespace: "
                        + "exempting it would exempt all of those pods from PSA."
                : "it is the service account of the " + name + ", which creates " + creates + " in every "
                        + "namespace: exempting it would hide PSA's warnings and audit annotations on all of them.");
    }

    /** The review for the RBAC of the input and the exemptions and label admins of the request. */
    public static BypassReview review(RbacRules rules, PlanRequest request) {
        Collector c = new Collector();
        for (List<String> write : NAMESPACE_WRITES) {
            for (RbacRules.NamespaceWrite w : rules.namespaceWrites(write.get(0), write.get(1))) {
                String resource = w.subresource().isEmpty() ? "namespaces" : "namespaces/" + w.subresource();
                c.add(BypassPath.RELABEL, w.path(), w.verb(), resource, w.namespaces());
            }
        }
        List<String> exemptNamespaces = List.copyOf(request.exemptNamespaces());
        for (String ns : exemptNamespaces) {
            for (Resource r : POD_CREATORS) {
                for (RulePath p : rules.allowing("create", r.apiGroup(), r.resource(), "", ns, "")) {
                    c.add(BypassPath.EXEMPT_NAMESPACE, p, "create", r.display(), List.of(ns));
                }
            }
        }
        RbacSubject masters = RbacSubject.group(RbacSubject.SYSTEM_MASTERS);
        c.unbound(masters, BypassPath.RELABEL, List.of("*"), MASTERS_RULE, List.of(RbacSubject.SYSTEM_MASTERS));
        if (!exemptNamespaces.isEmpty()) {
            c.unbound(masters, BypassPath.EXEMPT_NAMESPACE, exemptNamespaces, MASTERS_RULE,
                    List.of(RbacSubject.SYSTEM_MASTERS));
        }
        List<String> written = new ArrayList<>();
        List<BypassReview.RefusedExemption> refused = new ArrayList<>();
        for (String u : request.exemptUsernames()) {
            Optional<String> why = refusal(u);
            if (why.isPresent()) {
                refused.add(new BypassReview.RefusedExemption(u, why.get()));
            } else {
                written.add(u);
                c.unbound(RbacSubject.user(u), BypassPath.EXEMPT_USERNAME, List.of("*"), EXEMPT_USER_RULE, List.of());
            }
        }
        return new BypassReview(c.subjects(request.labelAdmins()), exemptNamespaces, written, refused,
                List.copyOf(request.exemptRuntimeClasses()),
                request.labelAdmins().stream().map(RbacSubject::display).toList());
    }

    /** The paths found, merged per subject identity, path kind and RBAC path. */
    private static final class Collector {
        private final Map<RbacSubject, Map<List<Object>, Merged>> bySubject = new HashMap<>();

        void add(String kind, RulePath path, String verb, String resource, List<String> namespaces) {
            Merged m = bySubject.computeIfAbsent(path.subject().identity(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(List.of(kind, path.bindingDisplay(), path.roleDisplay()), k -> new Merged(kind, path.bindingDisplay(),
                            path.roleDisplay(), path.rule().display(), path.broad()));
            m.verbs.add(verb);
            m.resources.add(resource);
            m.namespaces.addAll(namespaces);
        }

        void unbound(RbacSubject subject, String kind, List<String> namespaces, String rule, List<String> broad) {
            Merged m = bySubject.computeIfAbsent(subject.identity(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(List.of(kind, rule), k -> new Merged(kind, null, null, rule, broad));
            if (!BypassPath.EXEMPT_USERNAME.equals(kind)) {
                m.verbs.add("*");
                m.resources.add("*");
            }
            m.namespaces.addAll(namespaces);
        }

        List<BypassSubject> subjects(List<RbacSubject> labelAdmins) {
            List<BypassSubject> out = new ArrayList<>();
            bySubject.forEach((subject, paths) -> {
                List<BypassPath> list = paths.values().stream().map(Merged::path).sorted(PATH_ORDER).toList();
                boolean admin = labelAdmins.stream().anyMatch(a -> a.isSameIdentity(subject));
                out.add(new BypassSubject(subject.category(), name(subject), admin, list));
            });
            out.sort(Comparator.comparing((BypassSubject s) -> CATEGORY_ORDER.indexOf(s.kind()))
                    .thenComparing(BypassSubject::name));
            return out;
        }

        private static String name(RbacSubject s) {
            return s.namespace() == null ? s.name() : s.namespace() + "/" + s.name();
        }
    }

    private static final Comparator<BypassPath> PATH_ORDER = Comparator
            .comparing((BypassPath p) -> KIND_ORDER.indexOf(p.kind()))
            .thenComparing(p -> p.binding() == null ? "" : p.binding())
            .thenComparing(p -> p.role() == null ? "" : p.role())
            .thenComparing(BypassPath::rule);

    /** One path being merged: the verbs, resources and namespaces found for it. */
    private static final class Merged {
        private final String kind;
        private final String binding;
        private final String role;
        private final String rule;
        private final List<String> broad;
        private final SortedSet<String> verbs = new TreeSet<>();
        private final SortedSet<String> resources = new TreeSet<>();
        private final SortedSet<String> namespaces = new TreeSet<>();

        Merged(String kind, String binding, String role, String rule, List<String> broad) {
            this.kind = kind;
            this.binding = binding;
            this.role = role;
            this.rule = rule;
            this.broad = broad;
        }

        BypassPath path() {
            List<String> reached = namespaces.contains("*") ? List.of("*") : List.copyOf(namespaces);
            return new BypassPath(kind, List.copyOf(verbs), List.copyOf(resources), reached, binding, role, rule,
                    broad);
        }
    }
}
