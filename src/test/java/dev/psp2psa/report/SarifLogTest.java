package dev.psp2psa.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.psp2psa.inventory.Source;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where SARIF and PolicyReport say an object is: relative, portable, and nothing for what is no file. */
class SarifLogTest {

    private static final Path BASE = Path.of("/work/repo");

    @Test
    void aRelativeFileStaysAsGivenNormalized() {
        assertEquals("samples/a.yaml", SarifLog.uri("samples/./x/../a.yaml", BASE));
        assertEquals("../other/a.yaml", SarifLog.uri("../other/a.yaml", BASE));
    }

    @Test
    void anAbsoluteFileIsMadeRelativeToTheWorkingDirectory() {
        assertEquals("manifests/a.yaml", SarifLog.uri("/work/repo/manifests/a.yaml", BASE));
        assertEquals("../elsewhere/a.yaml", SarifLog.uri("/work/elsewhere/a.yaml", BASE));
    }

    @Test
    void unsafeCharactersArePercentEncoded() {
        assertEquals("my%20manifests/%C3%A9t%C3%A9.yaml", SarifLog.uri("my manifests/été.yaml", BASE));
        assertEquals("./a:b/c.yaml", SarifLog.uri("a:b/c.yaml", BASE), "a first segment with ':' is no scheme");
    }

    @Test
    void stdinClustersAndGeneratedPodsAreNoFile() {
        assertNull(SarifLog.uri("-", BASE));
        assertNull(SarifLog.uri("cluster:prod/Pod/ns/p", BASE));
        assertNull(SarifLog.uri("generated:psp/rule/witness", BASE));
        assertEquals("cluster:prod/Pod/ns/p", SarifLog.shown(Source.of("cluster:prod/Pod/ns/p", 0), BASE));
        assertEquals("a.yaml:7", SarifLog.shown(Source.of("/work/repo/a.yaml", 7), BASE));
    }

    @Test
    void aResultNeedsAKnownRule() {
        SarifLog log = new SarifLog(BASE);
        assertThrows(IllegalArgumentException.class, () -> log.result("nope", SarifLog.Level.ERROR, "m.",
                new SarifLog.Where(null, "Pod", "p", "ns/Pod/p"), "id", java.util.Map.of()));
    }
}
