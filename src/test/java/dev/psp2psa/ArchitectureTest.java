package dev.psp2psa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the shape of DESIGN §2 and §9 (docs/architecture.md): data runs downhill through the layers below, no package
 * imports one of its own layer or above it, the libraries that mean I/O or a user interface stay in their packages,
 * and no class or method grows past the size a reader can hold. Every source file of {@code src/main} is parsed, so
 * fully qualified names count as imports and comments and strings do not.
 */
class ArchitectureTest {

    /** The layers, bottom up: a package may use the packages of the layers below its own, and no other. */
    static final List<List<String>> LAYERS = List.of(
            List.of("cel", "format", "pss"),
            List.of("rego"),
            List.of("inventory", "psp"),
            List.of("input", "rbac"),
            List.of("plan"),
            List.of("policy"),
            List.of("check", "verify"),
            List.of("emit", "report"),
            List.of("convert"),
            List.of("cli"));

    /** The root package holds only {@code Main}, which starts the command line. */
    static final String ROOT = "";

    /** Packages that are pure functions over data: no files, no environment, no terminal. */
    static final Set<String> PURE = Set.of("cel", "check", "format", "inventory", "plan", "policy", "psp", "pss",
            "rbac", "rego", "verify");

    /** Libraries (and JDK parts) that only some packages may use, with those packages. */
    static final Map<String, Set<String>> CONFINED = new LinkedHashMap<>();

    static {
        CONFINED.put("picocli", Set.of("cli"));
        CONFINED.put("io.fabric8.kubernetes.client", Set.of("input"));
        CONFINED.put("freemarker", Set.of("emit", "report"));
        CONFINED.put("System.out", Set.of("cli"));
        CONFINED.put("System.err", Set.of("cli"));
    }

    /** What a pure package must not touch. */
    static final List<String> IMPURE = List.of("java.nio.file", "java.io.File", "System.getenv", "System.getProperty",
            "System.out", "System.err", "System.in", "ProcessBuilder");

    static final int MAX_CLASS_LINES = 400;
    static final int MAX_METHOD_LINES = 60;

    private static final Path MAIN = Path.of("src", "main", "java", "dev", "psp2psa");
    private static final Pattern PROJECT_REFERENCE = Pattern.compile("dev\\.psp2psa\\.([a-z]+)\\.");

    /** One parsed source file: its package (below dev.psp2psa), its code without comments and literals, its AST. */
    record Source(Path path, String pkg, String code, CompilationUnit unit) {
    }

    private static List<Source> sources;

