package dev.psp2psa.rego;

import dev.psp2psa.cel.PodCel;
import java.util.LinkedHashMap;
import java.util.Map;

/** The variables in scope: CEL name to Rego name, in binding order. */
record RegoScope(Map<String, String> names) {

    static RegoScope root() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PodCel.OBJECT, RegoTranslator.OBJECT);
        return new RegoScope(m);
    }

    RegoScope with(String cel, String rego) {
        Map<String, String> m = new LinkedHashMap<>(names);
        m.put(cel, rego);
        return new RegoScope(m);
    }

    String params() {
        return String.join(", ", names.values());
    }
}
