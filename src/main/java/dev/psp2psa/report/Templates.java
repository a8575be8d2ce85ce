package dev.psp2psa.report;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * Renders human-facing documents from the FreeMarker templates packaged from the repository's
 * {@code templates/} folder. Output always uses LF line endings.
 */
public final class Templates {

    private static final Configuration BUNDLED = configure();

    private Templates() {
    }

    private static Configuration configure() {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setClassForTemplateLoading(Templates.class, "/templates");
        cfg.setDefaultEncoding("UTF-8");
        cfg.setLocale(Locale.ROOT);
        cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
        cfg.setNumberFormat("computer");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        return cfg;
    }

    /** Renders the named template (relative to {@code templates/}) with the given model. */
    public static String render(String name, Map<String, ?> model) {
        StringWriter out = new StringWriter();
        try {
            render(name, model, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render template " + name, e);
        }
        return out.toString();
    }

    /**
     * Renders the named template into {@code out} as it goes, with the same characters as {@link #render(String,
     * Map)}; the writer is flushed, not closed. An {@link IOException} is the writer's.
     */
    public static void render(String name, Map<String, ?> model, java.io.Writer out) throws IOException {
        Template t;
        try {
            t = BUNDLED.getTemplate(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + name, e);
        }
        // Documents for people: LF only, and control characters from input data are shown escaped, never raw.
        dev.psp2psa.format.LfWriter safe = new dev.psp2psa.format.LfWriter(out, true);
        try {
            t.process(model, safe);
        } catch (TemplateException e) {
            throw new IllegalStateException("template " + name + " failed: " + e.getMessage(), e);
        }
        safe.finish();
    }
}
