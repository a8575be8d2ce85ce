package dev.psp2psa.rbac;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Who may {@code use} which PodSecurityPolicy where: every {@link Grant} found in the RBAC input, with views
 * that answer the questions PSP admission asks. Immutable; every list is sorted by {@link Grant#ORDER}.
 *
 * <p>PSP admission admits a pod with a policy when the pod's service account <em>or</em> the requesting user
 * may use the policy in the pod's namespace ({@code isAuthorizedForPolicy} in the PodSecurityPolicy admission
 * plugin checks the service account, then the user, for API groups {@code policy} and {@code extensions}).
 * Three kinds of requesting user matter:
 * <ul>
 *   <li>the <b>controllers</b> that create the pods of workloads ({@link #controllerGrants(String)});</li>
 *   <li><b>users</b>: humans and non-service-account groups that may create pods by hand
 *       ({@link #userGrants(String)});</li>
 *   <li>service accounts of <b>other namespaces</b> (operators, CI runners) granted in this namespace
 *       ({@link #crossNamespaceGrants(String)}).</li>
 * </ul>
 * Only the pod's own service account and the controllers count by default; the other two are counted when
 * the caller asks ({@code includeUsers}).
 */
public final class PspAccess {

    /** The namespace of the controller service accounts. */
    public static final String CONTROLLER_NAMESPACE = "kube-system";

    /**
     * The kube-controller-manager service accounts that create pods, in {@code kube-system}, when the controller
     * manager runs with {@code --use-service-account-credentials} (the kubeadm default): the ReplicaSet,
     * DaemonSet, StatefulSet, Job, CronJob and ReplicationController controllers.
     *
     * <p>{@code deployment-controller} is deliberately absent: a Deployment's controller creates ReplicaSets,
     * never pods, so the PSP authorization of a Deployment's pods is checked against
     * {@code replicaset-controller}, and a PSP usable only by {@code deployment-controller} admits no pod.
     * {@code cronjob-controller} is absent for the same reason, although DESIGN §4.3 names it: it creates Jobs,
     * whose pods {@code job-controller} creates, so counting it would widen the usable set beyond what PSP
     * admission allowed (see docs/rbac.md).
     */
    public static final List<String> CONTROLLER_SERVICE_ACCOUNTS = List.of(
            "daemon-set-controller",
            "job-controller",
            "replicaset-controller",
            "replication-controller",
            "statefulset-controller");

    /**
     * The user the controller manager authenticates as when it runs <em>without</em>
     * {@code --use-service-account-credentials}: then every controller creates pods as this user, so a PSP it
     * may use is usable by the pods of every workload. Counted with the controllers.
     */
    public static final String CONTROLLER_MANAGER_USER = "system:kube-controller-manager";

    private final List<Grant> grants;
    private final List<Problem> problems;
    private final SortedSet<String> psps;
    private final SortedSet<String> namespacesNamed;

    // Indexes, each list in Grant.ORDER.
    private final Map<String, List<Grant>> serviceAccountIdentityGrants = new HashMap<>(); // "ns/name" → grants
    private final Map<String, List<Grant>> namespaceGroupGrants = new HashMap<>(); // ns → grants
    private final List<Grant> allServiceAccountGrants = new ArrayList<>(); // system:serviceaccounts, :authenticated
    private final List<Grant> controllerGrants = new ArrayList<>();
    private final List<Grant> userGrants = new ArrayList<>();
    private final List<Grant> identityGrants = new ArrayList<>(); // one service account, not a controller

    private final RbacRules rules;

    PspAccess(List<Grant> grants, List<Problem> problems, SortedSet<String> psps, SortedSet<String> namespacesNamed,
            RbacRules rules) {
        this.rules = rules;
        this.grants = grants.stream().distinct().sorted().toList();
        this.problems = problems.stream().distinct().sorted().toList();
        this.psps = Collections.unmodifiableSortedSet(new TreeSet<>(psps));
        this.namespacesNamed = Collections.unmodifiableSortedSet(new TreeSet<>(namespacesNamed));
        for (Grant g : this.grants) {
            RbacSubject s = g.subject();
            s.serviceAccountIdentity().ifPresent(sa -> {
                serviceAccountIdentityGrants.computeIfAbsent(sa.namespace() + "/" + sa.name(), k -> new ArrayList<>())
                        .add(g);
                if (!isController(sa)) {
                    identityGrants.add(g);
                }
            });
            s.serviceAccountGroupNamespace()
                    .ifPresent(ns -> namespaceGroupGrants.computeIfAbsent(ns, k -> new ArrayList<>()).add(g));
            if (RbacSubject.GROUP.equals(s.kind())
                    && (RbacSubject.ALL_SERVICE_ACCOUNTS.equals(s.name()) || RbacSubject.AUTHENTICATED.equals(s.name()))) {
                allServiceAccountGrants.add(g);
            }
            if (coversController(s)) {
                controllerGrants.add(g);
            }
            if (s.coversUsers() && !isControllerManager(s)) {
                userGrants.add(g);
            }
        }
    }

    /** Whether the subject includes one of the pod-creating controllers (see {@link #CONTROLLER_SERVICE_ACCOUNTS}). */
    public static boolean coversController(RbacSubject subject) {
        if (isControllerManager(subject)) {
            return true;
        }
        return CONTROLLER_SERVICE_ACCOUNTS.stream()
                .anyMatch(c -> subject.coversServiceAccount(CONTROLLER_NAMESPACE, c));
    }

    private static boolean isControllerManager(RbacSubject subject) {
        return RbacSubject.USER.equals(subject.kind()) && CONTROLLER_MANAGER_USER.equals(subject.name());
    }

    private static boolean isController(RbacSubject serviceAccount) {
        return CONTROLLER_NAMESPACE.equals(serviceAccount.namespace())
                && CONTROLLER_SERVICE_ACCOUNTS.contains(serviceAccount.name());
    }

    /** Every binding of the input with its resolved rules, for questions other than the use of PSPs. */
    public RbacRules rules() {
        return rules;
    }

    /** Every grant, sorted. */
    public List<Grant> grants() {
        return grants;
    }

    /** The PodSecurityPolicy names in the input, sorted. */
    public SortedSet<String> psps() {
        return psps;
    }

    /**
     * The grants that let the service account {@code namespace/serviceAccount} use PSPs in {@code namespace}:
     * subjects {@code ServiceAccount namespace/serviceAccount}, {@code User system:serviceaccount:namespace:sa},
     * {@code Group system:serviceaccounts}, {@code Group system:serviceaccounts:namespace} and
     * {@code Group system:authenticated}, through a ClusterRoleBinding or a RoleBinding in {@code namespace}.
     */
    public List<Grant> serviceAccountGrants(String namespace, String serviceAccount) {
        List<Grant> out = new ArrayList<>();
        addApplying(out, serviceAccountIdentityGrants.get(namespace + "/" + serviceAccount), namespace);
        addApplying(out, namespaceGroupGrants.get(namespace), namespace);
        addApplying(out, allServiceAccountGrants, namespace);
        return sorted(out);
    }

    /**
     * The grants that let the pod-creating controllers use PSPs in {@code namespace}: any subject that includes
     * one of {@link #CONTROLLER_SERVICE_ACCOUNTS} (directly, as a {@code system:serviceaccount:kube-system:...}
     * user, or through the {@code system:serviceaccounts}, {@code system:serviceaccounts:kube-system} and
     * {@code system:authenticated} groups) or {@link #CONTROLLER_MANAGER_USER}, through a ClusterRoleBinding or a
     * RoleBinding in {@code namespace}. Such a PSP is usable by every pod a controller creates there.
     */
    public List<Grant> controllerGrants(String namespace) {
        return filter(controllerGrants, g -> g.appliesIn(namespace));
    }

    /**
     * The grants to users: users that are not service accounts (except {@link #CONTROLLER_MANAGER_USER}, a
     * controller), groups other than the service-account groups, and {@code system:authenticated} (which holds
     * every user too). These are who may create pods with a PSP
     * by hand; they are counted in levels only when asked.
     */
    public List<Grant> userGrants() {
        return Collections.unmodifiableList(userGrants);
    }

    /** The {@link #userGrants()} that apply in {@code namespace}. */
    public List<Grant> userGrants(String namespace) {
        return filter(userGrants, g -> g.appliesIn(namespace));
    }

    /**
     * The grants that let a service account of <em>another</em> namespace (not a controller) use PSPs in
     * {@code namespace}: such an account may create pods there itself (an operator, a CI runner), as the
     * requesting user. Counted in levels only when asked, like {@link #userGrants(String)}.
     */
    public List<Grant> crossNamespaceGrants(String namespace) {
        return filter(identityGrants, g -> g.appliesIn(namespace)
                && !namespace.equals(g.subject().serviceAccountIdentity().orElseThrow().namespace()));
    }

    /**
     * The PSPs a pod of {@code namespace} running as {@code serviceAccount} may be admitted with: those of
     * {@link #serviceAccountGrants} and {@link #controllerGrants}, and with {@code includeUsers} also those of
     * {@link #userGrants(String)} and {@link #crossNamespaceGrants(String)}.
     */
    public SortedSet<String> usablePsps(String namespace, String serviceAccount, boolean includeUsers) {
        SortedSet<String> out = new TreeSet<>();
        serviceAccountGrants(namespace, serviceAccount).forEach(g -> out.add(g.psp()));
        controllerGrants(namespace).forEach(g -> out.add(g.psp()));
        if (includeUsers) {
            userGrants(namespace).forEach(g -> out.add(g.psp()));
            crossNamespaceGrants(namespace).forEach(g -> out.add(g.psp()));
        }
        return Collections.unmodifiableSortedSet(out);
    }

    /**
     * The namespaces the RBAC input names: those of Roles and RoleBindings, of ServiceAccount subjects (and
     * {@code system:serviceaccount:<ns>:<name>} users), and of {@code system:serviceaccounts:<ns>} groups.
     */
    public SortedSet<String> namespacesNamed() {
        return namespacesNamed;
    }

    /** What could not be used as written, sorted by source, then message. */
    public List<Problem> problems() {
        return problems;
    }

    private static void addApplying(List<Grant> out, List<Grant> from, String namespace) {
        if (from != null) {
            from.stream().filter(g -> g.appliesIn(namespace)).forEach(out::add);
        }
    }

    private static List<Grant> filter(List<Grant> from, Predicate<Grant> keep) {
        return from.stream().filter(keep).toList();
    }

    private static List<Grant> sorted(List<Grant> grants) {
        return grants.stream().distinct().sorted().toList();
    }
}