    @BeforeAll
    static void parse() throws IOException {
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                ParseResult<CompilationUnit> result = parser.parse(file);
                assertTrue(result.isSuccessful(), file + ": " + result.getProblems());
                CompilationUnit unit = result.getResult().orElseThrow();
                Path relative = MAIN.relativize(file.getParent());
                String pkg = relative.toString().replace('/', '.');
                sources.add(new Source(file, pkg, code(unit), unit));
            }
        }
        assertTrue(sources.size() > 100, "the source tree was found: " + sources.size() + " files");
    }

    /** The tokens of the unit that are code: no comments, no string or character literals, no whitespace. */
    private static String code(CompilationUnit unit) {
        StringBuilder b = new StringBuilder();
        for (JavaToken t : unit.getTokenRange().orElseThrow()) {
            JavaToken.Category c = t.getCategory();
            if (!c.isComment() && !c.isWhitespaceOrComment() && !c.isLiteral()) {
                b.append(t.getText()).append(c.isIdentifier() || c.isKeyword() ? " " : "");
            }
        }
        return b.toString().replace(" .", ".").replace(". ", ".");
    }

    static int layer(String pkg) {
        if (pkg.equals(ROOT)) {
            return LAYERS.size();
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> unplaced = new TreeSet<>();
        for (Source s : sources) {
            if (layer(s.pkg()) < 0) {
                unplaced.add(s.pkg());
            }
        }
        assertEquals(Set.of(), unplaced, "packages that no layer of ArchitectureTest.LAYERS (and "
                + "docs/architecture.md) names");
    }

    @Test
    void noPackageUsesItsOwnLayerOrOneAbove() {
        List<String> violations = new ArrayList<>();
        for (Source s : sources) {
            int own = layer(s.pkg());
            Set<String> used = new TreeSet<>();
            Matcher m = PROJECT_REFERENCE.matcher(s.code());
            while (m.find()) {
                used.add(m.group(1));
            }
            for (String other : used) {
                if (!other.equals(s.pkg()) && layer(other) >= own) {
                    violations.add(s.pkg() + " -> " + other + " (" + MAIN.relativize(s.path()) + ")");
                }
            }
        }
        assertEquals(List.of(), violations, "uses of a package of the same layer or above");
    }

    @Test
    void librariesStayInTheirPackages() {
        List<String> violations = new ArrayList<>();
        for (Source s : sources) {
            CONFINED.forEach((library, allowed) -> {
                if (!allowed.contains(s.pkg()) && !s.pkg().equals(ROOT) && uses(s, library)) {
                    violations.add(s.pkg() + " uses " + library + " (" + MAIN.relativize(s.path()) + ")");
                }
            });
            if (PURE.contains(s.pkg())) {
                for (String impure : IMPURE) {
                    if (uses(s, impure)) {
                        violations.add(s.pkg() + " is pure but uses " + impure + " (" + MAIN.relativize(s.path())
                                + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    private static boolean uses(Source s, String name) {
        return Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "(?![\\w])").matcher(s.code()).find();
    }

    @Test
    void classesAndMethodsStaySmall() {
        List<String> violations = new ArrayList<>();
        for (Source s : sources) {
            for (TypeDeclaration<?> type : s.unit().getTypes()) {
                int lines = lines(type);
                if (lines > MAX_CLASS_LINES) {
                    violations.add(type.getNameAsString() + ": " + lines + " lines (" + MAIN.relativize(s.path())
                            + ")");
                }
            }
            List<Node> units = new ArrayList<>(s.unit().findAll(CallableDeclaration.class));
            units.addAll(s.unit().findAll(InitializerDeclaration.class));
            for (Node n : units) {
                int lines = lines(n);
                String name = n instanceof CallableDeclaration<?> c ? c.getNameAsString() : "initializer";
                if (lines > MAX_METHOD_LINES) {
                    violations.add(name + ": " + lines + " lines (" + MAIN.relativize(s.path()) + ":"
                            + n.getBegin().orElseThrow().line + ")");
                }
            }
        }
        assertEquals(List.of(), violations, "classes over " + MAX_CLASS_LINES + " lines or methods over "
                + MAX_METHOD_LINES + " lines");
    }

    private static int lines(Node n) {
        return n.getEnd().orElseThrow().line - n.getBegin().orElseThrow().line + 1;
    }

    /** The rules above can fail: a reference upward and an oversized method are both seen. */
    @Test
    void theChecksSeeWhatTheyLookFor() {
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        String body = "        int x = 0;\n".repeat(MAX_METHOD_LINES);
        CompilationUnit unit = parser.parse("""
                package dev.psp2psa.pss;
                // dev.psp2psa.cli.Cli in a comment does not count
                class Probe {
                    String s = "dev.psp2psa.emit.X in a string does not count";
                    Object o = dev.psp2psa.plan.PlanBuilder.class;
                    void big() {
                """ + body + "    }\n}\n").getResult().orElseThrow();
        Source probe = new Source(MAIN.resolve("pss/Probe.java"), "pss", code(unit), unit);
        Set<String> used = new TreeSet<>();
        Matcher m = PROJECT_REFERENCE.matcher(probe.code());
        while (m.find()) {
            used.add(m.group(1));
        }
        assertEquals(Set.of("plan"), used);
        assertTrue(lines(unit.findAll(CallableDeclaration.class).get(0)) > MAX_METHOD_LINES);
        assertTrue(layer("plan") > layer("pss"));
    }
}
