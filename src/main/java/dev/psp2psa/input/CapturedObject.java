package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;

/**
 * One JSON object (an item of a List) captured as its tokens, pruned as {@link TreeBuilder.Prune} says, with the line
 * and column of every token: the fast way in for the pods of a large {@code kubectl get -o json}. The tokens convert
 * straight to a typed object; only when that fails (or the object is unusual: no string kind or apiVersion, a key
 * twice) are they replayed, at their original places, through {@link TreeBuilder} and the ordinary conversion, which
 * then reports the problem exactly as for any other object.
 */
final class CapturedObject {

    /** Captures the object again, with its tokens: from where its bytes are. */
    interface Reload {
        CapturedObject load() throws IOException;
    }

    private final TokenBuffer tokens;
    private final long[] locations;
    private final Reload reload;
    private final String kind;
    private final String apiVersion;
    private final boolean unusual;
    private final String podKey;
    private final String name;
    private final String namespace;

    CapturedObject(TokenBuffer tokens, long[] locations, String kind, String apiVersion, boolean unusual,
            String podKey, String name, String namespace) {
        this(tokens, locations, null, kind, apiVersion, unusual, podKey, name, namespace);
    }

    /**
     * An object captured without its tokens, which {@code reload} reads again when they are needed (the first Pod of
     * its key, or anything else that is converted); it has no locations, so a replay fails with an {@link IOException}
     * (the fast way then gives the input to the exact way, see {@link FastJsonFile}).
     */
    CapturedObject(Reload reload, String kind, String apiVersion, boolean unusual, String podKey, String name,
            String namespace) {
        this(null, null, reload, kind, apiVersion, unusual, podKey, name, namespace);
    }

    private CapturedObject(TokenBuffer tokens, long[] locations, Reload reload, String kind, String apiVersion,
            boolean unusual, String podKey, String name, String namespace) {
        this.tokens = tokens;
        this.locations = locations;
        this.reload = reload;
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
        if (tokens == null) {
            return reload.load().parser();
        }
        JsonParser p = tokens.asParser();
        p.nextToken();
        return p;
    }

    /** The tokens with their original locations, positioned on the opening brace: for {@link TreeBuilder}. */
    JsonParser located() throws IOException {
        if (tokens == null) {
            throw new IOException("captured without its places: read the input the exact way");
        }
        JsonParser p = new Located(tokens.asParser(), locations);
        p.nextToken();
        return p;
    }

    /**
     * Captures the object whose opening brace is the parser's current token, keying Pods ({@link #podKey()}) by their
     * spec and the annotations the predicate accepts, within the limits on one object (else an {@link InputException}
     * in {@code file}); leaves the parser on its closing brace. With {@code slices} (the bytes of the file the parser
     * reads) the tokens are not kept but read again from the file when they are needed.
     */
    static CapturedObject capture(JsonParser p, java.util.function.Predicate<String> annotationRead, Limits limits,
            String file, ByteSlices slices) throws IOException {
        return new ObjectCapture(p, annotationRead, limits, file, slices).run();
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
