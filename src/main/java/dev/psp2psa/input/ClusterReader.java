package dev.psp2psa.input;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * Reads the objects psp2psa needs from a live cluster, read-only: only list requests (the API's get/list verbs), of
 * PodSecurityPolicies, ClusterRoles, ClusterRoleBindings, Roles, RoleBindings, Namespaces, ServiceAccounts, Pods
 * and the workload kinds. Never Secrets. Lists are paged ({@code limit} and {@code continue}), so a large cluster
 * never arrives as one response.
 *
 * <p>The kubeconfig and context are found as kubectl finds them: the file given, else the first file of
 * {@code $KUBECONFIG} that exists, else {@code ~/.kube/config}; the context given, else the current context.
 *
 * <p>Every object's source is {@code cluster:<context>/<Kind>/<namespace>/<name>} (cluster-scoped objects have no
 * namespace part) with line 0. Objects read from the cluster get their kind and the canonical apiVersion set, as
 * objects read from files do.
 *
 * <p>Errors are {@link InputException}s (exit 3), one sentence naming the cluster: a server that cannot be reached
 * or does not answer in time (with its URL), 401, 403 (with the resource and verb refused and the RBAC needed),
 * and the PodSecurityPolicy API not being served (Kubernetes 1.25 and later), unless PSPs were already given in
 * files. A 403 or 404 on an optional kind (ServiceAccounts, Pods and workload kinds) does not stop the read: the
 * kind is left out and a warning says so.
 */
public final class ClusterReader {

    /** Told about the progress of a read: the kind being listed and how many objects of it were read so far. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (kind, count, done) -> { };

        void update(String kind, long count, boolean done);
    }

    /** The default page size: at most this many objects per list response. */
    public static final int DEFAULT_PAGE_SIZE = 500;

    private static final String PSP = "PodSecurityPolicy";

    /** The kinds read, in order, and whether a 403/404 on them stops the read (required) or is a warning. */
    private record Wanted(String kind, String apiVersion, boolean required) {
    }

    private static final List<Wanted> WANTED = List.of(
            new Wanted(PSP, "policy/v1beta1", true),
            new Wanted("ClusterRole", "rbac.authorization.k8s.io/v1", true),
            new Wanted("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", true),
            new Wanted("Role", "rbac.authorization.k8s.io/v1", true),
            new Wanted("RoleBinding", "rbac.authorization.k8s.io/v1", true),
            new Wanted("Namespace", "v1", true),
            new Wanted("ServiceAccount", "v1", false),
            new Wanted("Pod", "v1", false),
            new Wanted("PodTemplate", "v1", false),
            new Wanted("ReplicationController", "v1", false),
            new Wanted("Deployment", "apps/v1", false),
            new Wanted("ReplicaSet", "apps/v1", false),
            new Wanted("StatefulSet", "apps/v1", false),
            new Wanted("DaemonSet", "apps/v1", false),
            new Wanted("Job", "batch/v1", false),
            new Wanted("CronJob", "batch/v1", false));

    private final Config config;
    private final String context;
    private final int pageSize;

    private ClusterReader(Config config, String context, int pageSize) {
        this.config = config;
        this.context = context;
        this.pageSize = pageSize;
    }

