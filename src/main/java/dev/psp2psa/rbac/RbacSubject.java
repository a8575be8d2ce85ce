package dev.psp2psa.rbac;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A subject of a (Cluster)RoleBinding, as written, except that a {@code ServiceAccount} subject without a
 * namespace in a RoleBinding carries the binding's namespace: the RBAC authorizer defaults it that way
 * ({@code appliesToUser} in {@code pkg/registry/rbac/validation/rule.go}).
 *
 * <p>How subjects map to the identities that create pods:
 * <ul>
 *   <li>{@code ServiceAccount ns/name} and {@code User system:serviceaccount:ns:name} are that service account;</li>
 *   <li>{@code Group system:serviceaccounts} is every service account, {@code Group system:serviceaccounts:ns}
 *       every service account of {@code ns};</li>
 *   <li>{@code Group system:authenticated} is every service account and every authenticated user;</li>
 *   <li>every other user and group (humans, {@code system:masters}, {@code oidc:...}) is a <em>user</em>.</li>
 * </ul>
 *
 * @param kind      {@code ServiceAccount}, {@code User} or {@code Group}
 * @param namespace the service account's namespace; {@code null} for users and groups
 * @param name      the name as written
 */
public record RbacSubject(String kind, String namespace, String name) implements Comparable<RbacSubject> {

    public static final String SERVICE_ACCOUNT = "ServiceAccount";
    public static final String USER = "User";
    public static final String GROUP = "Group";

    /** The group of every service account. */
    public static final String ALL_SERVICE_ACCOUNTS = "system:serviceaccounts";
    /** The prefix of the group of every service account of one namespace. */
    public static final String NAMESPACE_SERVICE_ACCOUNTS_PREFIX = "system:serviceaccounts:";
    /** The group of every authenticated identity: all service accounts and all users. */
    public static final String AUTHENTICATED = "system:authenticated";
    /** The prefix of a service account's user name, {@code system:serviceaccount:<ns>:<name>}. */
    public static final String SERVICE_ACCOUNT_USER_PREFIX = "system:serviceaccount:";

    /**
     * The group whose members every API server authorizes for every request, before and without RBAC: the
     * {@code system:masters} privileged-group authorizer ({@code authorizerfactory.NewPrivilegedGroups}) heads the
     * authorizer chain ({@code pkg/kubeapiserver/authorizer}).
     */
    public static final String SYSTEM_MASTERS = "system:masters";

    /** Sorted by kind, namespace (none first), then name. */
    public static final Comparator<RbacSubject> ORDER = Comparator.comparing(RbacSubject::kind)
            .thenComparing(s -> s.namespace() == null ? "" : s.namespace())
            .thenComparing(RbacSubject::name);

    public RbacSubject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public static RbacSubject serviceAccount(String namespace, String name) {
        return new RbacSubject(SERVICE_ACCOUNT, namespace, name);
    }

    public static RbacSubject user(String name) {
        return new RbacSubject(USER, null, name);
    }

    public static RbacSubject group(String name) {
        return new RbacSubject(GROUP, null, name);
    }

