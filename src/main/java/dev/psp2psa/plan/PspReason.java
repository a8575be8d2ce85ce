package dev.psp2psa.plan;

import dev.psp2psa.pss.Level;
import java.util.Map;

/**
 * Why a PSP is not at a stricter level: the PSP field and its value, the PSS check it lets pods fail, the
 * level it blocks, and a witness: a minimal pod (as a YAML/JSON-ready map) the PSP admits and that level denies.
 */
public record PspReason(String rule, String field, String value, String check, Level blocks, String detail,
        Map<String, Object> witness) {
}
