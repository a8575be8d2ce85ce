package dev.psp2psa.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the class-data-sharing archive the Maven build writes ({@code target/psp2psa.jsa}, issue 17):
 * every command once on the bundled samples, in one JVM started with {@code -XX:ArchiveClassesAtExit}, so that the
 * archive holds the classes each command loads and {@code ./psp2psa} starts without loading them from the jar. Output
 * is discarded; the files go under the directory given. Not a command: the build calls this class by name.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    /**
     * Runs the training.
     *
     * @param args the samples directory and a scratch directory for convert's output
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: CdsTraining SAMPLES_DIR SCRATCH_DIR");
        }
        String samples = args[0];
        String tree = args[1] + "/tree";
        String tree36 = args[1] + "/tree-1.36";
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"--version"});
        runs.add(new String[] {"--help"});
        runs.add(new String[] {"rules"});
        runs.add(new String[] {"checks", "--format", "json"});
        runs.add(new String[] {"analyze", "-f", samples + "/multi-tenant"});
        for (String format : List.of("json", "markdown", "html", "sarif")) {
            runs.add(new String[] {"analyze", "-f", samples + "/multi-tenant", "--format", format});
        }
        runs.add(new String[] {"convert", "-f", samples + "/multi-tenant", "-o", tree, "--force"});
        runs.add(new String[] {"convert", "-f", samples + "/cluster", "-o", tree36, "--force", "--cluster-version",
            "v1.36", "--guard-labels", "--label-admins", "group:platform-admins"});
        runs.add(new String[] {"verify", "-f", samples + "/multi-tenant", "--policies", tree});
        runs.add(new String[] {"verify", "-f", samples + "/cluster", "--policies", tree36, "--format", "json"});
        runs.add(new String[] {"check", "-f", samples + "/failing-pods"});
        runs.add(new String[] {"check", "-f", samples + "/failing-pods", "--format", "json"});
        runs.add(new String[] {"check", "-f", samples + "/multi-tenant", "--policies", tree});
        List<String> failed = new ArrayList<>();
        for (String[] run : runs) {
            PrintWriter out = new PrintWriter(Writer.nullWriter());
            PrintWriter err = new PrintWriter(Writer.nullWriter());
            int code = Cli.run(Cli.create(out, err, java.io.InputStream.nullInputStream()), run);
            if (code > 1) {
                failed.add("psp2psa " + String.join(" ", run) + " exited with " + code);
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("CDS training runs failed: " + String.join("; ", failed));
        }
    }
}
