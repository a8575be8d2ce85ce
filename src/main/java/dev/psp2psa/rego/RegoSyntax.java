package dev.psp2psa.rego;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The Rego text that does not depend on a translation's state: the library, rule bodies, operators, literals. */
final class RegoSyntax {

    private static final CelCompiler PARSER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> KEYWORDS = Set.of("as", "contains", "default", "else", "every", "false",
            "if", "import", "in", "not", "null", "package", "some", "true", "with");

    private RegoSyntax() {
    }

    /** The CEL expression's syntax tree (parsed, not type-checked: the translation is syntactic). */
    static CelExpr parse(String expression) {
        try {
            return PARSER.parse(expression).getAst().getExpr();
        } catch (CelValidationException e) {
            throw new IllegalArgumentException("the CEL expression does not parse: " + e.getMessage(), e);
        }
    }

    /** Whether the text is a plain Rego identifier. */
    static boolean isName(String s) {
        return NAME.matcher(s).matches();
    }

    /** {@code operand.field}, or {@code operand["field"]} where the field is no plain name or a keyword. */
    static String field(String operand, String field) {
        if (isName(field) && !KEYWORDS.contains(field)) {
            return operand + "." + field;
        }
        return operand + "[" + string(field) + "]";
    }

    /** A Rego string literal (Rego strings take JSON's escapes). */
    static String string(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A top-level rule {@code name(params) { body }}, one definition per body. */
    static String define(String name, String params, List<List<String>> bodies) {
        List<String> parts = new ArrayList<>();
        for (List<String> b : bodies) {
            parts.add(name + "(" + params + ") {\n" + body(b) + "}");
        }
        return String.join("\n\n", parts);
    }

    /** The library functions every module carries: CEL's {@code in}, and {@code +} when the operand types are unknown. */
    static final String LIBRARY = """
            psp2psa_in(x, coll) {
                is_array(coll)
                coll[_] == x
            }

            psp2psa_in(x, coll) {
                is_object(coll)
                _ = coll[x]
            }

            psp2psa_plus(a, b) = r {
                is_string(a)
                r := concat("", [a, b])
            }

            psp2psa_plus(a, b) = r {
                is_array(a)
                r := array.concat(a, b)
            }

            psp2psa_plus(a, b) = r {
                is_number(a)
                r := a + b
            }
            """;

    /**
     * The statement that binds {@code var} to each element a CEL comprehension visits in {@code range} (the Rego term
     * of {@code celRange}): the items of a list, but the keys of a map. The maps psp2psa's CEL iterates are the
     * {@code metadata.labels} and {@code metadata.annotations} of an object (string to string in every Kubernetes
     * kind); any other range is a list.
     */
    static String element(CelExpr celRange, String var, String range) {
        boolean map = celRange.getKind() == CelExpr.ExprKind.Kind.SELECT && !celRange.select().testOnly()
                && Set.of("labels", "annotations").contains(celRange.select().field())
                && celRange.select().operand().getKind() == CelExpr.ExprKind.Kind.SELECT
                && celRange.select().operand().select().field().equals("metadata");
        return map ? "_ = " + range + "[" + var + "]" : var + " := " + range + "[_]";
    }

    /** Where a helper's definition names it. */
    static final String HOLE = "\u0000";

    /** The static type of a {@code +} node where the CEL makes it plain: string, list, or unknown. */
    static String type(CelExpr e) {
        switch (e.getKind()) {
            case CONSTANT -> {
                return e.constant().getKind() == CelConstant.Kind.STRING_VALUE ? "string" : "";
            }
            case LIST -> {
                return "list";
            }
            case CALL -> {
                String f = e.call().function();
                List<CelExpr> a = e.call().args();
                if (f.equals("_+_")) {
                    String t = type(a.get(0));
                    return t.isEmpty() ? type(a.get(1)) : t;
                }
                if (f.equals("_?_:_")) {
                    String t = type(a.get(1));
                    return t.isEmpty() ? type(a.get(2)) : t;
                }
                return "";
            }
            default -> {
                return "";
            }
        }
    }

    static String body(List<String> statements) {
        StringBuilder b = new StringBuilder();
        List<String> kept = statements.stream().filter(st -> !st.equals("true")).toList();
        for (String st : kept.isEmpty() ? List.of("true") : kept) {
            b.append("    ").append(st).append('\n');
        }
        return b.toString();
    }

    /** The operands of a chain of one associative operator, flattened, in order. */
    static List<CelExpr> operands(CelExpr e, String function) {
        List<CelExpr> out = new ArrayList<>();
        if (e.getKind() == CelExpr.ExprKind.Kind.CALL && e.call().function().equals(function)) {
            for (CelExpr a : e.call().args()) {
                out.addAll(operands(a, function));
            }
        } else {
            out.add(e);
        }
        return out;
    }

    static CelExpr target(CelExpr.CelCall c) {
        return c.target().orElseThrow(() -> new IllegalArgumentException(c.function() + " needs a receiver."));
    }

    static String operator(String function) {
        return switch (function) {
            case "_==_" -> "==";
            case "_!=_" -> "!=";
            case "_<_" -> "<";
            case "_<=_" -> "<=";
            case "_>_" -> ">";
            case "_>=_" -> ">=";
            default -> throw new IllegalArgumentException("not a comparison: " + function);
        };
    }

    static String negated(String function) {
        return switch (function) {
            case "_==_" -> "_!=_";
            case "_!=_" -> "_==_";
            case "_<_" -> "_>=_";
            case "_<=_" -> "_>_";
            case "_>_" -> "_<=_";
            case "_>=_" -> "_<_";
            default -> throw new IllegalArgumentException("not a comparison: " + function);
        };
    }

    static boolean constantBool(CelExpr e) {
        if (e.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || e.constant().getKind() != CelConstant.Kind.BOOLEAN_VALUE) {
            throw unsupported(e);
        }
        return e.constant().booleanValue();
    }

    static String constant(CelConstant c) {
        return switch (c.getKind()) {
            case STRING_VALUE -> string(c.stringValue());
            case INT64_VALUE -> Long.toString(c.int64Value());
            case UINT64_VALUE -> c.uint64Value().toString();
            case BOOLEAN_VALUE -> Boolean.toString(c.booleanValue());
            case NULL_VALUE -> "null";
            default -> throw new IllegalArgumentException("unsupported CEL constant: " + c.getKind() + ".");
        };
    }

    static IllegalArgumentException unsupported(CelExpr e) {
        return new IllegalArgumentException("CEL construct outside psp2psa's subset: " + e.getKind()
                + (e.getKind() == CelExpr.ExprKind.Kind.CALL ? " " + e.call().function() : "") + ".");
    }
}