    /**
     * A subject written on the command line: {@code user:NAME}, {@code group:NAME} or
     * {@code serviceaccount:NAMESPACE:NAME} (the prefix in any case).
     *
     * @throws IllegalArgumentException when it has another form or an empty part
     */
    public static RbacSubject parseRef(String ref) {
        int colon = ref.indexOf(':');
        String prefix = colon < 0 ? "" : ref.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        String rest = colon < 0 ? "" : ref.substring(colon + 1);
        switch (prefix) {
            case "user", "group" -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("the " + prefix + " name is empty.");
                }
                return prefix.equals("user") ? user(rest) : group(rest);
            }
            case "serviceaccount" -> {
                String[] parts = rest.split(":", -1);
                if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                    throw new IllegalArgumentException("write a service account as serviceaccount:NAMESPACE:NAME.");
                }
                return serviceAccount(parts[0], parts[1]);
            }
            default -> throw new IllegalArgumentException("write user:NAME, group:NAME or "
                    + "serviceaccount:NAMESPACE:NAME.");
        }
    }

    /** {@code ServiceAccount monitoring/node-exporter}, {@code Group system:authenticated}, {@code User alice}. */
    public String display() {
        return namespace == null ? kind + " " + name : kind + " " + namespace + "/" + name;
    }

    /**
     * The one service account this subject is, as {@code RbacSubject.serviceAccount(ns, name)}: a
     * {@code ServiceAccount} subject, or a {@code User system:serviceaccount:<ns>:<name>}. Empty for groups and
     * other users.
     */
    public Optional<RbacSubject> serviceAccountIdentity() {
        if (SERVICE_ACCOUNT.equals(kind)) {
            return namespace == null ? Optional.empty() : Optional.of(this);
        }
        if (USER.equals(kind) && name.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) {
            // serviceaccount.SplitUsername: exactly "<ns>:<name>" after the prefix, both non-empty.
            String[] parts = name.substring(SERVICE_ACCOUNT_USER_PREFIX.length()).split(":", -1);
            if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                return Optional.of(serviceAccount(parts[0], parts[1]));
            }
        }
        return Optional.empty();
    }

    /** Whether this subject includes the service account {@code namespace/serviceAccount}. */
    public boolean coversServiceAccount(String namespace, String serviceAccount) {
        if (GROUP.equals(kind)) {
            return ALL_SERVICE_ACCOUNTS.equals(name) || AUTHENTICATED.equals(name)
                    || name.equals(NAMESPACE_SERVICE_ACCOUNTS_PREFIX + namespace);
        }
        return serviceAccountIdentity()
                .map(sa -> sa.namespace().equals(namespace) && sa.name().equals(serviceAccount))
                .orElse(false);
    }

    /** The namespace whose service accounts this {@code system:serviceaccounts:<ns>} group is, or empty. */
    public Optional<String> serviceAccountGroupNamespace() {
        if (GROUP.equals(kind) && name.startsWith(NAMESPACE_SERVICE_ACCOUNTS_PREFIX)
                && name.length() > NAMESPACE_SERVICE_ACCOUNTS_PREFIX.length()) {
            return Optional.of(name.substring(NAMESPACE_SERVICE_ACCOUNTS_PREFIX.length()));
        }
        return Optional.empty();
    }

    /**
     * Whether this subject includes identities that are not service accounts: users other than
     * {@code system:serviceaccount:...}, groups other than the service-account groups, and
     * {@code system:authenticated} (which holds every user as well as every service account).
     */
    public boolean coversUsers() {
        if (GROUP.equals(kind)) {
            return AUTHENTICATED.equals(name)
                    || !(ALL_SERVICE_ACCOUNTS.equals(name) || serviceAccountGroupNamespace().isPresent());
        }
        return USER.equals(kind) && serviceAccountIdentity().isEmpty();
    }

    /** Whether this is the {@code system:masters} group. */
    public boolean isSystemMasters() {
        return GROUP.equals(kind) && SYSTEM_MASTERS.equals(name);
    }

    /**
     * The one identity this subject names: a {@code User system:serviceaccount:<ns>:<name>} is that
     * {@code ServiceAccount}; every other subject is itself.
     */
    public RbacSubject identity() {
        return serviceAccountIdentity().orElse(this);
    }

    /**
     * Whether this subject is {@code other} (the same identity after {@link #identity()}): a label admin
     * {@code group:ops} is the subject {@code Group ops}; group membership is not known, so a user is never taken for
     * a member of a group or the reverse.
     */
    public boolean isSameIdentity(RbacSubject other) {
        return identity().equals(other.identity());
    }

    /** {@code serviceAccount} for a service account (either spelling), else {@code user} or {@code group}. */
    public String category() {
        if (serviceAccountIdentity().isPresent()) {
            return "serviceAccount";
        }
        return GROUP.equals(kind) ? "group" : "user";
    }

    @Override
    public int compareTo(RbacSubject other) {
        return ORDER.compare(this, other);
    }
}
