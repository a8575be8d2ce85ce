package dev.psp2psa.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.Arrays;

/**
 * The capture of one object as {@link CapturedObject#capture} does it: the tokens and their locations, the kind,
 * API version, name and namespace, repeated keys, and the pod key.
 */
final class ObjectCapture {
    private static final String TOKEN_VOLUME = "kube-api-access-";

    /** The growing parts of a capture, kept per thread from one object to the next instead of grown anew each time. */
    private static final class Scratch {
        long[] locations = new long[1024];
        final StringBuilder key = new StringBuilder(4096);
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final JsonParser p;
    private final TokenBuffer buffer;
    private final Scratch scratch = SCRATCH.get();
    private long[] locations = scratch.locations;
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
    private final StringBuilder key = scratch.key;
    private int specDepth = -1;
    private int metadataDepth = -1;
    private int annotationsDepth = -1;
    private boolean specSeen;
    private boolean skipNext;
    private int skipDepth = -1;
    private boolean annotationNext;

    private final java.util.function.Predicate<String> annotationRead;
    private final Limits limits;
    private final String file;
    // Where the object starts (characters from the start of the input, and its place) and how many values it holds.
    private long start = -1;
    private long where;
    private long values;

    // Where the object's bytes are, when it is captured without its tokens (null: with them), and its last token.
    private final ByteSlices slices;
    private long firstByte = -1;

    /**
     * @param slices the file's bytes, to capture the object without its tokens and read them again from there only
     *     when they are needed; {@code null} to capture the tokens
     */
    ObjectCapture(JsonParser p, java.util.function.Predicate<String> annotationRead, Limits limits, String file,
            ByteSlices slices) {
        this.p = p;
        this.annotationRead = annotationRead;
        this.limits = limits;
        this.file = file;
        this.slices = slices;
        this.buffer = slices == null ? new TokenBuffer(p, null) : null;
        key.setLength(0);
    }

    /** Counts a value and fails when the object has grown past the limits, as {@link TreeBuilder} would. */
    private void checkLimits(JsonToken t) {
        long at = p instanceof ParserBase base ? base.getTokenCharacterOffset() : -1;
        if (start < 0) {
            start = at;
            if (slices != null) {
                firstByte = p.currentTokenLocation().getByteOffset();
            }
            where = location(p);
        }
        if (t != JsonToken.FIELD_NAME && !t.isStructEnd() && ++values > limits.maxObjectValues()) {
            throw new InputException(file, Locations.line(where), Locations.column(where), limits.tooManyValues());
        }
        if (start >= 0 && at - start > limits.maxObjectChars()) {
            throw new InputException(file, Locations.line(where), Locations.column(where), limits.objectTooLarge());
        }
    }

    /** The key of a Pod whose kind came before its spec; {@code null} otherwise. */
    String podKey() {
        return specSeen && "Pod".equals(kind) && keyedKind ? key.toString() : null;
    }

    private boolean keyedKind;
    // The member whose value comes next (null in lists), and where that value is.
    private String member;
    private TreeBuilder.Prune memberPlace = TreeBuilder.Prune.ROOT;

    /** Reads the object, leaving the parser on its closing brace. */
    CapturedObject run() throws IOException {
        JsonToken t = p.currentToken();
        while (true) {
            checkLimits(t);
            if (t == JsonToken.FIELD_NAME) {
                if (!fieldName()) {
                    p.nextToken();
                    p.skipChildren();
                    t = p.nextToken();
                    continue;
                }
            } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                open(t);
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                close(t);
            } else {
                scalar(t);
            }
            if (buffer != null) {
                if (count == locations.length) {
                    locations = Arrays.copyOf(locations, count * 2);
                    scratch.locations = locations;
                }
                locations[count++] = location(p);
                buffer.copyCurrentEvent(p);
            }
            if (depth == 0) {
                return captured();
            }
            t = p.nextToken();
            if (t == null) {
                throw new IOException("unexpected end of input"); // the parser reports unclosed objects itself
            }
        }
    }

    private CapturedObject captured() throws IOException {
        CapturedObject captured;
        if (buffer != null) {
            captured = new CapturedObject(buffer, Arrays.copyOf(locations, count), kind, apiVersion, unusual, podKey(),
                    name, namespace);
        } else {
            long from = firstByte;
            long to = p.currentTokenLocation().getByteOffset() + 1;
            if (from < 0 || to <= from) {
                throw new IOException("the object's bytes are not known"); // not a byte parser: read the exact way
            }
            captured = new CapturedObject(() -> slices.capture(from, to, annotationRead, limits, file), kind,
                    apiVersion, unusual, podKey(), name, namespace);
        }
        if (key.capacity() > (1 << 20) || locations.length > (1 << 16)) {
            SCRATCH.remove(); // an unusually large object: do not keep its buffers for the next ones
        }
        return captured;
    }

    /** A member name: false when nothing reads the member, which is then skipped unread. */
    private boolean fieldName() throws IOException {
        String field = p.currentName();
        TreeBuilder.Prune place = places[depth - 1].member(field);
        if (place == null) {
            return false;
        }
        unusual |= !addKey(depth - 1, field);
        member = field;
        memberPlace = place;
        keyName(field, places[depth - 1]);
        return true;
    }

    /** The start of a mapping or a list: one level deeper, noting the spec, the metadata and the annotations. */
    private void open(JsonToken t) {
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
    }

    /** The end of a mapping or a list: one level up. */
    private void close(JsonToken t) {
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
    }

    /** A scalar: the kind, API version, name and namespace are noted on the way. */
    private void scalar(JsonToken t) throws IOException {
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
            if (seen[i] == field || (seen[i].hashCode() == field.hashCode() && seen[i].equals(field))) {
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
        key.append(scalarCode(t));
        if (t == JsonToken.VALUE_STRING && "name".equals(field) && depth >= 2
                && ("volumes".equals(openedBy[depth - 2]) || "volumeMounts".equals(openedBy[depth - 2]))
                && isTokenVolume(p.getText())) {
            // The API server names the service account token volume of every pod differently.
            key.append("kube-api-access-*");
        } else {
            key.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        key.append('\u0000');
    }

    /** {@code kube-api-access-} and five lower-case letters or digits: the token volume's generated name. */
    static boolean isTokenVolume(String name) {
        if (name.length() != TOKEN_VOLUME.length() + 5 || !name.startsWith(TOKEN_VOLUME)) {
            return false;
        }
        for (int i = TOKEN_VOLUME.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
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

    private static long location(JsonParser p) {
        // Jackson keeps a name's own start apart from the token position. For other tokens the token position is
        // the token's location, but its column counts one more (Jackson 2.20): read without making a location.
        if (p instanceof ParserBase base && p.currentToken() != JsonToken.FIELD_NAME) {
            return Locations.pack(base.getTokenLineNr(), base.getTokenColumnNr() - 1);
        }
        return Locations.of(p.currentTokenLocation());
    }
}
