package dev.psp2psa.input;

import dev.psp2psa.inventory.Inventory;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/** Reads the inventory an {@link InputRequest} names: its files, then its cluster (which may add to them). */
public final class Inputs {

    private Inputs() {
    }

    /**
     * Reads the request's input; {@code progress} is asked, once connected to a cluster, for what to tell about the
     * progress of reading it (given the cluster's origin, such as {@code cluster:prod}).
     */
    public static Inventory read(InputRequest request, Function<String, ClusterReader.Progress> progress) {
        Inventory inventory = request.files()
                ? new InventoryReader(InventoryReader.Options.defaults().withDuplicates(request.duplicates()))
                        .read(request.paths(), request.stdin(), request.digester())
                : new Inventory(List.of(), new TreeMap<>());
        if (request.live()) {
            ClusterReader cluster = ClusterReader.connect(request.kubeconfig(), request.context(),
                    request.environment(), request.pageSize());
            inventory = cluster.read(inventory, progress.apply(cluster.origin()), request.digester());
        }
        return inventory;
    }

    /**
     * The Kubernetes minor version of the cluster the request reads, if it reads one and its server says it:
     * the default cluster version of a migration planned from it.
     */
    public static java.util.OptionalInt clusterMinor(InputRequest request) {
        if (!request.live()) {
            return java.util.OptionalInt.empty();
        }
        return ClusterReader.connect(request.kubeconfig(), request.context(), request.environment(),
                request.pageSize()).serverMinor();
    }

    /**
     * Fails when the inventory holds no PodSecurityPolicy: a migration planned without PSPs would plan every
     * namespace as if PSP admission rejected every pod (a forgotten file, an empty {@code kind: List}, PSPs under an
     * API version psp2psa does not read). The message says what was read and how to pass PSPs.
     */
    public static void requirePsps(Inventory inventory) {
        if (!inventory.psps().isEmpty()) {
            return;
        }
        StringBuilder why = new StringBuilder("the input holds no PodSecurityPolicy (")
                .append(inventory.objects().size() + inventory.digests().size()).append(" object(s) read");
        int skippedPsps = 0;
        for (var e : inventory.skipped().entrySet()) {
            if (e.getKey().startsWith("PodSecurityPolicy (")) {
                skippedPsps += e.getValue();
                why.append("; ").append(e.getValue()).append(" skipped as ").append(e.getKey());
            }
        }
        why.append(")");
        if (skippedPsps > 0) {
            why.append(": psp2psa reads PodSecurityPolicy as policy/v1beta1 or extensions/v1beta1");
        }
        why.append(". Pass the PSPs with -f (for example the output of kubectl get podsecuritypolicies -o yaml) or "
                + "read a cluster that still serves them; nothing was written.");
        throw new InputException(null, 0, 0, why.toString());
    }

    /**
     * The {@code apiVersion} an object of a kind psp2psa reads carries once read ({@code apps/v1} for a Deployment
     * written as {@code extensions/v1beta1}), for reports that reference the object; empty for other kinds.
     */
    public static java.util.Optional<String> apiVersion(String kind) {
        return Kinds.canonicalApiVersion(kind);
    }
}
