package dev.psp2psa.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psp2psa.pss.CheckRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The generated documents in {@code docs/} must equal what the registries render today. Run with
 * {@code -Dpsp2psa.regenerateDocs=true} to rewrite them after a deliberate change, then review the diff.
 */
class DocsTest {

    @Test
    void checksDocIsCurrent() throws IOException {
        assertCurrent(Path.of("docs", "checks.md"), ChecksRenderer.markdown(CheckRegistry.standard()));
    }

    @Test
    void mappingDocIsCurrent() throws IOException {
        assertCurrent(Path.of("docs", "mapping.md"), RulesRenderer.markdown(dev.psp2psa.psp.PspRuleRegistry.standard()));
    }

    static void assertCurrent(Path doc, String rendered) throws IOException {
        if (Boolean.getBoolean("psp2psa.regenerateDocs")) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, rendered, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        assertEquals(rendered, committed, doc + " is out of date: run mvn -B test -Dtest=DocsTest "
                + "-Dpsp2psa.regenerateDocs=true and commit the result.");
    }
}
