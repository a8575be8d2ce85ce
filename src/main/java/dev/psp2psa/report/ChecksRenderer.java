package dev.psp2psa.report;

import dev.psp2psa.format.Json;
import dev.psp2psa.pss.Check;
import dev.psp2psa.pss.CheckRegistry;
import dev.psp2psa.pss.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the PSS check registry: a terminal table, JSON, and the Markdown of {@code docs/checks.md}. */
public final class ChecksRenderer {

    private ChecksRenderer() {
    }

    public static String table(CheckRegistry registry) {
        return table(registry, TextTable.WIDTH);
    }

    /**
     * The table within {@code width} columns: one row per check with its level, the versions it applies or changes at
     * (wrapped) and the baseline check it overrides, and under it, as a note, what it forbids.
     */
    public static String table(CheckRegistry registry, int width) {
        TextTable t = new TextTable("CHECK", "LEVEL", "VERSIONS", "OVERRIDES").fit(2, width).notes(width);
        for (Check c : registry.all()) {
            t.row(c.id(), c.level().id(), versions(c).replace(",", ", "), c.overrides().orElse("-"));
            t.note(c.description());
        }
        return t.render();
    }

    public static String json(CheckRegistry registry) {
        List<Object> checks = new ArrayList<>();
        for (Map<String, Object> m : model(registry)) {
            checks.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("newestVersion", Version.NEWEST.toString());
        root.put("checks", checks);
        return Json.write(root);
    }

    public static String markdown(CheckRegistry registry) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("checks", model(registry));
        model.put("newestVersion", Version.NEWEST.toString());
        return Templates.render("docs/checks.md.ftl", model);
    }

    private static List<Map<String, Object>> model(CheckRegistry registry) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Check c : registry.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("level", c.level().id());
            m.put("introduced", c.versions().get(0).toString());
            m.put("versions", c.versions().stream().map(Version::toString).toList());
            m.put("overrides", c.overrides().orElse(null));
            m.put("description", c.description());
            out.add(m);
        }
        return out;
    }

    private static String versions(Check c) {
        return String.join(",", c.versions().stream().map(Version::toString).toList());
    }
}
