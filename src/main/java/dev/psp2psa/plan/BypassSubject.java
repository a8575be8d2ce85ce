package dev.psp2psa.plan;

import java.util.List;

/**
 * A subject that may get around PSA, with every path by which it may.
 *
 * @param kind       {@code user}, {@code group} or {@code serviceAccount}
 * @param name       the user or group name, or {@code namespace/name} for a service account
 * @param labelAdmin whether it is one of the label admins ({@code --label-admins}): its relabel paths are expected
 * @param paths      sorted by kind ({@code relabel} first), then binding and role
 */
public record BypassSubject(String kind, String name, boolean labelAdmin, List<BypassPath> paths) {

    public BypassSubject {
        paths = List.copyOf(paths);
    }

    /** Whether some path lets it relabel namespaces. */
    public boolean mayRelabel() {
        return paths.stream().anyMatch(p -> p.kind().equals(BypassPath.RELABEL));
    }
}
