package dev.psp2psa.cli;

import dev.psp2psa.input.ClusterReader;
import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.emit.InventoryWriter;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.WorkloadDigester;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The input options shared by every command that reads Kubernetes objects: files ({@code -f}) and a live cluster
 * ({@code --kubeconfig}, {@code --context}), or both. A cluster is read only when {@code --kubeconfig} or
 * {@code --context} is given; otherwise {@code -f} is required. Warnings about the input (such as a kind the
 * cluster refused to list) go to stderr.
 */
public final class InputOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
            description = "A YAML or JSON file, a directory (read recursively: *.yaml, *.yml, *.json) or - for "
                    + "stdin. Repeatable. Multi-document YAML and kubectl's 'kind: List' output are understood. "
                    + "Required unless a cluster is read (--kubeconfig or --context); combinable with it.")
    List<String> paths;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Read a live cluster (read-only: get/list) through this kubeconfig. With --context alone, "
                    + "the kubeconfig is found as kubectl finds it: $KUBECONFIG, else ~/.kube/config.")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME",
            description = "The kubeconfig context of the cluster to read (default: the current context).")
    String context;

    @Option(names = "--save-inventory", paramLabel = "FILE",
            description = "Also write everything read (files and cluster) to FILE as one 'kind: List' YAML, with "
                    + "environment variable values redacted, to repeat the run offline with -f FILE.")
    Path saveInventory;

    @Option(names = "--quiet", description = "No progress line on stderr while reading a cluster.")
    boolean quiet;

    /** The page size of cluster lists; tests make it small. */
    static int pageSize = ClusterReader.DEFAULT_PAGE_SIZE;

    /** The environment used to find the kubeconfig; tests replace it. */
    static Map<String, String> environment = System.getenv();

    boolean live() {
        return kubeconfig != null || context != null;
    }

    Inventory read(InputStream stdin) {
        return read(stdin, null);
    }

    /**
     * Reads the input, digesting pods and pod templates as they are read when a digester is given (so that they are
     * not kept), except with --save-inventory, which needs every object whole.
     */
    Inventory read(InputStream stdin, WorkloadDigester digester) {
        if (saveInventory != null) {
            digester = null;
        }
        boolean files = paths != null && !paths.isEmpty();
        if (!files && !live()) {
            throw new UsageException("Missing required option: '--filename=PATH' (or --kubeconfig/--context to read a "
                    + "live cluster). Run '" + mixee.qualifiedName() + " --help' for usage.");
        }
        Inventory inventory = files ? new InventoryReader().read(paths, stdin, digester)
                : new Inventory(List.of(), new TreeMap<>());
        PrintWriter err = mixee.commandLine().getErr();
        if (live()) {
            ClusterReader cluster = ClusterReader.connect(kubeconfig, context, environment, pageSize);
            boolean progress = !quiet && System.console() != null;
            try {
                inventory = cluster.read(inventory,
                        progress ? progressLine(err, cluster) : ClusterReader.Progress.NONE, digester);
            } finally {
                if (progress) {
                    err.print(CLEAR_LINE);
                    err.flush();
                }
            }
        }
        for (String warning : inventory.warnings()) {
            err.println("warning: " + warning);
        }
        err.flush();
        if (saveInventory != null) {
            InventoryWriter.write(inventory, saveInventory, saveInventory.toString());
        }
        return inventory;
    }

    /** Carriage return and ANSI erase-line: the progress line is rewritten in place, and erased at the end. */
    private static final String CLEAR_LINE = "\r\033[K";

    /** One line on the terminal, rewritten for every page: the kind being read and how many so far. */
    private static ClusterReader.Progress progressLine(PrintWriter err, ClusterReader cluster) {
        return (kind, count, done) -> {
            err.print(CLEAR_LINE + "reading " + cluster.origin() + ": " + kind + " " + count + (done ? "" : "..."));
            err.flush();
        };
    }
}
