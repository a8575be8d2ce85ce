package dev.psp2psa.rego;

import java.util.ArrayList;
import java.util.List;

/**
 * A Gatekeeper Rego module (v0 syntax) over {@code input.review.object}: one {@code violation} rule per check, each
 * firing when its predicate, translated from CEL by {@link RegoTranslator}, does not hold.
 */
public final class RegoModule {

    /** One check: the CEL predicate a pod must pass and the message of a violation. */
    public record Check(String expression, String message) {
    }

    private RegoModule() {
    }

    /** The name of the rule that holds the i-th check's predicate (from 1). */
    public static String validName(int i) {
        return "psp2psa_valid_" + i;
    }

    /**
     * The module's text.
     *
     * @throws IllegalArgumentException when a predicate is outside the CEL subset the translator knows
     */
    public static String module(String pkg, List<Check> checks) {
        return module(pkg, checks, RegoScope.root());
    }

    /**
     * The text of a module whose predicates read the whole admission request: {@code object}, {@code oldObject}
     * and {@code request} (from {@code input.review}, the AdmissionRequest Gatekeeper reviews).
     *
     * @throws IllegalArgumentException when a predicate is outside the CEL subset the translator knows
     */
    public static String requestModule(String pkg, List<Check> checks) {
        return module(pkg, checks, RegoScope.request());
    }

    private static String module(String pkg, List<Check> checks, RegoScope root) {
        RegoTranslator t = new RegoTranslator();
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            String valid = t.predicate(validName(i + 1), c.expression(), root);
            violations.add("violation[{\"msg\": msg}] {\n    " + RegoTranslator.OBJECT + " := input.review.object\n"
                    + "    not " + valid + "(" + RegoTranslator.OBJECT + ")\n    msg := "
                    + RegoTranslator.string(c.message()) + "\n}");
        }
        return "package " + pkg + "\n\n" + String.join("\n\n", violations) + "\n\n" + t.rules();
    }
}
