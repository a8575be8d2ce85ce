package dev.psp2psa.cli;

import dev.psp2psa.emit.TreeWriter;
import dev.psp2psa.input.InputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The one factory of psp2psa's command line, used by {@code main} and by the tests. */
public final class Cli {

    private Cli() {
    }

    /**
     * The subcommands, in the order the help lists them. Each is built, and its annotations read by picocli, only when
     * a command line needs it: introspecting all seven costs every run about 20 ms (issue 17), while a run of one
     * command needs one (see {@link #needed}).
     */
    static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("analyze", AnalyzeCommand::new);
        m.put("convert", ConvertCommand::new);
        m.put("check", CheckCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("checks", ChecksCommand::new);
        m.put("rules", RulesCommand::new);
        m.put("completion", CompletionCommand::new);
        return Collections.unmodifiableMap(m);
    }

    /**
     * A command line for the process's own arguments, writing to its stdout and stderr: it holds only the subcommand
     * that {@code args} run (see {@link #needed}).
     */
    public static CommandLine create(String... args) {
        return create(new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                System.in, System.getenv(), needed(args));
    }

    /**
     * The subcommands a run of {@code args} needs: the one named by the first argument that is not the global
     * {@code --stacktrace}, or all of them when that argument is no subcommand (the root's help and version, an
     * unknown command with its suggestions, an {@code @file}) or is {@code completion}, which describes them all.
     * {@code --version} alone needs none. The command line then parses, helps and fails exactly as with all of them.
     */
    static Collection<String> needed(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return List.of();
        }
        for (String arg : args) {
            if (arg.equals("--stacktrace")) {
                continue;
            }
            return COMMANDS.containsKey(arg) && !arg.equals("completion") ? List.of(arg) : COMMANDS.keySet();
        }
        return COMMANDS.keySet();
    }

    /** A command line writing to the given writers and reading {@code -f -} from the given stream. */
    public static CommandLine create(PrintWriter out, PrintWriter err, java.io.InputStream stdin) {
        return create(out, err, stdin, System.getenv());
    }

    /** As {@link #create(PrintWriter, PrintWriter, java.io.InputStream)}, with the given environment variables. */
    public static CommandLine create(PrintWriter out, PrintWriter err, java.io.InputStream stdin,
            java.util.Map<String, String> environment) {
        return create(out, err, stdin, environment, COMMANDS.keySet());
    }

    /** A command line holding only the given subcommands (names from {@link #COMMANDS}). */
    static CommandLine create(PrintWriter out, PrintWriter err, java.io.InputStream stdin,
            Map<String, String> environment, Collection<String> commands) {
        CommandLine cl = new CommandLine(new RootCommand(stdin, environment));
        for (String name : commands) {
            cl.addSubcommand(name, COMMANDS.get(name).get());
        }
        // Input data reaches the terminal only with its control characters escaped.
        cl.setOut(SafePrintWriter.of(out));
        cl.setErr(SafePrintWriter.of(err));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(false);
        cl.setExitCodeExceptionMapper(Cli::exitCode);
        cl.setExecutionExceptionHandler(Cli::handleExecutionException);
        cl.setParameterExceptionHandler(Cli::handleParameterException);
        return cl;
    }

    /**
     * Runs the command line and returns its exit code, whatever happens: an error the JVM throws (out of memory, a
     * stack overflow) becomes one {@code error:} line and exit 4, never a stack trace and exit 1, which CI reads as
     * "findings" ({@code --fail-on}).
     */
    public static int run(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return fatal(cl, "psp2psa ran out of memory (a heap of " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB): give it more with PSP2PSA_JAVA_OPTS=-Xmx2g (java -Xmx2g -jar), or pass the input in "
                    + "parts.", e, args);
        } catch (StackOverflowError e) {
            return fatal(cl, "psp2psa ran out of stack (input nested too deeply?): give it more with "
                    + "PSP2PSA_JAVA_OPTS=-Xss8m, or report it.", e, args);
        } catch (RuntimeException | Error e) {
            return fatal(cl, "internal error: " + e + " (please report it; --stacktrace shows where).", e, args);
        }
    }

    private static int fatal(CommandLine cl, String message, Throwable t, String... args) {
        PrintWriter err = cl.getErr();
        err.println("error: " + message);
        if (java.util.Arrays.asList(args).contains("--stacktrace")) {
            t.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    private static int exitCode(Throwable t) {
        if (t instanceof InputException) {
            return ExitCodes.BAD_INPUT;
        }
        if (t instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.INTERNAL;
    }

    private static int handleExecutionException(
            Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean stackTrace = stackTraceRequested(parseResult);
        if (ex instanceof InputException ie) {
            err.println("error: " + ie.located());
        } else if (ex instanceof java.io.UncheckedIOException io) {
            err.println("error: " + io.getMessage() + (io.getMessage().endsWith(".") ? "" : "."));
            if (stackTrace) {
                io.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.BAD_INPUT;
        } else if (ex instanceof UsageException || ex instanceof TreeWriter.RefusedException) {
            err.println("error: " + ex.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        } else {
            err.println("error: internal error: " + ex + " (please report it; --stacktrace shows where).");
        }
        if (stackTrace) {
            StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            err.print(sw);
        }
        err.flush();
        return exitCode(ex);
    }

    private static boolean stackTraceRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        if (ex.getCause() instanceof UsageException bad) {
            // A bad option value (see OptionConverters): its sentence says what was expected.
            err.println("error: " + bad.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        String message = ex.getMessage();
        if (message != null && !message.endsWith(".")) {
            message = message + ".";
        }
        err.println("error: " + message);
        err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
