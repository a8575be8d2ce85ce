package dev.psp2psa.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pictures of the HTML report as inline SVG: the geometry is computed here (bar lengths proportional to the
 * counts), every text is escaped here, and the template only places the finished {@code <svg>} elements. Each picture
 * says what it shows in words too (a {@code <title>}, an {@code aria-label} and the counts as text), so it reads
 * without colour and without a screen. Pure functions: the same counts give the same bytes.
 */
public final class ReportCharts {

    /** The levels of the before/after picture, loosest first; {@code none}: no PSP was usable. */
    public static final List<String> LEVELS = List.of("privileged", "baseline", "restricted", "none");

    /** The width of the longest bar of the before/after picture, in SVG units. */
    static final double LEVEL_BAR = 200;

    /** The width of the longest bar of a namespace's picture, in SVG units. */
    static final double WORK_BAR = 96;

    private static final double PANEL = 330;
    private static final double LABEL = 84;
    private static final double ROW = 24;
    private static final double TOP = 26;
    private static final double WORK_ROW = 13;

    private ReportCharts() {
    }

    /** One bar of a picture: what it counts, how many, and where it starts and how long it is. */
    public record Bar(String label, int count, double x, double y, double width) {
    }

    /** The length of a bar for {@code count} when {@code max} gets {@code full}: proportional, 0 for nothing. */
    static double length(int count, int max, double full) {
        if (count < 0 || max < 0 || count > max) {
            throw new IllegalArgumentException("count " + count + " out of 0.." + max);
        }
        return max == 0 ? 0 : full * count / max;
    }

    /** The levels shown: all four when some namespace had no usable PSP, else without {@code none}. */
    static List<String> levelsShown(Map<String, Integer> before, Map<String, Integer> after) {
        return count(before, "none") + count(after, "none") > 0 ? LEVELS : LEVELS.subList(0, 3);
    }

    private static int count(Map<String, Integer> counts, String level) {
        return counts.getOrDefault(level, 0);
    }

    /**
     * The bars of the before/after picture: for each level shown, the namespaces at that policy level (before, left
     * panel) and at that recommended enforce level (after, right panel), all on one scale.
     */
    static List<Bar> levelBars(Map<String, Integer> before, Map<String, Integer> after) {
        List<String> shown = levelsShown(before, after);
        int max = 0;
        for (String l : shown) {
            max = Math.max(max, Math.max(count(before, l), count(after, l)));
        }
        List<Bar> bars = new ArrayList<>();
        for (int panel = 0; panel < 2; panel++) {
            Map<String, Integer> counts = panel == 0 ? before : after;
            for (int i = 0; i < shown.size(); i++) {
                String l = shown.get(i);
                bars.add(new Bar(l, count(counts, l), panel * PANEL + LABEL, TOP + i * ROW,
                        length(count(counts, l), max, LEVEL_BAR)));
            }
        }
        return bars;
    }

    /**
     * The namespaces by level before the migration (the policy level the usable PSPs gave each) and after it (the
     * recommended enforce level), as two panels of horizontal bars with the counts written next to them.
     */
    public static String levels(Map<String, Integer> before, Map<String, Integer> after) {
        List<String> shown = levelsShown(before, after);
        String words = "Namespaces by level. Before, the PSP policy level: " + counts(before, shown)
                + ". After, the recommended enforce level: " + counts(after, shown) + ".";
        double height = TOP + shown.size() * ROW;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart levels\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(num(2 * PANEL)).append(' ').append(num(height)).append("\" role=\"img\" aria-label=\"")
                .append(escape(words)).append("\">\n<title>").append(escape(words)).append("</title>\n");
        svg.append("<text x=\"0\" y=\"14\" class=\"heading\">Before: PSP policy level</text>\n");
        svg.append("<text x=\"").append(num(PANEL)).append("\" y=\"14\" class=\"heading\">After: enforce level")
                .append("</text>\n");
        for (Bar b : levelBars(before, after)) {
            double labelX = b.x() - LABEL;
            double baseline = b.y() + 13;
            svg.append("<text x=\"").append(num(labelX)).append("\" y=\"").append(num(baseline)).append("\">")
                    .append(escape(b.label())).append("</text>");
            if (b.count() > 0) {
                svg.append("<rect class=\"bar-").append(escape(b.label())).append("\" x=\"").append(num(b.x()))
                        .append("\" y=\"").append(num(b.y())).append("\" width=\"").append(num(b.width()))
                        .append("\" height=\"18\"/>");
            }
            svg.append("<text x=\"").append(num(b.x() + b.width() + 5)).append("\" y=\"").append(num(baseline))
                    .append("\" class=\"count\">").append(b.count()).append("</text>\n");
        }
        return svg.append("</svg>").toString();
    }

    private static String counts(Map<String, Integer> counts, List<String> shown) {
        List<String> parts = new ArrayList<>();
        for (String l : shown) {
            parts.add(count(counts, l) + " " + l);
        }
        return String.join(", ", parts);
    }

    /**
     * The bars of one namespace's picture, tightenings, gaps and fields to add from top to bottom, on the scale where
     * {@code max} (the largest of these counts over all namespaces of the report) gets the full width.
     */
    static List<Bar> workBars(int tightenings, int gaps, int fields, int max) {
        int[] counts = {tightenings, gaps, fields};
        String[] labels = {"tightenings", "gaps", "fields to add"};
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bars.add(new Bar(labels[i], counts[i], 0, i * WORK_ROW, length(counts[i], max, WORK_BAR)));
        }
        return bars;
    }

    /**
     * One namespace's tightenings, gaps and fields to add as three short bars with their counts, for a row of the
     * namespace table; {@code max} is the largest of these counts over all namespaces, so rows compare.
     */
    public static String work(String namespace, int tightenings, int gaps, int fields, int max) {
        String words = namespace + ": " + tightenings + (tightenings == 1 ? " tightening, " : " tightenings, ") + gaps
                + (gaps == 1 ? " gap, " : " gaps, ") + fields + (fields == 1 ? " field" : " fields") + " to add.";
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart work\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(num(WORK_BAR + 24)).append(' ').append(num(3 * WORK_ROW - 2)).append("\" role=\"img\" ")
                .append("aria-label=\"").append(escape(words)).append("\"><title>").append(escape(words))
                .append("</title>");
        String[] classes = {"bar-tightenings", "bar-gaps", "bar-fields"};
        List<Bar> bars = workBars(tightenings, gaps, fields, max);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            if (b.count() > 0) {
                svg.append("<rect class=\"").append(classes[i]).append("\" x=\"0\" y=\"").append(num(b.y()))
                        .append("\" width=\"").append(num(b.width())).append("\" height=\"").append(num(WORK_ROW - 2))
                        .append("\"/>");
            }
            svg.append("<text x=\"").append(num(b.width() + 3)).append("\" y=\"").append(num(b.y() + 9.5))
                    .append("\">").append(b.count()).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    /** A length as SVG writes it: at most one decimal, no trailing zeros, no exponent, locale-independent. */
    static String num(double v) {
        return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** Text and attribute values escaped for HTML and SVG alike. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
