package dev.psp2psa.input;

import dev.psp2psa.inventory.WorkloadDigester;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * What to read: files ({@code paths}, where {@code -} is {@code stdin}) and a live cluster, or both. A cluster is
 * read only when a kubeconfig or a context is given (either may be null); without a kubeconfig, it is found as
 * kubectl finds it, through {@code environment} ({@code KUBECONFIG}, else {@code ~/.kube/config}). Cluster lists
 * are read {@code pageSize} objects at a time. With a {@code digester}, pods and pod templates are digested as
 * they are read (so that they are not kept); with null, every object is kept whole. Two objects of the same kind,
 * namespace and name in the files are handled as {@code duplicates} says.
 */
public record InputRequest(List<String> paths, InputStream stdin, String kubeconfig, String context,
        Map<String, String> environment, int pageSize, WorkloadDigester digester, Duplicates duplicates) {

    public InputRequest {
        paths = List.copyOf(paths);
        environment = Map.copyOf(environment);
    }

    public boolean files() {
        return !paths.isEmpty();
    }

    public boolean live() {
        return kubeconfig != null || context != null;
    }
}
