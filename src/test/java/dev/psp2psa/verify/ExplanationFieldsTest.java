package dev.psp2psa.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.cli.CliRunResult;
import dev.psp2psa.format.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify's explanation names only the fields the new policies require: PSP's runtime/default AppArmor annotation,
 * fsGroup and supplementalGroups are admitted unset, so the workload need not add them (AdmissionDiff.Change#required).
 */
class ExplanationFieldsTest {

    @Test
    void onlyRequiredFieldsAreToAdd(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, CliRunResult.of("convert", "-f", "samples/multi-tenant", "-o", out.toString(),
                "--no-mutations").exitCode());
        JsonNode results = Json.mapper().readTree(CliRunResult.of("verify", "-f", "samples/multi-tenant",
                "--policies", out.toString(), "--format", "json").out()).get("results");
        int relied = 0;
        for (JsonNode r : results) {
            String explanation = r.path("explanation").asText("");
            if (!explanation.startsWith("It relied on defaults")) {
                continue;
            }
            relied++;
            assertFalse(explanation.contains("apparmor.security.beta.kubernetes.io/app=runtime/default"), explanation);
            assertFalse(explanation.contains("securityContext.fsGroup="), explanation);
            assertFalse(explanation.contains("securityContext.supplementalGroups="), explanation);
            // PSP still set them: the old decision lists every field it wrote.
            if (r.get("name").asText().equals("tenant-baseline-selinux-gap-witness")) {
                assertTrue(r.get("old").get("fieldsToAdd").toString().contains("runtime/default"), r.toString());
            }
        }
        assertTrue(relied > 0);
    }
}
