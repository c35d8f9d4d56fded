package dev.tolk.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code tolk} command. Subcommands are registered here as they are implemented.
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_RUNTIME} runtime error (bad input file, failed
 * training, ...), {@value #EXIT_USAGE} usage error (unknown option, bad option value). User errors are printed
 * as one line on standard error (a misspelled command or option gets picocli's suggestions); the stack trace only
 * with {@code --verbose}.
 */
@Command(
        name = "tolk",
        mixinStandardHelpOptions = true,
        versionProvider = TolkVersion.class,
        sortOptions = false,
        description = "Neural machine translation with recurrent encoder-decoders.",
        footer = {"", "Run 'tolk COMMAND --help' for the options of a command."},
        subcommands = {
            // one line per command, added as each is implemented
            BenchCommand.class,
            QuickstartCommand.class,
            TrainCommand.class,
            TranslateCommand.class,
            RescoreCommand.class,
            AverageCommand.class,
            InfoCommand.class,
            ConfigCommand.class,
            ServeCommand.class,
            PlotCommand.class,
            EvalCommand.class,
            TokenizeCommand.class,
            VocabCommand.class,
            StatsCommand.class,
            StopwordsCommand.class,
            CorpusCommand.class,
            LmCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Tolk extends CommandGroup {

    /** Success. */
    public static final int EXIT_OK = 0;
    /** A runtime error: bad input data, an unreadable model, a failed run. */
    public static final int EXIT_RUNTIME = 1;
    /** A usage error: unknown command or option, or an option value out of range. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--verbose", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    /**
     * Builds the command line with Tolk's error handling: usage errors exit 2 with a one-line message, other
     * errors exit 1 with a one-line message (stack trace with {@code --verbose}).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Tolk());
        cl.setParameterExceptionHandler(Tolk::handleUsageError);
        cl.setExecutionExceptionHandler(Tolk::handleExecutionError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    private static int handleUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u
                && !u.getSuggestions().isEmpty()) {
            message += "; did you mean "
                    + String.join(
                            " or ",
                            u.getSuggestions()
                                    .subList(0, Math.min(3, u.getSuggestions().size()))) + "?";
        }
        err.println("tolk: " + ErrorMessages.abbreviate(message) + " (see '" + name + " --help')");
        err.flush();
        return EXIT_USAGE;
    }

    private static int handleExecutionError(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = isVerbose(parseResult);
        if (e instanceof CommandLine.ParameterException pe) {
            return handleUsageError(pe, new String[0]);
        }
        if (e instanceof UsageException) {
            err.println("tolk: " + ErrorMessages.abbreviate(e.getMessage()));
            err.flush();
            return EXIT_USAGE;
        }
        err.println("tolk: " + ErrorMessages.oneLine(e));
        if (verbose) {
            e.printStackTrace(err);
        } else if (ErrorMessages.isBug(e)) {
            err.println("(this looks like a bug in Tolk; run again with --verbose for the stack trace)");
        }
        err.flush();
        return EXIT_RUNTIME;
    }

    private static boolean isVerbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
