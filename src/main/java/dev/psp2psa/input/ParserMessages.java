package dev.psp2psa.input;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.Locale;

/** Parser messages as parts of psp2psa's one-sentence messages: one line, no Java names, nothing quoted from input. */
final class ParserMessages {

    private ParserMessages() {
    }

    /** What a parser limit that was hit means, as a sentence; {@code limits} says psp2psa's own. */
    static String constraint(StreamConstraintsException e, Limits limits) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.startsWith("String value length") || m.startsWith("Name length")) {
            return limits.valueTooLong();
        }
        if (m.startsWith("Number value length")) {
            return "a number is longer than the parser's limit of 1000 digits.";
        }
        if (m.startsWith("Document nesting depth")) {
            return "the document is nested more than " + InputLimits.MAX_DEPTH + " levels deep.";
        }
        int from = m.indexOf(" (from `");
        int cut = from < 0 ? m.indexOf(", from `") : from;
        return "the input exceeds a parser limit: " + sentence(cut < 0 ? m : m.substring(0, cut)) + ".";
    }

    /** The first line of a parser message, as the middle of a sentence. */
    static String sentence(String message) {
        String m = message == null || message.isBlank() ? "unknown problem" : message.strip();
        int newline = m.indexOf('\n');
        if (newline >= 0) {
            m = m.substring(0, newline).strip();
        }
        m = m.replace(". (", " (");
        while (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m.isEmpty() ? m : m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }

    /**
     * Jackson's JSON messages quote the token they choke on, which may be a piece of a Secret: keep the message,
     * drop anything longer than one quoted character.
     */
    static String sanitize(String message) {
        if (message == null) {
            return null;
        }
        String m = message;
        int cut = m.indexOf(" (start marker at");
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        cut = m.indexOf(" at [Source");
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        if (m.startsWith("Unrecognized token")) {
            return "unrecognized token (expected a string, a number, an array, an object, true, false or null)";
        }
        return m.replaceAll("'[^']{2,}'", "'...'").replaceAll("\"[^\"]{2,}\"", "\"...\"");
    }
}
