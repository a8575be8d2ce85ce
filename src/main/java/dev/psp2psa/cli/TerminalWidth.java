package dev.psp2psa.cli;

import dev.psp2psa.report.TextTable;
import java.util.Map;

/**
 * The width terminal tables fit: {@code COLUMNS} when it holds a width of at least {@link #MIN} columns (as shells
 * export it), else {@link TextTable#WIDTH}. Only the wrapped columns follow it; rows are never cut.
 */
final class TerminalWidth {

    /** Narrower than this, no table stays readable: a smaller {@code COLUMNS} is taken as this. */
    static final int MIN = 60;

    private TerminalWidth() {
    }

    static int of(Map<String, String> env) {
        String columns = env.get("COLUMNS");
        if (columns == null || !columns.trim().matches("[0-9]{1,5}")) {
            return TextTable.WIDTH;
        }
        return Math.max(MIN, Integer.parseInt(columns.trim()));
    }

    /** The width for a command: from the environment psp2psa runs in (the one {@link Cli#create} was given). */
    static int of(picocli.CommandLine.Model.CommandSpec spec) {
        return of(((RootCommand) spec.root().userObject()).environment());
    }
}
