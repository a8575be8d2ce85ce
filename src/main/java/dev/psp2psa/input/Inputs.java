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
                ? new InventoryReader().read(request.paths(), request.stdin(), request.digester())
                : new Inventory(List.of(), new TreeMap<>());
        if (request.live()) {
            ClusterReader cluster = ClusterReader.connect(request.kubeconfig(), request.context(),
                    request.environment(), request.pageSize());
            inventory = cluster.read(inventory, progress.apply(cluster.origin()), request.digester());
        }
        return inventory;
    }
}
