package dev.psp2psa.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pictures of the HTML report: lengths proportional to the counts, zero as no bar, every text escaped. */
class ReportChartsTest {

    private static final double EPS = 1e-9;

    @Test
    void barLengthsAreProportionalToTheCounts() {
        List<ReportCharts.Bar> bars = ReportCharts.levelBars(Map.of("privileged", 6, "baseline", 3),
                Map.of("privileged", 2, "baseline", 4, "restricted", 3));
        // The largest count of both panels gets the full length, every other bar its share of it.
        assertEquals(6, bars.size(), "three levels a side without none");
        assertEquals(ReportCharts.LEVEL_BAR, bar(bars, 0, "privileged").width(), EPS);
        assertEquals(ReportCharts.LEVEL_BAR / 2, bar(bars, 0, "baseline").width(), EPS);
        assertEquals(0, bar(bars, 0, "restricted").width(), EPS);
        assertEquals(ReportCharts.LEVEL_BAR * 2 / 6, bar(bars, 1, "privileged").width(), EPS);
        assertEquals(ReportCharts.LEVEL_BAR * 4 / 6, bar(bars, 1, "baseline").width(), EPS);
        assertEquals(ReportCharts.LEVEL_BAR * 3 / 6, bar(bars, 1, "restricted").width(), EPS);
        for (ReportCharts.Bar b : bars) {
            assertEquals(b.count() / 6.0, b.width() / ReportCharts.LEVEL_BAR, EPS, b.toString());
        }
        // The after panel starts to the right of the before panel, on the same rows.
        assertTrue(bar(bars, 1, "privileged").x() > bar(bars, 0, "privileged").x() + ReportCharts.LEVEL_BAR);
        assertEquals(bar(bars, 0, "baseline").y(), bar(bars, 1, "baseline").y(), EPS);
    }

    @Test
    void noneIsShownOnlyWhenSomeNamespaceHadNoUsablePsp() {
        assertEquals(List.of("privileged", "baseline", "restricted"),
                ReportCharts.levelsShown(Map.of("baseline", 1), Map.of("restricted", 1)));
        assertEquals(ReportCharts.LEVELS, ReportCharts.levelsShown(Map.of("none", 1), Map.of("restricted", 1)));
        String svg = ReportCharts.levels(Map.of("none", 2), Map.of("restricted", 2));
        assertTrue(svg.contains(">none</text>"), svg);
        assertTrue(svg.contains("Before, the PSP policy level: 0 privileged, 0 baseline, 0 restricted, 2 none."), svg);
    }

    @Test
    void zeroCountsDrawNoBarButStillSayZero() {
        String svg = ReportCharts.levels(Map.of(), Map.of());
        assertFalse(svg.contains("<rect"), "no namespace, no bar: " + svg);
        assertEquals(6, count(svg, ">0</text>"), svg);
        assertEquals(0, ReportCharts.length(0, 0, 100), EPS);
        String work = ReportCharts.work("quiet", 0, 0, 0, 0);
        assertFalse(work.contains("<rect"), work);
        assertTrue(work.contains("aria-label=\"quiet: 0 tightenings, 0 gaps, 0 fields to add.\""), work);
        assertThrows(IllegalArgumentException.class, () -> ReportCharts.length(3, 2, 100));
    }

    @Test
    void oneNamespaceFillsTheWidthWithItsLargestCount() {
        String svg = ReportCharts.levels(Map.of("privileged", 1), Map.of("baseline", 1));
        assertEquals(List.of(ReportCharts.num(ReportCharts.LEVEL_BAR), ReportCharts.num(ReportCharts.LEVEL_BAR)),
                rectWidths(svg));
        List<ReportCharts.Bar> work = ReportCharts.workBars(4, 1, 2, 4);
        assertEquals(ReportCharts.WORK_BAR, work.get(0).width(), EPS);
        assertEquals(ReportCharts.WORK_BAR / 4, work.get(1).width(), EPS);
        assertEquals(ReportCharts.WORK_BAR / 2, work.get(2).width(), EPS);
        assertEquals(List.of("tightenings", "gaps", "fields to add"), work.stream().map(ReportCharts.Bar::label)
                .toList());
        assertEquals(List.of("96", "24", "48"), rectWidths(ReportCharts.work("a", 4, 1, 2, 4)));
    }

    @Test
    void manyNamespacesShareOneScale() {
        // 5,000 namespaces: the bars still fit, and a namespace's bar does not depend on the others' sizes beyond
        // the common maximum.
        String svg = ReportCharts.levels(Map.of("privileged", 4000, "baseline", 999, "restricted", 1),
                Map.of("privileged", 1, "baseline", 2000, "restricted", 2999));
        assertEquals(List.of("200", "50", "0.1", "0.1", "100", "150"), rectWidths(svg));
        assertTrue(svg.contains(">4000</text>") && svg.contains(">2999</text>"), svg);
        String small = ReportCharts.work("a", 3, 0, 1, 300);
        String large = ReportCharts.work("b", 300, 0, 0, 300);
        assertEquals(List.of("1", "0.3"), rectWidths(small));
        assertEquals(List.of("96"), rectWidths(large));
    }

    @Test
    void namesAreEscaped() {
        String svg = ReportCharts.work("<script>alert(\"x\")</script>&'", 1, 1, 1, 1);
        assertFalse(svg.contains("<script>"), svg);
        assertTrue(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;: 1 tightening, 1 gap, "
                + "1 field to add."), svg);
    }

    @Test
    void eachPictureSaysInWordsWhatItShows() {
        String svg = ReportCharts.levels(Map.of("privileged", 6), Map.of("privileged", 4, "baseline", 2));
        String words = "Namespaces by level. Before, the PSP policy level: 6 privileged, 0 baseline, 0 restricted. "
                + "After, the recommended enforce level: 4 privileged, 2 baseline, 0 restricted.";
        assertTrue(svg.startsWith("<svg class=\"chart levels\""), svg);
        assertTrue(svg.contains("role=\"img\" aria-label=\"" + words + "\""), svg);
        assertTrue(svg.contains("<title>" + words + "</title>"), svg);
        for (String label : List.of(">privileged</text>", ">baseline</text>", ">restricted</text>", ">6</text>",
                ">4</text>", ">2</text>", "Before: PSP policy level", "After: enforce level")) {
            assertTrue(svg.contains(label), label);
        }
        assertEquals(svg, ReportCharts.levels(Map.of("privileged", 6), Map.of("baseline", 2, "privileged", 4)),
                "the same counts give the same bytes");
    }

    @Test
    void lengthsAreWrittenWithoutExponentsOrLocale() {
        assertEquals("200", ReportCharts.num(200));
        assertEquals("0", ReportCharts.num(0));
        assertEquals("66.7", ReportCharts.num(200.0 / 3));
        assertEquals("0.1", ReportCharts.num(0.05));
    }

    private static ReportCharts.Bar bar(List<ReportCharts.Bar> bars, int panel, String level) {
        List<ReportCharts.Bar> of = bars.stream().filter(b -> b.label().equals(level)).toList();
        return of.get(panel);
    }

    private static List<String> rectWidths(String svg) {
        Matcher m = Pattern.compile("<rect [^>]*width=\"([0-9.]+)\"").matcher(svg);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
