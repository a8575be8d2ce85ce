package dev.psp2psa.input;

/**
 * The limits on what psp2psa reads, in one place (the README's "Input" section says them): far above what real
 * manifests reach (the API server stores no object larger than etcd's 1.5 MiB request limit), low enough that a huge or
 * hostile input is one line of error, not an OutOfMemoryError, under {@code -Xmx512m}. Lengths of text are counted in
 * characters (bytes, for the ASCII text of manifests).
 */
public final class InputLimits {

    /** Largest input (a file, a pipe or stdin): a {@code kubectl get pods -A -o json} of 200,000 pods is 1.1 GB. */
    public static final long MAX_INPUT_BYTES = 4L * 1024 * 1024 * 1024;

    /**
     * Longest value or key (a string, a number; in YAML also a comment): 4 MiB, three times the largest value a cluster
     * can store (the base64 text of a 1 MiB Secret). Kept this low because the YAML parser takes time quadratic in the
     * length of one scalar: it reaches 4 MiB in seconds, 16 MiB in about a minute and a half.
     */
    public static final int MAX_VALUE_CHARS = 4 * 1024 * 1024;

    /** Largest object (a document, or an item of a List, which is read on its own): 64 MiB of text. */
    public static final long MAX_OBJECT_CHARS = 64L * 1024 * 1024;

    /** Most values (scalars, mappings and lists) in one object, as read. */
    public static final long MAX_OBJECT_VALUES = 1_000_000;

    /** Deepest nesting of mappings and lists in a document: deeper than any Kubernetes object. */
    public static final int MAX_DEPTH = 200;

    /** Most YAML aliases in one document. */
    public static final int MAX_YAML_ALIASES = 100;

    /** Most nodes that the YAML aliases of one document may stand for, all aliases together. */
    public static final long MAX_ALIAS_NODES = 100_000;

    private InputLimits() {
    }
}
