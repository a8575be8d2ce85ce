package dev.psp2psa.rbac;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Label selector matching, for the aggregation rules of ClusterRoles. */
final class LabelSelectors {

    private LabelSelectors() {
    }

    /**
     * Whether the selector matches the labels, as {@code metav1.LabelSelectorAsSelector}: a null selector
     * matches nothing, an empty one everything; {@code NotIn} and {@code DoesNotExist} match when the key is
     * absent. An unknown operator matches nothing.
     */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!l.containsKey(e.getKey()) || !String.valueOf(l.get(e.getKey())).equals(e.getValue())) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (r == null) {
                    continue;
                }
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                boolean has = r.getKey() != null && l.containsKey(r.getKey());
                boolean ok = switch (r.getOperator() == null ? "" : r.getOperator()) {
                    case "In" -> has && values.contains(l.get(r.getKey()));
                    case "NotIn" -> !has || !values.contains(l.get(r.getKey()));
                    case "Exists" -> has;
                    case "DoesNotExist" -> !has;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
