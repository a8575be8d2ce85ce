package dev.psp2psa.input;

import static dev.psp2psa.input.ParserMessages.sanitize;
import static dev.psp2psa.input.ParserMessages.sentence;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the documents of one input (YAML documents separated by {@code ---}, or JSON values one after another),
 * hands every object to an {@link ObjectConverter} and reports syntax errors at the parser's line and column.
 *
 * <p>The {@code items} of a root-level List are streamed: each item is built as a tree, converted and dropped
 * before the next is read, so a {@code kubectl get -o json} dump of a large cluster never exists as one tree.
 * kubectl writes {@code kind} after {@code items}, so items are collected as typed objects (not trees) in a
 * {@link Batch} and handed on only once the root turns out to be a List; otherwise they are dropped unread.
 */
final class DocumentReader {

    private final String file;
    private final boolean yaml;
    private final TreeBuilder builder;
    private final ObjectConverter converter;
    private final ObjectConverter.Sink sink;
    private final boolean capture;
    private final Limits limits;
    private final Converters converters;
    private final ByteSlices slices;

    /**
     * Where the captured items of Lists are converted and digested: a pool of threads, so that one large file (a
     * {@code kubectl get pods -A -o json}) is read on every core, the parser capturing items while the pool
     * converts them. At most {@code limit} items wait or run at a time, so memory stays bounded.
     */
    record Converters(ExecutorService pool, Semaphore limit, java.util.concurrent.atomic.AtomicInteger readers,
            int cores) {

        Converters(ExecutorService pool, Semaphore limit, int cores) {
            this(pool, limit, new java.util.concurrent.atomic.AtomicInteger(), cores);
        }

        /** The input read as one of the inputs being read at the same time. */
        <T> java.util.concurrent.Callable<T> reading(java.util.concurrent.Callable<T> input) {
            return () -> {
                readers.incrementAndGet();
                try {
                    return input.call();
                } finally {
                    readers.decrementAndGet();
                }
            };
        }

        /** Whether fewer inputs are being read than there are cores, so the pool has cores to spare. */
        boolean spare() {
            return readers.get() < cores;
        }
    }

    /** @param converters where captured items are converted; {@code null} to convert them on this thread */
    DocumentReader(String file, boolean yaml, Limits limits, ObjectConverter.Sink sink, Converters converters) {
        this(file, yaml, limits, sink, converters, null);
    }

    /**
     * @param slices the bytes of the file the parser reads, when items of Lists are to be captured without their
     *     tokens (see {@link ByteSlices}); {@code null} to capture the tokens
     */
    DocumentReader(String file, boolean yaml, Limits limits, ObjectConverter.Sink sink, Converters converters,
            ByteSlices slices) {
        this.slices = slices;
        this.file = file;
        this.yaml = yaml;
        this.limits = limits;
        this.converters = converters;
        // A digester that reads whole objects (verify) gets them as a whole read would: nothing pruned, nothing captured.
        boolean pruning = sink.digester() != null && !sink.digester().readsWholeObjects();
        this.builder = new TreeBuilder(file, yaml, limits, pruning);
        // Digesting runs read the items of JSON Lists as tokens (CapturedObject): no tree, unless there is a problem.
        this.capture = !yaml && pruning;
        this.converter = new ObjectConverter(file);
        this.sink = sink;
    }

    /** Reads every document; returns how many were not empty. */
    int readAll(JsonParser parser) throws IOException {
        int documents = 0;
        try {
            while (parser.nextToken() != null) {
                if (readDocument(parser)) {
                    documents++;
                }
            }
        } catch (StreamConstraintsException e) {
            // The place of the token that was too long, not where the parser gave up on it.
            long where = Locations.of(parser.currentTokenLocation());
            throw new InputException(file, Locations.line(where), Locations.column(where),
                    ParserMessages.constraint(e, limits));
        } catch (JsonParseException e) {
            if (e.getCause() instanceof MarkedYAMLException m) {
                // SnakeYAML's problem and its place; not its message, which quotes the lines around the place.
                Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
                String problem = m.getProblem() != null ? m.getProblem() : m.getContext();
                throw new InputException(file, mark == null ? 0 : mark.getLine() + 1,
                        mark == null ? 0 : mark.getColumn() + 1, "malformed YAML: " + sentence(problem) + ".");
            }
            String what = yaml ? "malformed YAML: " : "malformed JSON: ";
            throw located(e, parser, what + sentence(sanitize(e.getOriginalMessage())) + ".");
        } catch (JsonProcessingException e) {
            throw located(e, parser, "the input cannot be parsed: " + sentence(sanitize(e.getOriginalMessage())) + ".");
        }
        return documents;
    }

