package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Inputs that cannot be right (issue 11): PSPs nobody may use, and workloads in a namespace where no PSP is usable
 * although running pods prove some PSP admitted them. Said on stderr, in every report, and caught by
 * {@code --fail-on none}.
 */
class InputDoubtsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pspsWithoutRbacAreDoubted() throws IOException {
        CliRun r = CliRun.run("analyze", "-f", "samples/cluster/psps.yaml", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("warning: No RBAC in the input lets any service account or user use the 3 "
                + "PodSecurityPolicy object(s)"), r.err());
        JsonNode doubts = JSON.readTree(r.out()).get("inputDoubts");
        assertEquals(1, doubts.size(), doubts.toString());
        assertEquals(1, CliRun.run("analyze", "-f", "samples/cluster/psps.yaml", "--fail-on", "none").exitCode());
        CliRun md = CliRun.run("analyze", "-f", "samples/cluster/psps.yaml", "--format", "markdown");
        assertTrue(md.out().contains("**The input cannot be right.**"), md.out());
        CliRun html = CliRun.run("analyze", "-f", "samples/cluster/psps.yaml", "--format", "html");
        assertTrue(html.out().contains("<strong>The input cannot be right.</strong>"), html.out());
    }

    @Test
    void workloadsWhereNoPspIsUsableAreDoubted() throws IOException {
        CliRun r = CliRun.run("analyze", "-f", "samples/cluster/psps.yaml", "-f", "samples/failing-pods",
                "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode doubts = JSON.readTree(r.out()).get("inputDoubts");
        boolean named = false;
        for (JsonNode d : doubts) {
            named |= d.asText().startsWith("Namespace ") && d.asText().contains("pod(s) or workload(s) but no PSP");
        }
        assertTrue(named, doubts.toString());
        assertTrue(r.err().contains("warning: Namespace "), r.err());
    }

    @Test
    void aConsistentInputHasNoDoubts() throws IOException {
        CliRun r = CliRun.run("analyze", "-f", "samples/cluster", "--format", "json", "--fail-on", "none");
        assertEquals(0, JSON.readTree(r.out()).get("inputDoubts").size());
        assertEquals("", r.problems());
        assertEquals(0, r.exitCode(), "every namespace of the docs trio has a usable PSP");
    }
}
