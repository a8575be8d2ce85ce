package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.Arrays;

/**
 * One JSON object (an item of a List) captured as its tokens, pruned as {@link TreeBuilder.Prune} says, with the line
 * and column of every token: the fast way in for the pods of a large {@code kubectl get -o json}. The tokens convert
 * straight to a typed object; only when that fails (or the object is unusual: no string kind or apiVersion, a key
 * twice) are they replayed, at their original places, through {@link TreeBuilder} and the ordinary conversion, which
 * then reports the problem exactly as for any other object.
 */
final class CapturedObject {

    private final TokenBuffer tokens;
    private final long[] locations;
    private final String kind;
    private final String apiVersion;
    private final boolean unusual;
    private final String podKey;
    private final String name;
    private final String namespace;

    private CapturedObject(TokenBuffer tokens, long[] locations, String kind, String apiVersion, boolean unusual,
            String podKey, String name, String namespace) {
        this.tokens = tokens;
        this.locations = locations;
        this.kind = kind;
        this.apiVersion = apiVersion;
        this.unusual = unusual;
        this.podKey = podKey;
        this.name = name;
        this.namespace = namespace;
    }

    /**
     * For a Pod whose kind comes before its spec (as kubectl writes them): its spec and its seccomp and AppArmor
     * annotations, token by token, without the node name, host name and container images (which no digest reads
     * and which differ between the pods of one template) and with the service account token volume's generated name
     * ({@code kube-api-access-xxxxx}) made the same for all pods. Pods with equal keys have equal digests but for
     * their names. {@code null} for anything else.
     */
    String podKey() {
        return podKey;
    }

    /** {@code metadata.name} when it is a string, else {@code null}. */
    String name() {
        return name;
    }

    /** {@code metadata.namespace} when it is a string, else {@code null}. */
    String namespace() {
        return namespace;
    }

    /** The top-level string {@code kind}, or {@code null}. */
    String kind() {
        return kind;
    }

    /** The top-level string {@code apiVersion}, or {@code null}. */
    String apiVersion() {
        return apiVersion;
    }

    /** Whether the object must take the ordinary way: a key appears twice in one of its mappings. */
    boolean unusual() {
        return unusual;
    }

    /** The tokens, for conversion; no locations. */
    JsonParser parser() throws IOException {
        JsonParser p = tokens.asParser();
        p.nextToken();
        return p;
    }

    /** The tokens with their original locations, positioned on the opening brace: for {@link TreeBuilder}. */
    JsonParser located() throws IOException {
        JsonParser p = new Located(tokens.asParser(), locations);
        p.nextToken();
        return p;
    }

    /**
     * Captures the object whose opening brace is the parser's current token, keying Pods ({@link #podKey()}) by their
     * spec and the annotations the predicate accepts; leaves the parser on its closing brace.
     */
    static CapturedObject capture(JsonParser p, java.util.function.Predicate<String> annotationRead)
            throws IOException {
        Capture c = new Capture(p, annotationRead);
        c.run();
        return new CapturedObject(c.buffer, Arrays.copyOf(c.locations, c.count), c.kind, c.apiVersion, c.unusual,
                c.podKey(), c.name, c.namespace);
    }

    /** The state of one capture. */
    private static final class Capture {
        private static final java.util.regex.Pattern TOKEN_VOLUME =
                java.util.regex.Pattern.compile("kube-api-access-[a-z0-9]{5}");

        private final JsonParser p;
        private final TokenBuffer buffer;
        private long[] locations = new long[256];
        private int count;
        // For every open container (index depth - 1): where it is (for pruning), whether it is a mapping, its keys so
        // far, and the key of the member it is the value of (null for elements of lists and the object itself).
        private TreeBuilder.Prune[] places = new TreeBuilder.Prune[16];
        private boolean[] mappings = new boolean[16];
        private String[][] keys = new String[16][];
        private int[] keyCounts = new int[16];
        private String[] openedBy = new String[16];
        private String kind;
        private String apiVersion;
        private String name;
        private String namespace;
        private boolean unusual;
        private int depth;
        // The pod key: the spec and the security annotations as read, less what no digest reads.
        private final StringBuilder key = new StringBuilder(1024);
        private int specDepth = -1;
        private int metadataDepth = -1;
        private int annotationsDepth = -1;
        private boolean specSeen;
        private boolean skipNext;
        private int skipDepth = -1;
        private boolean annotationNext;

