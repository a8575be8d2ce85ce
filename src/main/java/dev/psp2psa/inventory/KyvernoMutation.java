package dev.psp2psa.inventory;

import java.util.List;
import java.util.Map;

/**
 * One mutate rule of a Kyverno ClusterPolicy in a migration directory ({@code kyverno-mutations/}), in the forms
 * {@code convert} (unless {@code --no-mutations}) writes: a {@code patchStrategicMerge} of add-if-absent anchors, or a
 * {@code foreach} over the pod's containers that adds a per-container annotation.
 *
 * @param policy          the ClusterPolicy's {@code metadata.name}
 * @param rule            the rule's {@code name}
 * @param source          file and line
 * @param namespaces      {@code match.any[].resources.namespaces} (empty: every namespace)
 * @param excluded        {@code exclude.any[].resources.namespaces}: namespaces the rule skips
 * @param accountOperator {@code AnyIn} or {@code AnyNotIn} on the pod's service account, or null for every pod
 * @param accounts        the service accounts of the precondition
 * @param patch           the {@code patchStrategicMerge} of the rule, or null for a foreach rule
 * @param foreachList     the containers list of a foreach rule ({@code containers}), or null
 * @param annotationKey   the annotation a foreach rule adds, with {@code {{element.name}}} for the container's name
 * @param annotationValue its value
 * @param appendValue     for a foreach that merges a required drop: the capability it appends to each container's
 *                        {@code capabilities.drop} that lacks it (null for the other forms)
 */
public record KyvernoMutation(String policy, String rule, String source, List<String> namespaces,
        List<String> excluded, String accountOperator, List<String> accounts, Map<String, Object> patch, String foreachList,
        String annotationKey, String annotationValue, String appendValue) {

    public KyvernoMutation {
        namespaces = List.copyOf(namespaces);
        excluded = List.copyOf(excluded);
        accounts = List.copyOf(accounts);
    }
}
