package dev.psp2psa.psp;

import java.util.Objects;

/**
 * A gatekeeper-library template that checks PSP rules: its constraint kind (such as {@code K8sPSPCapabilities}), and
 * whether its parameters are named after the rules it checks, one per rule, so that a constraint may check only some
 * of them ({@code K8sPSPAllowedUsers}). Rules that name one kind share one constraint.
 */
public record LibraryKind(String name, boolean parametersByRule) {

    /** runAsUser, runAsGroup, supplementalGroups and fsGroup, one parameter each. */
    static final LibraryKind ALLOWED_USERS = new LibraryKind("K8sPSPAllowedUsers", true);
    /** hostIPC and hostPID. */
    static final LibraryKind HOST_NAMESPACE = of("K8sPSPHostNamespace");
    /** hostNetwork and hostPorts. */
    static final LibraryKind HOST_NETWORKING_PORTS = of("K8sPSPHostNetworkingPorts");

    public LibraryKind {
        Objects.requireNonNull(name, "name");
    }

    /** A kind whose parameters are not named after rules. */
    static LibraryKind of(String name) {
        return new LibraryKind(name, false);
    }
}
