package dev.psp2psa.pss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every upstream PSA conformance fixture: each {@code pass/} pod is allowed at exactly its level and
 * version; each {@code fail/} pod is denied, and the check its file name names is among the violations (or, at
 * restricted, the restricted check that replaces it there, as PSA runs the override instead).
 */
class ConformanceTest {

    static final Path ROOT = Path.of("..", "shared", "conformance", "pod-security-admission");
    static final int EXPECTED_FILES = 4_537;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final PodSecurityEvaluator evaluator = PodSecurityEvaluator.standard();
    private final CheckRegistry registry = CheckRegistry.standard();

    @Test
    void everyFixtureBehavesAsUpstream() throws IOException {
        if (!Files.isDirectory(ROOT)) {
            fail("conformance fixtures missing: " + ROOT.toAbsolutePath().normalize());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        int pass = 0;
        int failing = 0;
        for (Path file : files) {
            Path rel = ROOT.relativize(file);
            assertEquals(4, rel.getNameCount(), "unexpected fixture path " + rel);
            Level level = Level.parse(rel.getName(0).toString());
            Version version = Version.parse(rel.getName(1).toString());
            String kind = rel.getName(2).toString();
            Pod pod = YAML.readValue(file.toFile(), Pod.class);
            Evaluation evaluation = evaluator.evaluate(pod, level, version);
            if (kind.equals("pass")) {
                pass++;
                if (!evaluation.allowed()) {
                    failures.add(rel + ": expected allowed, got " + messages(evaluation));
                }
            } else if (kind.equals("fail")) {
                failing++;
                String prefix = rel.getName(3).toString().replaceFirst("[0-9]*\\.yaml$", "");
                Optional<String> expected = expectedCheck(prefix, level, version);
                if (expected.isEmpty()) {
                    failures.add(rel + ": no check is named " + prefix);
                } else if (evaluation.violations().stream().noneMatch(v -> v.check().equals(expected.get()))) {
                    failures.add(rel + ": expected a " + expected.get() + " violation, got " + messages(evaluation));
                }
            } else {
                failures.add(rel + ": neither pass nor fail");
            }
        }
        System.out.printf("PSA conformance: %d fixture files ran (%d pass, %d fail), %d failures%n",
                files.size(), pass, failing, failures.size());
        assertEquals(EXPECTED_FILES, files.size(), "fixture count");
        assertTrue(failures.isEmpty(), failures.size() + " fixtures disagree:\n"
                + String.join("\n", failures.subList(0, Math.min(60, failures.size()))));
    }

    /** The check a fail file names, or the restricted check that PSA runs in its place at that level and version. */
    private Optional<String> expectedCheck(String lowercaseId, Level level, Version version) {
        Optional<Check> named = registry.all().stream()
                .filter(c -> c.id().toLowerCase(Locale.ROOT).equals(lowercaseId))
                .findFirst();
        return named.map(c -> registry.replacementFor(c.id(), level, version).orElse(c).id());
    }

    private static String messages(Evaluation evaluation) {
        return evaluation.violations().isEmpty()
                ? "no violation"
                : evaluation.violations().stream().map(v -> v.check() + ": " + v.message()).toList().toString();
    }
}
