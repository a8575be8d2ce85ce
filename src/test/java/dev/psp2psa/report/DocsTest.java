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

    /**
     * The table psp2psa decides by ({@code policy.Compatibility}) is the one {@code docs/compatibility.md} shows
     * between its markers, with its sources in the notes below it.
     */
    @Test
    void compatibilityTableIsTheCodeTable() throws IOException {
        Path doc = Path.of("docs", "compatibility.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String begin = "<!-- BEGIN psp2psa compatibility table: generated from policy/Compatibility.java -->\n";
        String end = "<!-- END psp2psa compatibility table -->\n";
        StringBuilder table = new StringBuilder(begin)
                .append("| id | API | Kubernetes versions that run it by default | needs | engine releases |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (java.util.List<String> row : dev.psp2psa.policy.Compatibility.rows()) {
            table.append("| `").append(row.get(0)).append("` | ").append(String.join(" | ", row.subList(1,
                    row.size()))).append(" |\n");
        }
        table.append(end);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (Boolean.getBoolean("psp2psa.regenerateDocs")) {
            String head = from < 0 ? text + "\n" : text.substring(0, from);
            String tail = from < 0 ? "" : text.substring(to + end.length());
            Files.writeString(doc, head + table + tail, StandardCharsets.UTF_8);
            text = Files.readString(doc, StandardCharsets.UTF_8);
            from = text.indexOf(begin);
            to = text.indexOf(end);
        }
        assertEquals(table.toString(), from < 0 || to < 0 ? "" : text.substring(from, to + end.length()),
                doc + " is out of date: run mvn -B test -Dtest=DocsTest -Dpsp2psa.regenerateDocs=true.");
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
