package dev.psp2psa.cli;

import dev.psp2psa.emit.InventoryWriter;
import dev.psp2psa.input.ClusterReader;
import dev.psp2psa.input.Duplicates;
import dev.psp2psa.input.InputRequest;
import dev.psp2psa.input.Inputs;
import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.WorkloadDigester;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The input options shared by every command that reads Kubernetes objects: files ({@code -f}) and a live cluster
 * ({@code --kubeconfig}, {@code --context}), or both. A cluster is read only when {@code --kubeconfig} or
 * {@code --context} is given; otherwise {@code -f} is required. Warnings about the input (such as a kind the
 * cluster refused to list) go to stderr. A picocli mixin: the options become an {@link InputRequest}, read by
 * {@link Inputs}.
 */
public final class InputOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
            description = "A YAML or JSON file, a directory (read recursively: *.yaml, *.yml, *.json), a pipe such "
                    + "as <(kubectl get psp -o yaml), or - for stdin. Repeatable. Multi-document YAML and kubectl's "
                    + "'kind: List' output are understood. "
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

    /** The input these options name, digested with {@code digester} unless --save-inventory needs it whole. */
    InputRequest request(WorkloadDigester digester, Duplicates duplicates) {
        boolean files = paths != null && !paths.isEmpty();
        if (!files && kubeconfig == null && context == null) {
            throw new UsageException("Missing required option: '--filename=PATH' (or --kubeconfig/--context to read a "
                    + "live cluster). Run '" + mixee.qualifiedName() + " --help' for usage.");
        }
        RootCommand root = (RootCommand) mixee.root().userObject();
        return new InputRequest(files ? paths : List.of(), root.stdin(), kubeconfig, context, root.environment(),
                ClusterReader.DEFAULT_PAGE_SIZE, saveInventory != null ? null : digester, duplicates);
    }

    /** The Kubernetes version of the live cluster read, if one is read (its server's minor version). */
    java.util.Optional<dev.psp2psa.pss.Version> liveClusterVersion() {
        if (kubeconfig == null && context == null) {
            return java.util.Optional.empty();
        }
        java.util.OptionalInt minor = Inputs.clusterMinor(request(null, Duplicates.MERGE_IDENTICAL));
        return minor.isPresent() ? java.util.Optional.of(dev.psp2psa.pss.Version.of(minor.getAsInt()))
                : java.util.Optional.empty();
    }

    /** The files and directories named with -f (not stdin), as given. */
    List<Path> filePaths() {
        return paths == null ? List.of() : paths.stream().filter(p -> !p.equals("-")).map(Path::of).toList();
    }

    /** The home directory: {@code $HOME} of the environment psp2psa runs in, or null. */
    Path home() {
        String home = ((RootCommand) mixee.root().userObject()).environment().get("HOME");
        return home == null || home.isEmpty() ? null : Path.of(home);
    }

    /**
     * Reads the input as an inventory of one cluster, keeping every object whole: an identical copy of an object is
     * read once (with a warning), different ones with one name are an error.
     */
    Inventory read() {
        return read(null);
    }

    /**
     * Reads the input as manifests to dry-run, keeping every object whole: objects with the same name (kustomize
     * overlays, fixture folders) are each read.
     */
    Inventory readEach() {
        return read(null, Duplicates.KEEP);
    }

    /** As {@link #readEach()}, with each pod and workload given to the digester as it is read, not kept whole. */
    Inventory readEach(WorkloadDigester digester) {
        return read(digester, Duplicates.KEEP);
    }

    /**
     * Reads the input, digesting pods and pod templates as they are read when a digester is given (so that they are
     * not kept), except with --save-inventory, which needs every object whole. Warnings about the input go to
     * stderr, and so does a progress line while a cluster is read on a terminal.
     */
    Inventory read(WorkloadDigester digester) {
        return read(digester, Duplicates.MERGE_IDENTICAL);
    }

    /**
     * Whether the input can be read twice, the same both times, for a run that reads it twice: files and directories
     * (not stdin, nor a pipe such as {@code <(kubectl get ...)}) and clusters, without --save-inventory, which wants
     * one whole read.
     */
    boolean canReadTwice() {
        if (saveInventory != null) {
            return false;
        }
        for (String p : paths == null ? List.<String>of() : paths) {
            Path path = Path.of(p);
            if (p.equals("-") || !(java.nio.file.Files.isRegularFile(path) || java.nio.file.Files.isDirectory(path))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the input as {@link #read(WorkloadDigester)} does, but says nothing about it: the first read of a run that
     * reads the input twice (the second says what there is to say).
     */
    Inventory readSilently(WorkloadDigester digester) {
        PrintWriter err = mixee.commandLine().getErr();
        ProgressLine line = !quiet && System.console() != null ? new ProgressLine(err) : null;
        try {
            return Inputs.read(request(digester, Duplicates.MERGE_IDENTICAL),
                    line == null ? origin -> ClusterReader.Progress.NONE : line::start);
        } finally {
            if (line != null) {
                line.end();
            }
        }
    }

    private Inventory read(WorkloadDigester digester, Duplicates duplicates) {
        InputRequest request = request(digester, duplicates);
        PrintWriter err = mixee.commandLine().getErr();
        ProgressLine line = !quiet && System.console() != null ? new ProgressLine(err) : null;
        Inventory inventory;
        try {
            inventory = Inputs.read(request, line == null ? origin -> ClusterReader.Progress.NONE : line::start);
        } finally {
            if (line != null) {
                line.end();
            }
        }
        for (String warning : inventory.warnings()) {
            err.println("warning: " + warning);
        }
        for (String notice : inventory.notices()) {
            err.println("warning: " + notice);
        }
        err.flush();
        if (saveInventory != null) {
            InventoryWriter.write(inventory, saveInventory, saveInventory.toString());
        }
        return inventory;
    }
}