        private final java.util.function.Predicate<String> annotationRead;

        Capture(JsonParser p, java.util.function.Predicate<String> annotationRead) {
            this.p = p;
            this.annotationRead = annotationRead;
            this.buffer = new TokenBuffer(p, null);
        }

        /** The key of a Pod whose kind came before its spec; {@code null} otherwise. */
        String podKey() {
            return specSeen && "Pod".equals(kind) && keyedKind ? key.toString() : null;
        }

        private boolean keyedKind;

        void run() throws IOException {
            String member = null;
            TreeBuilder.Prune memberPlace = TreeBuilder.Prune.ROOT;
            JsonToken t = p.currentToken();
            while (true) {
                if (t == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    TreeBuilder.Prune place = places[depth - 1].member(field);
                    if (place == null) {
                        p.nextToken();
                        p.skipChildren();
                        t = p.nextToken();
                        continue;
                    }
                    unusual |= !addKey(depth - 1, field);
                    member = field;
                    memberPlace = place;
                    keyName(field, places[depth - 1]);
                } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    boolean inMapping = depth > 0 && mappings[depth - 1];
                    TreeBuilder.Prune place = depth == 0 ? TreeBuilder.Prune.ROOT
                            : inMapping ? memberPlace : places[depth - 1].element();
                    String by = inMapping ? member : null;
                    if (depth == places.length) {
                        int n = depth * 2;
                        places = Arrays.copyOf(places, n);
                        mappings = Arrays.copyOf(mappings, n);
                        keys = Arrays.copyOf(keys, n);
                        keyCounts = Arrays.copyOf(keyCounts, n);
                        openedBy = Arrays.copyOf(openedBy, n);
                    }
                    places[depth] = place;
                    mappings[depth] = t == JsonToken.START_OBJECT;
                    keyCounts[depth] = 0;
                    openedBy[depth] = by;
                    depth++;
                    if (depth == 2 && t == JsonToken.START_OBJECT && "spec".equals(by)) {
                        specDepth = depth;
                        specSeen = true;
                        keyedKind = kind != null;
                    } else if (depth == 2 && "metadata".equals(by)) {
                        metadataDepth = depth;
                    } else if (depth == 3 && metadataDepth == 2 && "annotations".equals(by)) {
                        annotationsDepth = depth;
                    }
                    keyValue(t);
                    member = null;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    keyValue(t);
                    if (depth == specDepth) {
                        specDepth = -1;
                    } else if (depth == annotationsDepth) {
                        annotationsDepth = -1;
                    } else if (depth == metadataDepth) {
                        metadataDepth = -1;
                    }
                    depth--;
                    member = null;
                } else {
                    if (depth == 1 && t == JsonToken.VALUE_STRING && member != null) {
                        if (member.equals("kind")) {
                            kind = p.getText();
                        } else if (member.equals("apiVersion")) {
                            apiVersion = p.getText();
                        }
                    } else if (depth == 2 && depth == metadataDepth && t == JsonToken.VALUE_STRING) {
                        if ("name".equals(member)) {
                            name = p.getText();
                        } else if ("namespace".equals(member)) {
                            namespace = p.getText();
                        }
                    }
                    keyScalar(t, member);
                    member = null;
                }
                if (count == locations.length) {
                    locations = Arrays.copyOf(locations, count * 2);
                }
                locations[count++] = location(p);
                buffer.copyCurrentEvent(p);
                if (depth == 0) {
                    return;
                }
                t = p.nextToken();
                if (t == null) {
                    throw new IOException("unexpected end of input"); // the parser reports unclosed objects itself
                }
            }
        }

        /** Adds a key to the mapping at the index; false when it already has it. */
        private boolean addKey(int index, String field) {
            String[] seen = keys[index];
            int n = keyCounts[index];
            if (seen == null) {
                seen = new String[8];
                keys[index] = seen;
            }
            for (int i = 0; i < n; i++) {
                // Jackson hands out one String per distinct name of a parser, so most comparisons are by identity.
                if (seen[i] == field || seen[i].equals(field)) {
                    return false;
                }
            }
            if (n == seen.length) {
                seen = Arrays.copyOf(seen, n * 2);
                keys[index] = seen;
            }
            seen[n] = field;
            keyCounts[index] = n + 1;
            return true;
        }

