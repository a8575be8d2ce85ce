package dev.psp2psa.rego;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.List;

/** The Rego text that does not depend on a translation's state: the library, rule bodies, operators, literals. */
final class RegoSyntax {

    private RegoSyntax() {
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
            case STRING_VALUE -> RegoTranslator.string(c.stringValue());
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
