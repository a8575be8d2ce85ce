package dev.psp2psa.rego;

import static dev.psp2psa.rego.RegoSyntax.HOLE;
import static dev.psp2psa.rego.RegoSyntax.LIBRARY;
import static dev.psp2psa.rego.RegoSyntax.body;
import static dev.psp2psa.rego.RegoSyntax.constant;
import static dev.psp2psa.rego.RegoSyntax.constantBool;
import static dev.psp2psa.rego.RegoSyntax.define;
import static dev.psp2psa.rego.RegoSyntax.field;
import static dev.psp2psa.rego.RegoSyntax.isName;
import static dev.psp2psa.rego.RegoSyntax.negated;
import static dev.psp2psa.rego.RegoSyntax.operands;
import static dev.psp2psa.rego.RegoSyntax.operator;
import static dev.psp2psa.rego.RegoSyntax.parse;
import static dev.psp2psa.rego.RegoSyntax.target;
import static dev.psp2psa.rego.RegoSyntax.type;
import static dev.psp2psa.rego.RegoSyntax.unsupported;

import dev.cel.common.ast.CelExpr;
import dev.psp2psa.cel.PodCel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates psp2psa's CEL predicates into Rego (v0 syntax, which every Gatekeeper version compiles), construct by
 * construct, so that the Rego of a validation is the same predicate as its CEL twin. The CEL is parsed with dev.cel
 * and each node of the subset psp2psa emits ({@link PodCel}: {@code has}, field selection, indexing, {@code in},
 * {@code size}, {@code startsWith}, {@code matches}, the {@code all} and {@code exists} macros, ternaries,
 * {@code &&}, {@code ||}, {@code !}, comparisons, {@code +}, literals) has one Rego form:
 *
 * <ul>
 *   <li>a boolean node becomes body statements that succeed exactly when it is true ({@link #cond}) or exactly when
 *   it is false ({@link #condFalse}); {@code &&} is a conjunction of statements, {@code ||} a helper rule with one
 *   body per operand, {@code !} swaps the polarity;</li>
 *   <li>{@code list.all(x, p)} becomes {@code count([1 | x := list[_]; <p is false>]) == 0}, {@code exists} its
 *   dual;</li>
 *   <li>a value node becomes a Rego term; a ternary becomes a helper function with an {@code else} branch.</li>
 * </ul>
 *
 * <p>psp2psa's CEL is null-safe (every optional field is read behind {@code has()}), so no CEL evaluation error
 * occurs and Rego's undefined values never arise where CEL would have had a value. Helpers with the same
 * definition are written once. Anything outside the subset is rejected, so a new construct cannot be mistranslated
 * silently.
 */
public final class RegoTranslator {

    /** The Rego variable that holds the pod ({@code object} in CEL, a builtin namespace in Rego). */
    public static final String OBJECT = "obj";


    /** Helper definitions by their text without the name, so equal helpers are written once. */
    private final Map<String, String> helpers = new LinkedHashMap<>();
    private final List<String> definitions = new ArrayList<>();
    private int vars;

    /**
     * Adds a rule {@code name(obj)} that holds exactly when the CEL predicate is true, with its helpers, and
     * returns its name.
     *
     * @throws IllegalArgumentException when the expression does not parse or uses a construct outside the subset
     */
    public String predicate(String name, String expression) {
        return predicate(name, expression, RegoScope.root());
    }

    /** As {@link #predicate(String, String)}, with the CEL variables of {@code root} in scope. */
    String predicate(String name, String expression, RegoScope root) {
        CelExpr e = parse(expression);
        definitions.add(define(name, root.params(), List.of(cond(e, root))));
        return name;
    }

    /** Every rule and helper added so far, in order, blank-line separated, followed by the library. */
    public String rules() {
        List<String> all = new ArrayList<>(definitions);
        all.add(LIBRARY.strip());
        return String.join("\n\n", all) + "\n";
    }

    // ---- boolean nodes -------------------------------------------------------------------------------------

    /** Statements that succeed exactly when the boolean node is true. */
    List<String> cond(CelExpr e, RegoScope s) {
        switch (e.getKind()) {
            case CONSTANT -> {
                return List.of(constantBool(e) ? "true" : "false");
            }
            case SELECT -> {
                if (e.select().testOnly()) {
                    return List.of(has(e, s));
                }
                return List.of(term(e, s) + " == true");
            }
            case IDENT -> {
                return List.of(term(e, s) + " == true");
            }
            case COMPREHENSION -> {
                return comprehension(e, s, true);
            }
            case CALL -> {
                return condCall(e, s);
            }
            default -> throw unsupported(e);
        }
    }

    /** {@link #cond} of a call: the logical operators, comparisons and string functions. */
    private List<String> condCall(CelExpr e, RegoScope s) {
        CelExpr.CelCall c = e.call();
        List<CelExpr> a = c.args();
        switch (c.function()) {
            case "_&&_" -> {
                List<String> out = new ArrayList<>(cond(a.get(0), s));
                out.addAll(cond(a.get(1), s));
                return out;
            }
            case "_||_" -> {
                List<List<String>> bodies = new ArrayList<>();
                for (CelExpr d : operands(e, "_||_")) {
                    bodies.add(cond(d, s));
                }
                return List.of(helper("any", s, bodies));
            }
            case "!_" -> {
                return condFalse(a.get(0), s);
            }
            case "_?_:_" -> {
                List<String> then = new ArrayList<>(cond(a.get(0), s));
                then.addAll(cond(a.get(1), s));
                List<String> otherwise = new ArrayList<>(condFalse(a.get(0), s));
                otherwise.addAll(cond(a.get(2), s));
                return List.of(helper("if", s, List.of(then, otherwise)));
            }
            case "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_" -> {
                return List.of(term(a.get(0), s) + " " + operator(c.function()) + " " + term(a.get(1), s));
            }
            case "@in" -> {
                return List.of("psp2psa_in(" + term(a.get(0), s) + ", " + term(a.get(1), s) + ")");
            }
            case "startsWith" -> {
                return List.of("startswith(" + term(target(c), s) + ", " + term(a.get(0), s) + ")");
            }
            case "matches" -> {
                return List.of("regex.match(" + term(a.get(0), s) + ", " + term(target(c), s) + ")");
            }
            case "endsWith" -> {
                return List.of("endswith(" + term(target(c), s) + ", " + term(a.get(0), s) + ")");
            }
            case "contains" -> {
                return List.of("contains(" + term(target(c), s) + ", " + term(a.get(0), s) + ")");
            }
            case "_[_]" -> {
                return List.of(term(e, s) + " == true");
            }
            default -> throw unsupported(e);
        }
    }

    /** Statements that succeed exactly when the boolean node is false. */
    List<String> condFalse(CelExpr e, RegoScope s) {
        switch (e.getKind()) {
            case CONSTANT -> {
                return List.of(constantBool(e) ? "false" : "true");
            }
            case SELECT -> {
                if (e.select().testOnly()) {
                    return List.of("not " + has(e, s));
                }
                return List.of(term(e, s) + " == false");
            }
            case IDENT -> {
                return List.of(term(e, s) + " == false");
            }
            case COMPREHENSION -> {
                return comprehension(e, s, false);
            }
            case CALL -> {
                return condFalseCall(e, s);
            }
            default -> throw unsupported(e);
        }
    }

    /** {@link #condFalse} of a call. */
    private List<String> condFalseCall(CelExpr e, RegoScope s) {
        CelExpr.CelCall c = e.call();
        List<CelExpr> a = c.args();
        switch (c.function()) {
            case "_&&_" -> {
                List<List<String>> bodies = new ArrayList<>();
                for (CelExpr d : operands(e, "_&&_")) {
                    bodies.add(condFalse(d, s));
                }
                return List.of(helper("any", s, bodies));
            }
            case "_||_" -> {
                List<String> out = new ArrayList<>(condFalse(a.get(0), s));
                out.addAll(condFalse(a.get(1), s));
                return out;
            }
            case "!_" -> {
                return cond(a.get(0), s);
            }
            case "_?_:_" -> {
                List<String> then = new ArrayList<>(cond(a.get(0), s));
                then.addAll(condFalse(a.get(1), s));
                List<String> otherwise = new ArrayList<>(condFalse(a.get(0), s));
                otherwise.addAll(condFalse(a.get(2), s));
                return List.of(helper("if", s, List.of(then, otherwise)));
            }
            case "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_" -> {
                return List.of(term(a.get(0), s) + " " + operator(negated(c.function())) + " "
                        + term(a.get(1), s));
            }
            case "@in", "startsWith", "matches" -> {
                List<String> positive = cond(e, s);
                return List.of("not " + positive.get(0));
            }
            default -> {
                return List.of(term(e, s) + " == false");
            }
        }
    }

    /** {@code all} and {@code exists}, as the count of the elements that decide them. */
    private List<String> comprehension(CelExpr e, RegoScope s, boolean positive) {
        CelExpr.CelComprehension c = e.comprehension();
        CelExpr init = c.accuInit();
        CelExpr step = c.loopStep();
        if (init.getKind() != CelExpr.ExprKind.Kind.CONSTANT || step.getKind() != CelExpr.ExprKind.Kind.CALL
                || !c.iterVar2().isEmpty()) {
            throw unsupported(e);
        }
        boolean all = constantBool(init);
        String op = step.call().function();
        if (!(all && op.equals("_&&_")) && !(!all && op.equals("_||_"))) {
            throw unsupported(e);
        }
        CelExpr p = step.call().args().get(1);
        String var = fresh(c.iterVar());
        RegoScope inner = s.with(c.iterVar(), var);
        // all: the elements where p is false decide; exists: the elements where p is true.
        List<String> body = new ArrayList<>();
        String range = term(c.iterRange(), s);
        if (range.endsWith(")")) {
            // A call's result cannot be indexed directly: bind it first.
            String list = fresh("list");
            body.add(list + " := " + range);
            range = list;
        }
        body.add(RegoSyntax.element(c.iterRange(), var, range));
        body.addAll(all ? condFalse(p, inner) : cond(p, inner));
        String counted = "count([1 | " + String.join("; ", body) + "])";
        boolean none = all == positive;
        return List.of(counted + (none ? " == 0" : " > 0"));
    }

    // ---- value nodes ---------------------------------------------------------------------------------------

    /** The Rego term of a value node. */
    String term(CelExpr e, RegoScope s) {
        switch (e.getKind()) {
            case CONSTANT -> {
                return constant(e.constant());
            }
            case IDENT -> {
                String name = s.lookup(e.ident().name());
                if (name == null) {
                    throw new IllegalArgumentException("unknown CEL variable '" + e.ident().name() + "'.");
                }
                return name;
            }
            case SELECT -> {
                if (e.select().testOnly()) {
                    return bool(e, s);
                }
                return field(term(e.select().operand(), s), e.select().field());
            }
            case LIST -> {
                List<String> items = new ArrayList<>();
                for (CelExpr i : e.list().elements()) {
                    items.add(term(i, s));
                }
                return "[" + String.join(", ", items) + "]";
            }
            case CALL -> {
                return termCall(e, s);
            }
            case COMPREHENSION -> {
                return bool(e, s);
            }
            default -> throw unsupported(e);
        }
    }

    /** {@link #term} of a call: indexing, {@code size}, {@code +}, ternaries; other calls are booleans. */
    private String termCall(CelExpr e, RegoScope s) {
        CelExpr.CelCall c = e.call();
        List<CelExpr> a = c.args();
        switch (c.function()) {
            case "_[_]" -> {
                return term(a.get(0), s) + "[" + term(a.get(1), s) + "]";
            }
            case "size" -> {
                return "count(" + term(c.target().orElse(a.get(0)), s) + ")";
            }
            case "_+_" -> {
                String l = term(a.get(0), s);
                String r = term(a.get(1), s);
                return switch (type(e)) {
                    case "string" -> "concat(\"\", [" + l + ", " + r + "])";
                    case "list" -> "array.concat(" + l + ", " + r + ")";
                    default -> "psp2psa_plus(" + l + ", " + r + ")";
                };
            }
            case "_?_:_" -> {
                List<String> then = new ArrayList<>(cond(a.get(0), s));
                then.add("r := " + term(a.get(1), s));
                String def = HOLE + "(" + s.params() + ") = r {\n" + body(then) + "} else = r {\n    r := "
                        + term(a.get(2), s) + "\n}";
                return name("value", def) + "(" + s.params() + ")";
            }
            default -> {
                return bool(e, s);
            }
        }
    }

    /** A boolean node used as a value: a helper that is true when the node holds and false otherwise. */
    private String bool(CelExpr e, RegoScope s) {
        String def = HOLE + "(" + s.params() + ") = true {\n" + body(cond(e, s)) + "} else = false {\n    true\n}";
        return name("bool", def) + "(" + s.params() + ")";
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * A helper rule with one body per alternative; the statement that calls it. Bodies that contain {@code false}
     * are dropped and {@code true} statements left out: {@code false} when no body is left, {@code true} when one
     * is empty.
     */
    private String helper(String kind, RegoScope s, List<List<String>> bodies) {
        List<List<String>> kept = new ArrayList<>();
        for (List<String> b : bodies) {
            if (!b.contains("false")) {
                kept.add(b.stream().filter(st -> !st.equals("true")).toList());
            }
        }
        if (kept.isEmpty()) {
            return "false";
        }
        if (kept.stream().anyMatch(List::isEmpty)) {
            return "true";
        }
        if (kept.size() == 1 && kept.get(0).size() == 1) {
            return kept.get(0).get(0);
        }
        List<String> parts = new ArrayList<>();
        for (List<String> b : kept) {
            parts.add(HOLE + "(" + s.params() + ") {\n" + body(b) + "}");
        }
        return name(kind, String.join("\n\n", parts)) + "(" + s.params() + ")";
    }

    /** The name of the helper with this definition (its name written as {@link #HOLE}), defining it on first use. */
    private String name(String kind, String def) {
        String known = helpers.get(def);
        if (known != null) {
            return known;
        }
        String n = "psp2psa_" + kind + "_" + (helpers.size() + 1);
        helpers.put(def, n);
        definitions.add(def.replace(HOLE, n));
        return n;
    }

    private String fresh(String celName) {
        vars++;
        String base = isName(celName) ? celName : "x";
        return base + "_" + vars;
    }

    private String has(CelExpr e, RegoScope s) {
        return field(term(e.select().operand(), s), e.select().field()) + " != null";
    }

    /** A Rego string literal (Rego strings take JSON's escapes); see {@link RegoSyntax#string}. */
    public static String string(String s) {
        return RegoSyntax.string(s);
    }
}