        private boolean inSpec() {
            return specDepth > 0 && depth >= specDepth;
        }

        /** A member name, in the spec or among the annotations. */
        private void keyName(String field, TreeBuilder.Prune parent) {
            if (skipDepth >= 0) {
                return;
            }
            if (inSpec()) {
                // What no digest reads and differs from pod to pod of one template: the node, the host name, images.
                if ((depth == specDepth && (field.equals("nodeName") || field.equals("hostname")))
                        || (parent == TreeBuilder.Prune.CONTAINER && field.equals("image"))) {
                    skipNext = true;
                    return;
                }
                key.append('f').append(field).append('\u0000');
            } else if (depth == annotationsDepth && annotationRead.test(field)) {
                key.append('a').append(field).append('\u0000');
                annotationNext = true;
            }
        }

        /** The start or end of a container. */
        private void keyValue(JsonToken t) {
            boolean start = t.isStructStart();
            if (skipDepth >= 0) {
                if (!start && depth == skipDepth) {
                    skipDepth = -1;
                }
                return;
            }
            if (skipNext) {
                skipNext = false;
                if (start) {
                    skipDepth = depth;
                }
                return;
            }
            annotationNext = false;
            if (inSpec() || (!start && depth == specDepth)) {
                key.append(t == JsonToken.START_OBJECT ? '{' : t == JsonToken.END_OBJECT ? '}'
                        : t == JsonToken.START_ARRAY ? '[' : ']');
            }
        }

        private void keyScalar(JsonToken t, String field) throws IOException {
            if (skipDepth >= 0) {
                return;
            }
            if (skipNext) {
                skipNext = false;
                return;
            }
            if (annotationNext) {
                annotationNext = false;
                key.append(scalarCode(t)).append(p.getText()).append('\u0000');
                return;
            }
            if (!inSpec()) {
                return;
            }
            String text = p.getText();
            if (t == JsonToken.VALUE_STRING && "name".equals(field) && depth >= 2
                    && ("volumes".equals(openedBy[depth - 2]) || "volumeMounts".equals(openedBy[depth - 2]))
                    && TOKEN_VOLUME.matcher(text).matches()) {
                // The API server names the service account token volume of every pod differently.
                text = "kube-api-access-*";
            }
            key.append(scalarCode(t)).append(text).append('\u0000');
        }

        private static char scalarCode(JsonToken t) {
            return switch (t) {
                case VALUE_STRING -> 's';
                case VALUE_NUMBER_INT -> 'i';
                case VALUE_NUMBER_FLOAT -> 'd';
                case VALUE_TRUE, VALUE_FALSE -> 'b';
                case VALUE_NULL -> 'z';
                default -> 'o';
            };
        }
    }

    private static long location(JsonParser p) {
        // Jackson keeps a name's own start apart from the token position; for other tokens they are the same.
        if (p instanceof ParserBase base && p.currentToken() != JsonToken.FIELD_NAME) {
            return Locations.pack(base.getTokenLineNr(), base.getTokenColumnNr());
        }
        return Locations.of(p.currentTokenLocation());
    }

    /** Replays tokens reporting, for each, the location it was read at. */
    private static final class Located extends JsonParserDelegate {
        private final long[] locations;
        private int index = -1;

        Located(JsonParser tokens, long[] locations) {
            super(tokens);
            this.locations = locations;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = super.nextToken();
            if (t != null) {
                index++;
            }
            return t;
        }

        @Override
        public JsonParser skipChildren() throws IOException {
            JsonToken t = currentToken();
            if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
                return this;
            }
            int open = 1;
            while (open > 0) {
                JsonToken n = nextToken();
                if (n == null) {
                    return this;
                }
                if (n.isStructStart()) {
                    open++;
                } else if (n.isStructEnd()) {
                    open--;
                }
            }
            return this;
        }

        @Override
        public JsonLocation currentTokenLocation() {
            long l = index >= 0 && index < locations.length ? locations[index] : 0;
            return new JsonLocation(ContentReference.unknown(), -1L, Locations.line(l), Locations.column(l));
        }

        @Override
        public JsonLocation currentLocation() {
            return currentTokenLocation();
        }
    }
}
