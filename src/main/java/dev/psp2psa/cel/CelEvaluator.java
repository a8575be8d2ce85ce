package dev.psp2psa.cel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles psp2psa's CEL predicates with Google's CEL for Java ({@code object} declared as
 * {@code map(string, dyn)}), caches the programs, and evaluates them against pods as admission CEL sees them.
 * Thread-safe.
 */
public final class CelEvaluator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CelCompiler compiler;
    private final CelCompiler messageCompiler;
    private final CelRuntime runtime;
    private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

    public CelEvaluator() {
        CelOptions options = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
        this.compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar(PodCel.OBJECT, MapType.create(SimpleType.STRING, SimpleType.DYN))
                .setResultType(SimpleType.BOOL)
                .build();
        this.messageCompiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar(PodCel.OBJECT, MapType.create(SimpleType.STRING, SimpleType.DYN))
                .setResultType(SimpleType.STRING)
                .build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options).build();
    }

    /** An error compiling or evaluating an expression: the message names the expression. */
    public static final class CelError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CelError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Compiles (and caches) the expression.
     *
     * @throws CelError when it does not parse, does not type-check, or is not boolean
     */
    public void compile(String expression) {
        program(expression);
    }

    /**
     * Evaluates a message expression (a CEL string expression, as in {@code messageExpression}) for the pod.
     *
     * @throws CelError when it does not compile to a string or its evaluation fails
     */
    public String message(String expression, Pod pod) {
        try {
            CelRuntime.Program program = runtime.createProgram(messageCompiler.compile(expression).getAst());
            return (String) program.eval(Map.of(PodCel.OBJECT, toObject(pod)));
        } catch (CelValidationException e) {
            throw new CelError("CEL message does not compile: " + e.getMessage() + "\n" + expression, e);
        } catch (CelEvaluationException e) {
            throw new CelError("CEL message cannot be evaluated: " + e.getMessage() + "\n" + expression, e);
        }
    }

    private CelRuntime.Program program(String expression) {
        CelRuntime.Program cached = programs.get(expression);
        if (cached != null) {
            return cached;
        }
        try {
            CelRuntime.Program program = runtime.createProgram(compiler.compile(expression).getAst());
            programs.put(expression, program);
            return program;
        } catch (CelValidationException e) {
            throw new CelError("CEL does not compile: " + e.getMessage() + "\n" + expression, e);
        } catch (CelEvaluationException e) {
            throw new CelError("CEL program cannot be built: " + e.getMessage() + "\n" + expression, e);
        }
    }

    /**
     * Whether the pod passes the expression.
     *
     * @throws CelError when the expression does not compile, or its evaluation fails (a missing field, a type error)
     */
    public boolean evaluate(String expression, Pod pod) {
        return evaluate(expression, toObject(pod));
    }

    /** Whether the object (plain maps, lists, strings, longs, booleans) passes the expression. */
    public boolean evaluate(String expression, Map<String, Object> object) {
        CelRuntime.Program program = program(expression);
        Object result;
        try {
            result = program.eval(Map.of(PodCel.OBJECT, object));
        } catch (CelEvaluationException e) {
            throw new CelError("CEL evaluation failed: " + e.getMessage() + "\n" + expression, e);
        }
        if (!(result instanceof Boolean b)) {
            throw new CelError("CEL evaluation gave " + result + ", not a boolean.\n" + expression, null);
        }
        return b;
    }

    public boolean evaluate(CelPredicate predicate, Pod pod) {
        return evaluate(predicate.expression(), pod);
    }

    /**
     * The pod as admission CEL sees it: plain maps and lists, without null values or null list items, integers as
     * longs, and with the API server's defaulting that predicates rely on: a volume without a source is an emptyDir.
     */
    public static Map<String, Object> toObject(Pod pod) {
        return withDefaults(plain(pod));
    }

    /** The pod as plain maps and lists, without null values or null list items, integers as longs; no defaulting. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> plain(Pod pod) {
        return (Map<String, Object>) clean(JSON.convertValue(pod, Map.class));
    }

    /** A copy of a plain pod ({@link #plain}) with the API server's defaulting that predicates rely on. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withDefaults(Map<String, Object> plain) {
        Map<String, Object> object = (Map<String, Object>) clean(plain);
        Object spec = object.get("spec");
        if (spec instanceof Map<?, ?> s && s.get("volumes") instanceof List<?> volumes) {
            for (Object v : volumes) {
                if (v instanceof Map<?, ?> m && m.keySet().stream().allMatch("name"::equals)) {
                    ((Map<String, Object>) m).put("emptyDir", new LinkedHashMap<String, Object>());
                }
            }
        }
        return object;
    }

    private static Object clean(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    out.put(String.valueOf(k), clean(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object v : list) {
                if (v != null) {
                    out.add(clean(v));
                }
            }
            return out;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return value;
    }
}