    /**
     * A reader for a kubeconfig and context, found as kubectl finds them.
     *
     * @param kubeconfig the kubeconfig file, or null for {@code $KUBECONFIG} or {@code ~/.kube/config}
     * @param context    the context, or null for the kubeconfig's current context
     * @param env        the environment ({@code KUBECONFIG}, {@code HOME})
     * @param pageSize   the most objects per list response
     * @throws InputException when there is no kubeconfig, it cannot be read, or it has no such context
     */
    public static ClusterReader connect(String kubeconfig, String context, Map<String, String> env, int pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        String file = kubeconfig != null ? kubeconfig : defaultKubeconfig(env);
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new InputException(file, 0, 0, kubeconfig != null ? "no such kubeconfig file."
                    : "no such kubeconfig file (the default when --kubeconfig is not given: $KUBECONFIG, else "
                            + "~/.kube/config).");
        }
        Config config;
        try {
            config = Config.fromKubeconfig(context, path.toFile());
        } catch (RuntimeException e) {
            throw new InputException(file, 0, 0, "cannot be used as a kubeconfig" + reason(e) + ".", e);
        }
        String actual = config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
        if (context != null && !context.equals(actual)) {
            throw new InputException(file, 0, 0, "has no context \"" + TreeBuilder.clip(context) + "\".");
        }
        if (actual == null || config.getMasterUrl() == null) {
            throw new InputException(file, 0, 0, context == null
                    ? "has no current context: name one with --context."
                    : "has no server for context \"" + TreeBuilder.clip(context) + "\".");
        }
        config.setConnectionTimeout(10_000);
        config.setRequestTimeout(60_000);
        config.setRequestRetryBackoffLimit(1);
        config.setRequestRetryBackoffInterval(200);
        return new ClusterReader(config, actual, pageSize);
    }

    private static String defaultKubeconfig(Map<String, String> env) {
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            String first = null;
            for (String entry : list.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                first = first == null ? entry : first;
                if (Files.isRegularFile(Path.of(entry))) {
                    return entry;
                }
            }
            if (first != null) {
                return first;
            }
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".kube", "config").toString();
    }

    /**
     * The minor version of the cluster's Kubernetes ({@code GET /version}, which every authenticated user may read):
     * the digits {@code minor} starts with ({@code 24+} on some managed clusters), or empty when the server does not
     * say.
     *
     * @throws InputException when the cluster cannot be reached or rejects the credentials
     */
    public java.util.OptionalInt serverMinor() {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            io.fabric8.kubernetes.client.VersionInfo info = client.getKubernetesVersion();
            String minor = info == null || info.getMinor() == null ? "" : info.getMinor().replaceAll("[^0-9].*$", "");
            return minor.isEmpty() || !"1".equals(info.getMajor()) ? java.util.OptionalInt.empty()
                    : java.util.OptionalInt.of(Integer.parseInt(minor));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return java.util.OptionalInt.empty();
            }
            throw unreachable(e);
        } catch (NumberFormatException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /** The context read from. */
    public String context() {
        return context;
    }

    /** The API server's URL. */
    public String server() {
        return config.getMasterUrl();
    }

    /** What sources of objects from this cluster start with, and what messages name: {@code cluster:<context>}. */
    public String origin() {
        return "cluster:" + context;
    }

    /**
     * Reads the cluster and merges what it holds into what was read from files: an object of the cluster with the
     * same kind, namespace and name as one from the files is dropped in favour of the file's. When the files hold
     * PodSecurityPolicies, the cluster's are not read at all (files are how PSPs are given to clusters that no
     * longer serve them).
     *
     * @param files    what was read from files, possibly nothing
     * @param progress told about every page read
     * @throws InputException for the first error that stops the read (see the class documentation)
     */
    public Inventory read(Inventory files, Progress progress) {
        return read(files, progress, null);
    }

    /**
     * Like {@link #read(Inventory, Progress)}, handing every object that holds a pod to the digester as its page
     * arrives: the objects it digests are not kept, only their digests.
     *
     * @param digester digests pods and pod templates as they are read; {@code null} to keep them whole
     */
    public Inventory read(Inventory files, Progress progress, WorkloadDigester digester) {
        Objects.requireNonNull(files, "files");
        Set<String> known = new HashSet<>();
        boolean filesHavePsps = false;
        for (Sourced<HasMetadata> s : files.objects()) {
            known.add(identity(s.object()));
            filesHavePsps |= s.object() instanceof PodSecurityPolicy;
        }
        for (WorkloadDigest d : files.digests()) {
            known.add(d.kind() + '\u0000' + d.namespace() + '\u0000' + d.name());
        }
        List<Sourced<HasMetadata>> objects = new ArrayList<>(files.objects());
        List<WorkloadDigest> digests = new ArrayList<>(files.digests());
        List<String> warnings = new ArrayList<>(files.warnings());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            for (Wanted wanted : WANTED) {
                if (wanted.kind().equals(PSP) && filesHavePsps) {
                    continue;
                }
                Kinds.Spec spec = Kinds.lookup(wanted.kind(), wanted.apiVersion()).orElseThrow();
                try {
                    long count = list(client, spec, objects, digests, digester, known, progress);
                    progress.update(spec.kind(), count, true);
                } catch (KubernetesClientException e) {
                    String warning = failure(e, spec, wanted.required());
                    warnings.add(warning);
                }
            }
        } catch (KubernetesClientException e) {
            throw unreachable(e);
        }
        return new Inventory(objects, digests, new TreeMap<>(files.skipped()), warnings, files.notices());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private long list(KubernetesClient client, Kinds.Spec spec, List<Sourced<HasMetadata>> out,
            List<WorkloadDigest> digests, WorkloadDigester digester, Set<String> known, Progress progress) {
        MixedOperation<HasMetadata, KubernetesResourceList<HasMetadata>, Resource<HasMetadata>> op =
                (MixedOperation) client.resources(spec.type());
        String token = null;
        long count = 0;
        do {
            ListOptions options = new ListOptionsBuilder().withLimit((long) pageSize).withContinue(token).build();
            KubernetesResourceList<HasMetadata> page = spec.namespaced() ? op.inAnyNamespace().list(options)
                    : op.list(options);
            for (HasMetadata item : page.getItems()) {
                if (item.getMetadata() == null || item.getMetadata().getName() == null) {
                    continue;
                }
                item.setApiVersion(spec.apiVersion());
                count++;
                if (!known.add(identity(item))) {
                    continue;
                }
                Sourced<HasMetadata> sourced = new Sourced<>(item, new Source(locator(spec, item), 0));
                Optional<WorkloadDigest> digest = digester == null ? Optional.empty() : digester.digest(sourced);
                if (digest.isPresent()) {
                    digests.add(digest.get());
                } else {
                    out.add(sourced);
                }
            }
            progress.update(spec.kind(), count, false);
            ListMeta meta = page.getMetadata();
            token = meta == null || meta.getContinue() == null || meta.getContinue().isEmpty() ? null
                    : meta.getContinue();
        } while (token != null);
        return count;
    }

    private String locator(Kinds.Spec spec, HasMetadata item) {
        String ns = item.getMetadata().getNamespace();
        return origin() + "/" + spec.kind() + "/"
                + (spec.namespaced() && ns != null && !ns.isEmpty() ? ns + "/" : "") + item.getMetadata().getName();
    }

    /** Kind, namespace ({@code default} when a namespaced object has none) and name, as duplicates are found. */
    private static String identity(HasMetadata object) {
        String kind = object.getKind();
        Kinds.Spec spec = Kinds.lookup(kind, object.getApiVersion()).orElse(null);
        String ns = object.getMetadata().getNamespace();
        if (spec != null && !spec.namespaced()) {
            ns = "";
        } else if (ns == null || ns.isEmpty()) {
            ns = "default";
        }
        return kind + '\u0000' + ns + '\u0000' + object.getMetadata().getName();
    }

    /** A warning for an optional kind that could not be listed, or the exception that stops the read. */
    private String failure(KubernetesClientException e, Kinds.Spec spec, boolean required) {
        String plural = HasMetadata.getPlural(spec.type());
        String group = HasMetadata.getGroup(spec.type());
        String resource = group == null || group.isEmpty() ? plural : plural + "." + group;
        int code = e.getCode();
        if (code == 401) {
            throw new InputException(origin(), 0, 0, "the API server at " + server()
                    + " did not accept the credentials of this context (401 Unauthorized): log in again or check "
                    + "the kubeconfig's user.", e);
        }
        if (code == 404 && spec.kind().equals(PSP)) {
            throw new InputException(origin(), 0, 0, "the API server at " + server() + " does not serve "
                    + "PodSecurityPolicies (policy/v1beta1; removed in Kubernetes 1.25): export the PSPs from a "
                    + "backup or from git and pass them with -f, together with --kubeconfig/--context for the rest.",
                    e);
        }
        if (code == 403) {
            String rbac = "get and list on " + resource + " in all namespaces";
            if (!spec.namespaced()) {
                rbac = "get and list on " + resource;
            }
            if (required) {
                throw new InputException(origin(), 0, 0, "the API server at " + server() + " refused to list "
                        + resource + " (403 Forbidden): psp2psa needs " + rbac + " (a ClusterRole with verbs "
                        + "[get, list] on that resource, bound to the user).", e);
            }
            return "the cluster refused to list " + resource + " (403 Forbidden; psp2psa needs " + rbac + "): the "
                    + "analysis ran without " + spec.kind() + " objects" + (workload(spec) ? ", so without these "
                    + "workloads" : "") + ".";
        }
        if (code == 404 && !required) {
            return "the API server does not serve " + resource + " (" + spec.apiVersion() + "): the analysis ran "
                    + "without " + spec.kind() + " objects.";
        }
        if (code == 0 || isIo(e)) {
            throw unreachable(e);
        }
        throw new InputException(origin(), 0, 0, "listing " + resource + " at " + server() + " failed"
                + (code > 0 ? " (HTTP " + code + ")" : "") + reason(e) + ".", e);
    }

    private static boolean workload(Kinds.Spec spec) {
        return !spec.kind().equals("ServiceAccount");
    }

    private InputException unreachable(KubernetesClientException e) {
        boolean timeout = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            timeout |= t instanceof TimeoutException || t instanceof InterruptedIOException
                    || t.getClass().getSimpleName().contains("Timeout");
        }
        return new InputException(origin(), 0, 0, (timeout ? "the API server at " + server()
                + " did not answer in time" : "cannot reach the API server at " + server()) + reason(rootCause(e))
                + ".", e);
    }

    private static boolean isIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** {@code " (message)"} on one line, clipped, or nothing. */
    private static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e instanceof IOException io ? " (" + IoErrors.why(io) + ")" : "";
        }
        m = m.strip().replaceAll("\\s+", " ");
        if (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return " (" + TreeBuilder.clip(m) + ")";
    }
}
