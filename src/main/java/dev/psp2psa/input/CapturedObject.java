package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    private CapturedObject(TokenBuffer tokens, long[] locations, String kind, String apiVersion, boolean unusual) {
        this.tokens = tokens;
        this.locations = locations;
        this.kind = kind;
        this.apiVersion = apiVersion;
        this.unusual = unusual;
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
     * Captures the object whose opening brace is the parser's current token; leaves the parser on its closing brace.
     */
    static CapturedObject capture(JsonParser p) throws IOException {
        TokenBuffer buffer = new TokenBuffer(p, null);
        long[] locations = new long[256];
        int count = 0;
        // For every open container: where it is (for pruning), whether it is a mapping, and its keys so far.
        List<TreeBuilder.Prune> places = new ArrayList<>();
        List<Boolean> mappings = new ArrayList<>();
        List<List<String>> keys = new ArrayList<>();
        String kind = null;
        String apiVersion = null;
        String key = null;
        boolean unusual = false;
        TreeBuilder.Prune member = TreeBuilder.Prune.ROOT;
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                TreeBuilder.Prune place = places.get(depth - 1).member(name);
                if (place == null) {
                    p.nextToken();
                    p.skipChildren();
                    t = p.nextToken();
                    continue;
                }
                List<String> seen = keys.get(depth - 1);
                unusual |= seen.contains(name);
                seen.add(name);
                key = name;
                member = place;
            } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                TreeBuilder.Prune place = depth == 0 ? TreeBuilder.Prune.ROOT
                        : mappings.get(depth - 1) ? member : places.get(depth - 1).element();
                if (depth == places.size()) {
                    places.add(place);
                    mappings.add(t == JsonToken.START_OBJECT);
                    keys.add(new ArrayList<>());
                } else {
                    places.set(depth, place);
                    mappings.set(depth, t == JsonToken.START_OBJECT);
                    keys.get(depth).clear();
                }
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (depth == 1 && t == JsonToken.VALUE_STRING && key != null) {
                if (key.equals("kind")) {
                    kind = p.getText();
                } else if (key.equals("apiVersion")) {
                    apiVersion = p.getText();
                }
            }
            if (t != JsonToken.FIELD_NAME) {
                key = null;
            }
            if (count == locations.length) {
                locations = Arrays.copyOf(locations, count * 2);
            }
            locations[count++] = location(p);
            buffer.copyCurrentEvent(p);
            if (depth == 0) {
                break;
            }
            t = p.nextToken();
            if (t == null) {
                throw new IOException("unexpected end of input"); // the parser reports an unclosed object itself
            }
        }
        return new CapturedObject(buffer, Arrays.copyOf(locations, count), kind, apiVersion, unusual);
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
