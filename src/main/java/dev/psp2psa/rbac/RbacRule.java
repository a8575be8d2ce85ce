package dev.psp2psa.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One RBAC policy rule, immutable: its API groups, resources, resource names and verbs as written (nulls dropped).
 * {@link #allows} is the RBAC authorizer's {@code RuleAllows} for resource requests
 * ({@code plugin/pkg/auth/authorizer/rbac/rbac.go}, with {@code VerbMatches}, {@code APIGroupMatches},
 * {@code ResourceMatches} and {@code ResourceNameMatches} of {@code pkg/apis/rbac/v1/evaluation_helpers.go}).
 */
public record RbacRule(List<String> apiGroups, List<String> resources, List<String> resourceNames, List<String> verbs) {

    /** The wildcard of verbs, API groups and resources. */
    public static final String ALL = "*";

    public RbacRule {
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
        verbs = List.copyOf(verbs);
    }

    /** The rule of a role, as the API server stores it. */
    public static RbacRule of(PolicyRule rule) {
        return new RbacRule(values(rule.getApiGroups()), values(rule.getResources()), values(rule.getResourceNames()),
                values(rule.getVerbs()));
    }

    private static List<String> values(List<String> list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            list.stream().filter(Objects::nonNull).forEach(out::add);
        }
        return out;
    }

    /**
     * Whether the rule allows a resource request: the verb is listed or {@code *}; the API group is listed or
     * {@code *}; the resource ({@code resource/subresource} for a subresource) is listed, or {@code *}, or
     * {@code *\/subresource}; and the resource names are empty or list {@code name}. A request without a name (a
     * {@code create}, a {@code list}) is allowed only by a rule without resource names. Exact and case-sensitive.
     *
     * @param subresource the subresource, or empty
     * @param name        the object's name, or empty
     */
    public boolean allows(String verb, String apiGroup, String resource, String subresource, String name) {
        return allowsSomeName(verb, apiGroup, resource, subresource)
                && (resourceNames.isEmpty() || resourceNames.contains(name));
    }

    /** Whether the rule allows the request for some object name: {@link #allows} without the resource names. */
    public boolean allowsSomeName(String verb, String apiGroup, String resource, String subresource) {
        String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
        boolean resourceMatches = resources.stream().anyMatch(r -> r.equals(ALL) || r.equals(combined)
                || (!subresource.isEmpty() && r.equals("*/" + subresource)));
        return (verbs.contains(ALL) || verbs.contains(verb))
                && (apiGroups.contains(ALL) || apiGroups.contains(apiGroup))
                && resourceMatches;
    }

    /** The wildcards that make the rule broad: {@code verbs *}, {@code apiGroups *}, {@code resources *}. */
    public List<String> wildcards() {
        List<String> out = new ArrayList<>();
        if (verbs.contains(ALL)) {
            out.add("verbs *");
        }
        if (apiGroups.contains(ALL)) {
            out.add("apiGroups *");
        }
        if (resources.contains(ALL)) {
            out.add("resources *");
        }
        return out;
    }

    /** {@code verbs [update, patch] on [namespaces] in apiGroups [""] named [a, b]} (the names only when given). */
    public String display() {
        return "verbs " + list(verbs) + " on " + list(resources) + " in apiGroups " + list(apiGroups)
                + (resourceNames.isEmpty() ? "" : " named " + list(resourceNames));
    }

    private static String list(List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> v.isEmpty() ? "\"\"" : v).toList()) + "]";
    }
}
