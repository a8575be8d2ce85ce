package dev.psp2psa.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code verify} as the input is read (issue 17, docs/scale.md): the second read of a streaming run, which knows the
 * plan from the first. Each pod and pod template is judged when its object has been read, whole (the reader prunes
 * nothing for it: {@link #readsWholeObjects}), and only its {@link VerifyResult} is kept, so memory grows with the
 * number of pods, not their size. Results are those of {@link VerifyService#verify(dev.psp2psa.inventory.Inventory,
 * dev.psp2psa.inventory.PolicySet, VerifyRequest)} over the objects kept whole. Thread-safe.
 */
public final class VerifyDigester implements WorkloadDigester {

    /**
     * The result of one pod or workload, kept instead of the object, with the fingerprint of its content when the
     * first read met its identity more than once (to tell an identical copy from a different object, as the reader
     * does for objects kept whole), else {@code null}.
     */
    public record Digest(VerifyResult result, byte[] fingerprint) implements WorkloadDigest {

        @Override
        public String kind() {
            return result.kind();
        }

        @Override
        public String namespace() {
            return result.namespace();
        }

        @Override
        public String name() {
            return result.name();
        }

        @Override
        public Source source() {
            return result.origin();
        }

        @Override
        public String serviceAccount() {
            return result.serviceAccount();
        }

        /** Whether both are copies of one object: equal but for what the API server and kubectl write. */
        @Override
        public boolean sameContent(WorkloadDigest other) {
            return other instanceof Digest d && fingerprint != null && d.fingerprint != null
                    && Arrays.equals(fingerprint, d.fingerprint);
        }
    }

    private final VerifyService service;
    private final VerifyService.Context context;
    private final Set<String> repeated;

    /** Equal decisions and explanations are kept once: pods of one shape share them. */
    private final Map<Object, Object> shared = new ConcurrentHashMap<>();

    VerifyDigester(VerifyService service, VerifyService.Context context, Set<String> repeated) {
        this.service = service;
        this.context = context;
        this.repeated = Set.copyOf(repeated);
    }

    VerifyService.Context context() {
        return context;
    }

    /** The identity of an object holding a pod, as the reader compares copies: kind, namespace, name. */
    public static String identity(String kind, String namespace, String name) {
        String ns = namespace == null || namespace.isEmpty() ? Workload.DEFAULT_NAMESPACE : namespace;
        return kind + '\u0000' + ns + '\u0000' + name;
    }

    @Override
    public boolean readsWholeObjects() {
        return true;
    }

    @Override
    public Optional<WorkloadDigest> digest(Sourced<? extends HasMetadata> object) {
        Optional<Workload> w = Workload.of(object);
        if (w.isEmpty()) {
            return Optional.empty();
        }
        VerifyResult result = service.judge(context, w.get());
        byte[] fingerprint = repeated.contains(identity(object.kind(), object.namespace(), object.name()))
                ? fingerprint(object.object()) : null;
        VerifyResult r = result;
        VerifyResult kept = new VerifyResult(r.source(), r.origin(), r.psp(), r.namespace(), r.kind(), r.name(),
                r.serviceAccount(), r.generated(), share(r.old()), share(r.now()), r.outcome(), r.agree(),
                r.explained(), share(r.explanation()));
        return Optional.of(new Digest(kept, fingerprint));
    }

    @SuppressWarnings("unchecked")
    private <T> T share(T value) {
        return value == null ? null : (T) shared.computeIfAbsent(value, v -> v);
    }

    /**
     * The SHA-256 of the object as the reader compares copies: without its status and what the API server and kubectl
     * write, in the namespace it is in, with the members of every mapping in name order (two copies are equal
     * whatever the order of their members).
     */
    static byte[] fingerprint(HasMetadata object) {
        ObjectNode tree = dev.psp2psa.input.Duplicates.content(object, true);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            feed(sha, tree);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static void feed(MessageDigest sha, JsonNode node) {
        sha.update((byte) node.getNodeType().ordinal());
        if (node.isObject()) {
            TreeMap<String, JsonNode> members = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                members.put(e.getKey(), e.getValue());
            }
            sha.update(Integer.toString(members.size()).getBytes(StandardCharsets.UTF_8));
            members.forEach((k, v) -> {
                text(sha, k);
                feed(sha, v);
            });
        } else if (node.isArray()) {
            sha.update(Integer.toString(node.size()).getBytes(StandardCharsets.UTF_8));
            node.forEach(v -> feed(sha, v));
        } else {
            text(sha, node.isNumber() ? node.numberType() + ":" + node.asText() : node.asText());
        }
    }

    private static void text(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) ':');
        sha.update(bytes);
    }
}
