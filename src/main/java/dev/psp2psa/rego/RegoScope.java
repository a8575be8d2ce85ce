package dev.psp2psa.rego;

import dev.psp2psa.cel.AdmissionEvaluator;
import dev.psp2psa.cel.PodCel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables in scope: CEL name to Rego name, in binding order ({@code names}, passed to every rule as its
 * parameters), and the CEL variables that are Rego terms every rule can read as they are ({@code globals}: parts of
 * {@code input}).
 */
record RegoScope(Map<String, String> names, Map<String, String> globals) {

    /** The Rego term of the admission request Gatekeeper reviews: the AdmissionRequest. */
    static final String REVIEW = "input.review";

    /** A predicate over the pod alone: {@code object}. */
    static RegoScope root() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PodCel.OBJECT, RegoTranslator.OBJECT);
        return new RegoScope(m, Map.of());
    }

    /**
     * A predicate over the whole admission request: {@code object} as for a pod, {@code oldObject} and
     * {@code request} read from {@code input.review} where the CEL reads them (so a CREATE, whose review has no old
     * object, never binds one).
     */
    static RegoScope request() {
        Map<String, String> globals = new LinkedHashMap<>();
        globals.put(AdmissionEvaluator.OLD_OBJECT, REVIEW + ".oldObject");
        globals.put(AdmissionEvaluator.REQUEST, REVIEW);
        return new RegoScope(root().names(), globals);
    }

    RegoScope with(String cel, String rego) {
        Map<String, String> m = new LinkedHashMap<>(names);
        m.put(cel, rego);
        return new RegoScope(m, globals);
    }

    /** The Rego term of a CEL variable, or null when none is in scope. */
    String lookup(String cel) {
        String name = names.get(cel);
        return name != null ? name : globals.get(cel);
    }

    String params() {
        return String.join(", ", names.values());
    }
}
