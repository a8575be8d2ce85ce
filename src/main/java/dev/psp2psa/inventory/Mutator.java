package dev.psp2psa.inventory;

import java.util.List;

/**
 * One Gatekeeper mutator of a migration directory ({@code gatekeeper/mutations/}), in the forms psp2psa writes: an
 * {@code Assign} or {@code AssignMetadata} that sets {@code value} at {@code location} in the pods its match selects.
 *
 * @param kind               {@code Assign} or {@code AssignMetadata}
 * @param name               its {@code metadata.name}
 * @param source             file and line
 * @param location           {@code spec.location}, such as {@code spec.containers[name:*].securityContext.runAsNonRoot}
 * @param value              {@code spec.parameters.assign.value}: text, a boolean, a number, or lists and maps of them
 * @param kinds              the kinds {@code spec.match.kinds} names (empty: every kind)
 * @param namespaces         {@code spec.match.namespaces} (empty: every namespace), with Gatekeeper's end globs
 * @param excludedNamespaces {@code spec.match.excludedNamespaces}
 * @param pathTests          {@code spec.parameters.pathTests}, in order
 */
public record Mutator(String kind, String name, String source, String location, Object value, List<String> kinds,
        List<String> namespaces, List<String> excludedNamespaces, List<PathTest> pathTests) {

    public Mutator {
        kinds = List.copyOf(kinds);
        namespaces = List.copyOf(namespaces);
        excludedNamespaces = List.copyOf(excludedNamespaces);
        pathTests = List.copyOf(pathTests);
    }

    /** A path test: the mutation applies only where {@code subPath} exists ({@code MustExist}) or not. */
    public record PathTest(String subPath, boolean mustExist) {
    }
}
