package dev.psp2psa.cel;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.CelValueProvider;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles and runs the {@code JSONPatch} expressions of MutatingAdmissionPolicies and Kyverno MutatingPolicies with
 * Google's CEL for Java, in the environment the Kubernetes docs give them ("Mutating Admission Policy", JSONPatch):
 * the {@code object} variable, the {@code JSONPatch} type with the fields {@code op}, {@code from}, {@code path} and
 * {@code value}, the function {@code jsonpatch.escapeKey}, and the two-variable comprehensions
 * ({@code transformList}) of the Kubernetes CEL environment from 1.32 ({@code environment/base.go}). An expression must
 * give a list of {@code JSONPatch}. Thread-safe.
 */
public final class JsonPatchCel {

    /** The type name of a JSON patch operation. */
    public static final String JSON_PATCH = "JSONPatch";

    /** One operation of a JSON patch, as the expression gave it ({@code value} plain maps, lists and scalars). */
    public record Operation(String op, String path, String from, Object value) {
    }

    private static final StructType PATCH = StructType.create(JSON_PATCH, ImmutableSet.of("op", "path", "from",
            "value"), field -> switch (field) {
                case "op", "path", "from" -> Optional.of(SimpleType.STRING);
                case "value" -> Optional.of(SimpleType.DYN);
                default -> Optional.empty();
            });

    private final CelCompiler compiler;
    private final CelRuntime runtime;
    private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

    public JsonPatchCel() {
        CelOptions options = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
        CelTypeProvider types = new CelTypeProvider() {
            @Override
            public ImmutableCollection<CelType> types() {
                return ImmutableList.of(PATCH);
            }

            @Override
            public Optional<CelType> findType(String name) {
                return name.equals(JSON_PATCH) ? Optional.of(PATCH) : Optional.empty();
            }
        };
        this.compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelExtensions.comprehensions())
                .setTypeProvider(types)
                .addVar(PodCel.OBJECT, MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("jsonpatch.escapeKey",
                        CelOverloadDecl.newGlobalOverload("jsonpatch_escapeKey_string", SimpleType.STRING,
                                SimpleType.STRING)))
                .setResultType(ListType.create(PATCH))
                .build();
        CelValueProvider values = (type, fields) -> type.equals(JSON_PATCH)
                ? Optional.of(new java.util.LinkedHashMap<String, Object>(fields)) : Optional.empty();
        this.runtime = CelRuntimeFactory.plannerRuntimeBuilder()
                .setOptions(options)
                .addLibraries(CelExtensions.comprehensions())
                .setValueProvider(values)
                .addFunctionBindings(CelFunctionBinding.from("jsonpatch_escapeKey_string", String.class,
                        JsonPatchCel::escapeKey))
                .build();
    }

    /** RFC 6901 escaping of one key of a JSON pointer: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    public static String escapeKey(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Compiles (and caches) the expression.
     *
     * @throws CelEvaluator.CelError when it does not parse, does not type-check, or does not give a list of JSONPatch
     */
    public void compile(String expression) {
        program(expression);
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
            throw new CelEvaluator.CelError("CEL JSONPatch expression does not compile: " + e.getMessage() + "\n"
                    + expression, e);
        } catch (CelEvaluationException e) {
            throw new CelEvaluator.CelError("CEL program cannot be built: " + e.getMessage() + "\n" + expression, e);
        }
    }

    /**
     * The operations the expression gives for the object (plain maps, lists, strings, longs, booleans).
     *
     * @throws CelEvaluator.CelError when it does not compile or its evaluation fails
     */
    public List<Operation> evaluate(String expression, Map<String, Object> object) {
        Object result;
        try {
            result = program(expression).eval(Map.of(PodCel.OBJECT, object));
        } catch (CelEvaluationException e) {
            throw new CelEvaluator.CelError("CEL evaluation failed: " + e.getMessage() + "\n" + expression, e);
        }
        List<Operation> out = new ArrayList<>();
        for (Object item : (List<?>) result) {
            Map<?, ?> op = (Map<?, ?>) item;
            out.add(new Operation((String) op.get("op"), (String) op.get("path"), (String) op.get("from"),
                    plain(op.get("value"))));
        }
        return out;
    }

    /** CEL's values as plain Java: maps with string keys, lists, longs, strings, booleans. */
    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value;
    }
}
