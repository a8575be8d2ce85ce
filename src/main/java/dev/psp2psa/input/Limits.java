package dev.psp2psa.input;

/**
 * The limits one read enforces while it parses (defaults: {@link InputLimits}), and how their messages say them.
 *
 * @param maxAliases      most YAML aliases in one document
 * @param maxAliasNodes   most nodes the YAML aliases of one document stand for
 * @param maxValueChars   longest value or key
 * @param maxObjectChars  largest object (a document, or an item of a List), in characters
 * @param maxObjectValues most values in one object
 */
public record Limits(int maxAliases, long maxAliasNodes, int maxValueChars, long maxObjectChars,
        long maxObjectValues) {

    public static Limits defaults() {
        return new Limits(InputLimits.MAX_YAML_ALIASES, InputLimits.MAX_ALIAS_NODES, InputLimits.MAX_VALUE_CHARS,
                InputLimits.MAX_OBJECT_CHARS, InputLimits.MAX_OBJECT_VALUES);
    }

    String valueTooLong() {
        return "a value is longer than the limit of " + LimitedInputStream.bytes(maxValueChars) + " per value.";
    }

    String objectTooLarge() {
        return "the object is larger than the limit of " + LimitedInputStream.bytes(maxObjectChars) + " per object.";
    }

    String tooManyValues() {
        return String.format(java.util.Locale.ROOT, "the object holds more than %,d values, the limit per object.",
                maxObjectValues);
    }
}
