package dev.psp2psa.cel;

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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates CEL over a whole admission request, as ValidatingAdmissionPolicy, Kyverno and Gatekeeper's
 * K8sNativeValidation declare it: {@code object} (null for DELETE), {@code oldObject} (null for CREATE) and
 * {@code request} (the AdmissionRequest: {@code operation}, {@code userInfo.username}, {@code userInfo.groups}, ...),
 * each given as plain maps, lists, strings, longs and booleans ({@link CelEvaluator#plain} gives pods in that form).
 * {@link CelEvaluator} evaluates over {@code object} alone. Thread-safe.
 */
public final class AdmissionEvaluator {

    /** The admission variable that holds the stored object of an UPDATE or DELETE. */
    public static final String OLD_OBJECT = "oldObject";
    /** The admission variable that holds the request's attributes. */
    public static final String REQUEST = "request";

    private final CelCompiler compiler;
    private final CelCompiler messageCompiler;
    private final CelRuntime runtime;
    private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

    public AdmissionEvaluator() {
        CelOptions options = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
        this.compiler = compiler(options, SimpleType.BOOL);
        this.messageCompiler = compiler(options, SimpleType.STRING);
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options).build();
    }

    private static CelCompiler compiler(CelOptions options, dev.cel.common.types.CelType result) {
        // object and oldObject may be null, so they are dyn; request is always a map.
        return CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar(PodCel.OBJECT, SimpleType.DYN)
                .addVar(OLD_OBJECT, SimpleType.DYN)
                .addVar(REQUEST, MapType.create(SimpleType.STRING, SimpleType.DYN))
                .setResultType(result)
                .build();
    }

    /**
     * Compiles (and caches) the boolean expression.
     *
     * @throws CelEvaluator.CelError when it does not parse, does not type-check, or is not boolean
     */
    public void compile(String expression) {
        program(expression, compiler, true);
    }

    /**
     * Whether the request passes the expression.
     *
     * @throws CelEvaluator.CelError when it does not compile or its evaluation fails (a missing field, a type error)
     */
    public boolean evaluate(String expression, Map<String, Object> object, Map<String, Object> oldObject,
            Map<String, Object> request) {
        Object result = eval(program(expression, compiler, true), expression, object, oldObject, request);
        if (!(result instanceof Boolean b)) {
            throw new CelEvaluator.CelError("CEL evaluation gave " + result + ", not a boolean.\n" + expression, null);
        }
        return b;
    }

    /** Evaluates a message expression (a CEL string expression) for the request. */
    public String message(String expression, Map<String, Object> object, Map<String, Object> oldObject,
            Map<String, Object> request) {
        return (String) eval(program(expression, messageCompiler, false), expression, object, oldObject, request);
    }

    private CelRuntime.Program program(String expression, CelCompiler with, boolean cache) {
        CelRuntime.Program cached = cache ? programs.get(expression) : null;
        if (cached != null) {
            return cached;
        }
        try {
            CelRuntime.Program program = runtime.createProgram(with.compile(expression).getAst());
            if (cache) {
                programs.put(expression, program);
            }
            return program;
        } catch (CelValidationException e) {
            throw new CelEvaluator.CelError("CEL does not compile: " + e.getMessage() + "\n" + expression, e);
        } catch (CelEvaluationException e) {
            throw new CelEvaluator.CelError("CEL program cannot be built: " + e.getMessage() + "\n" + expression, e);
        }
    }

    private static Object eval(CelRuntime.Program program, String expression, Map<String, Object> object,
            Map<String, Object> oldObject, Map<String, Object> request) {
        Map<String, Object> activation = new HashMap<>();
        activation.put(PodCel.OBJECT, object == null ? com.google.protobuf.NullValue.NULL_VALUE : object);
        activation.put(OLD_OBJECT, oldObject == null ? com.google.protobuf.NullValue.NULL_VALUE : oldObject);
        activation.put(REQUEST, request);
        try {
            return program.eval(activation);
        } catch (CelEvaluationException e) {
            throw new CelEvaluator.CelError("CEL evaluation failed: " + e.getMessage() + "\n" + expression, e);
        }
    }
}
