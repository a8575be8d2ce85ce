package dev.psp2psa.input;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Collects the objects of one input, or merges inputs in order: keeps objects (or their digests), counts skipped
 * kinds and, when merging, handles duplicates as its {@link Duplicates} says.
 */
final class InventoryCollector implements ObjectConverter.Sink {

    /** What one input held, in order, and the problem that stopped reading it, if any. */
    record Part(List<Entry> entries, Map<String, Integer> skipped, InputException failure) {
    }

    /** An object, or the digest that stands for it, with its identity (kind, namespace, name). */
    record Entry(String identity, String display, Source source, Object value, boolean namespaced) {
    }

    private final WorkloadDigester digester;
    private final Duplicates duplicates;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final Map<String, Entry> identities = new HashMap<>();
    private final List<Sourced<HasMetadata>> objects = new ArrayList<>();
    private final List<WorkloadDigest> digests = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();

    /** A collector for one input (which does not merge). */
    InventoryCollector(WorkloadDigester digester) {
        this(digester, Duplicates.KEEP);
    }

    /** A collector that merges inputs, handling duplicates as {@code duplicates} says. */
    InventoryCollector(WorkloadDigester digester, Duplicates duplicates) {
        this.digester = digester;
        this.duplicates = duplicates;
    }

    @Override
    public WorkloadDigester digester() {
        return digester;
    }

    @Override
    public void object(HasMetadata object, Source source, Kinds.Spec spec) {
        Sourced<HasMetadata> sourced = new Sourced<>(object, source);
        Object value = sourced;
        if (digester != null) {
            Optional<WorkloadDigest> digest = digester.digest(sourced);
            if (digest.isPresent()) {
                value = digest.get();
            }
        }
        add(spec, object.getMetadata().getNamespace(), object.getMetadata().getName(), source, value);
    }

    @Override
    public void digested(WorkloadDigest digest, Kinds.Spec spec) {
        add(spec, digest.namespace(), digest.name(), digest.source(), digest);
    }

    private void add(Kinds.Spec spec, String namespace, String name, Source source, Object value) {
        if (!spec.namespaced()) {
            namespace = null;
        } else if (namespace == null || namespace.isEmpty()) {
            namespace = "default";
        }
        String identity = spec.kind() + '\u0000' + (namespace == null ? "" : namespace) + '\u0000' + name;
        String display = spec.kind() + " \"" + TreeBuilder.clip(namespace == null ? name : namespace + "/" + name)
                + "\"";
        entries.add(new Entry(identity, display, source, value, spec.namespaced()));
    }

    @Override
    public void skipped(String key) {
        skipped.merge(key, 1, Integer::sum);
    }

    Part part(InputException failure) {
        return new Part(entries, skipped, failure);
    }

    /** Adds what an input held, after what earlier inputs held; throws its problem or a duplicate's. */
    @SuppressWarnings("unchecked")
    void merge(Part part) {
        for (Entry e : part.entries()) {
            if (duplicates == Duplicates.MERGE_IDENTICAL && isCopy(e)) {
                continue;
            }
            if (e.value() instanceof WorkloadDigest d) {
                digests.add(d);
            } else {
                objects.add((Sourced<HasMetadata>) e.value());
            }
        }
        part.skipped().forEach((k, v) -> skipped.merge(k, v, Integer::sum));
        if (part.failure() != null) {
            throw part.failure();
        }
    }

    /** Whether the entry repeats one merged before: true for an identical copy (noted), an error for another. */
    private boolean isCopy(Entry e) {
        Entry first = identities.putIfAbsent(e.identity(), e);
        if (first == null) {
            return false;
        }
        if (!Duplicates.identical(first.value(), e.value(), e.namespaced())) {
            throw new InputException(e.source().file(), e.source().line(), 0, e.display()
                    + " is defined twice, differently: also at " + first.source()
                    + "; keep the copy the cluster holds and remove the other.");
        }
        notices.add(e.source() + ": " + e.display() + " is an identical copy of the one at " + first.source()
                + "; it is read once.");
        return true;
    }

    Inventory inventory() {
        return new Inventory(objects, digests, new TreeMap<>(skipped), List.of(), notices);
    }
}
