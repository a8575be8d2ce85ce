package dev.psp2psa.cli;

/** How {@code check} and {@code verify} print their result. */
public enum OutputFormat {
    TABLE,
    JSON,
    /** SARIF 2.1.0, for code-scanning UIs. */
    SARIF,
    /** wgpolicyk8s.io/v1alpha2 PolicyReports and a ClusterPolicyReport, as one multi-document YAML stream. */
    POLICYREPORT;

    /** The help text of the {@code --format} option of check and verify. */
    static final String HELP = "Output format: table, json, sarif (SARIF 2.1.0, with the file and line of each "
            + "object, for code scanning) or policyreport (wgpolicyk8s.io/v1alpha2 PolicyReport per namespace and a "
            + "ClusterPolicyReport, as a multi-document YAML stream, for Policy Reporter) (default: ${DEFAULT-VALUE}).";

    /** The working directory, against which sources named with an absolute path are written relative. */
    static java.nio.file.Path workingDirectory() {
        return java.nio.file.Path.of("").toAbsolutePath();
    }
}