    private InputException located(JsonProcessingException e, JsonParser parser, String message) {
        long where = Locations.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation());
        return new InputException(file, Locations.line(where), Locations.column(where), message);
    }

    /** Reads one document; false when it is empty (only comments, {@code ---} twice, or null). */
    private boolean readDocument(JsonParser p) throws IOException {
        builder.startDocument();
        JsonToken token = p.currentToken();
        long where = Locations.of(p.currentTokenLocation());
        boolean alias = builder.isAlias(p);
        if (!alias && (token == JsonToken.VALUE_NULL
                || (yaml && token == JsonToken.VALUE_STRING && p.getText().isEmpty()))) {
            return false;
        }
        Locations locations = new Locations();
        if (token != JsonToken.START_OBJECT || alias) {
            JsonNode node = token.isStructStart() ? null : builder.read(p, locations, 0);
            String what = token == JsonToken.START_ARRAY ? "a list" : ObjectConverter.describe(node);
            throw new InputException(file, Locations.line(where), Locations.column(where),
                    "the document is " + what + ", not a mapping (a Kubernetes object).");
        }
        ItemStreamer items = new ItemStreamer(where);
        ObjectNode root = (ObjectNode) builder.readObjectRoot(p, locations, 0, items);
        if (items.seen) {
            JsonNode kind = root.get("kind");
            if (kind != null && kind.isTextual() && ObjectConverter.isList(kind.asText(), true)) {
                items.batch.commit(sink);
                return true;
            }
            // Not a List after all: its items are no Kubernetes objects psp2psa knows of; forget them unread.
            items.batch.settle();
        }
        converter.handle(root, locations, where, "object", sink);
        return true;
    }

    /** Streams the {@code items} of the root mapping into a {@link Batch}. */
    private final class ItemStreamer implements TreeBuilder.FieldHook {
        private final long listWhere;
        private final Batch batch = new Batch();
        private boolean seen;

        ItemStreamer(long listWhere) {
            this.listWhere = listWhere;
        }

        @Override
        public boolean consume(String name, long keyLocation, JsonParser p) throws IOException {
            if (!name.equals("items") || p.currentToken() != JsonToken.START_ARRAY || builder.isAlias(p)) {
                return false;
            }
            if (seen) {
                throw new InputException(file, Locations.line(keyLocation), Locations.column(keyLocation),
                        "the key \"items\" appears twice in the same mapping.");
            }
            seen = true;
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                long itemWhere = Locations.of(p.currentTokenLocation());
                if (capture && p.currentToken() == JsonToken.START_OBJECT) {
                    CapturedObject captured = CapturedObject.capture(p, sink.digester()::readsAnnotation,
                            limits, file, slices);
                    String subject = "items[" + index + "]";
                    hand(true, () -> convert(captured, itemWhere, subject));
                    index++;
                    continue;
                }
                Locations itemLocations = new Locations();
                JsonNode item = builder.readObjectRoot(p, itemLocations, 2, null);
                String subject = "items[" + index + "]";
                // A whole item is converted on the pool only when the readers leave it cores (one large file, or the
                // last file still being read): otherwise handing over costs more than it gains.
                hand(converters == null || converters.spare(), () -> {
                    Batch.Item read = new Batch.Item(sink.digester());
                    try {
                        converter.handleItem(item, itemWhere, listWhere, subject, itemLocations, read);
                    } catch (InputException e) {
                        read.failure = e;
                    }
                    return read;
                });
                index++;
            }
            return true;
        }

        /**
         * Adds what converting (and digesting) an item yields to the batch: on the pool when there is one and
         * {@code pooled}, so that digesting (for {@code verify}, judging the pod) runs on every core while this thread
         * reads on (at most {@code limit} items wait or run at a time), else here. The batch keeps the order either way.
         */
        private void hand(boolean pooled, java.util.function.Supplier<Batch.Item> conversion) throws IOException {
            if (converters == null || !pooled) {
                batch.add(conversion.get());
                return;
            }
            try {
                converters.limit().acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("reading was stopped");
            }
            try {
                batch.add(converters.pool().submit(() -> {
                    try {
                        return conversion.get();
                    } finally {
                        converters.limit().release();
                    }
                }));
            } catch (RejectedExecutionException e) {
                converters.limit().release();
                batch.add(conversion.get());
            }
        }
    }

    /**
     * Converts (and digests) one captured item of a List, on whichever thread: what it yields, or its problem. Only
     * reads this reader's immutable state; a replay gets a tree builder of its own.
     */
    private Batch.Item convert(CapturedObject captured, long itemWhere, String subject) {
        Batch.Item item = new Batch.Item(sink.digester());
        try {
            converter.handleCaptured(captured, itemWhere, subject, () -> {
                Locations itemLocations = new Locations();
                TreeBuilder own = new TreeBuilder(file, false, limits, true);
                JsonNode tree = own.readObjectRoot(captured.located(), itemLocations, 2, null);
                converter.handleItem(tree, itemWhere, itemWhere, subject, itemLocations, item);
            }, item);
        } catch (InputException e) {
            item.failure = e;
        } catch (IOException e) {
            item.failure = new InputException(file, Locations.line(itemWhere), Locations.column(itemWhere),
                    subject + " cannot be read.");
        }
        return item;
    }

    /**
     * What was read from a List's items, handed on in order once the root is known to be a List. Objects that hold
     * pods are digested at once (when there is a digester), so that a long List of pods is never held in memory;
     * captured items may still be converting on other threads ({@link Future}s of {@link Item}s).
     */
    private static final class Batch {
        private record Read(HasMetadata object, Source source, Kinds.Spec spec) {
        }

        private record Digested(WorkloadDigest digest, Kinds.Spec spec) {
        }

        /** What one captured item yielded, or its problem. */
        static final class Item implements ObjectConverter.Sink {
            private final WorkloadDigester digester;
            private final List<Object> entries = new ArrayList<>(1);
            private InputException failure;

            Item(WorkloadDigester digester) {
                this.digester = digester;
            }

            @Override
            public WorkloadDigester digester() {
                return digester;
            }

            @Override
            public void object(HasMetadata object, Source source, Kinds.Spec spec) {
                entries.add(read(digester, object, source, spec));
            }

            @Override
            public void digested(WorkloadDigest digest, Kinds.Spec spec) {
                entries.add(new Digested(digest, spec));
            }

            @Override
            public void skipped(String key) {
                entries.add(key);
            }
        }

        private final List<Object> entries = new ArrayList<>();

        private static Object read(WorkloadDigester digester, HasMetadata object, Source source, Kinds.Spec spec) {
            Optional<WorkloadDigest> digest = digester == null ? Optional.empty()
                    : digester.digest(new Sourced<>(object, source));
            return digest.isPresent() ? new Digested(digest.get(), spec) : new Read(object, source, spec);
        }

        /** A captured item's result, or the future one. */
        void add(Item item) {
            entries.add(item);
        }

        void add(Future<Item> item) {
            entries.add(item);
        }

        void commit(ObjectConverter.Sink target) {
            for (Object entry : entries) {
                if (entry instanceof Future<?> f) {
                    entry = Futures.join(f);
                }
                if (entry instanceof Item item) {
                    item.entries.forEach(e -> hand(e, target));
                    if (item.failure != null) {
                        throw item.failure;
                    }
                    continue;
                }
                hand(entry, target);
            }
        }

        /** Waits for the items still converting, so that nothing runs on after the read. */
        void settle() {
            for (Object entry : entries) {
                if (entry instanceof Future<?> f) {
                    try {
                        f.get();
                    } catch (ExecutionException | CancellationException e) {
                        // Reported by commit, if it comes to that.
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }


        private static void hand(Object entry, ObjectConverter.Sink target) {
            if (entry instanceof Read r) {
                target.object(r.object(), r.source(), r.spec());
            } else if (entry instanceof Digested d) {
                target.digested(d.digest(), d.spec());
            } else {
                target.skipped((String) entry);
            }
        }
    }
}
