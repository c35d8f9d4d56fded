package dev.tolk.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --quiet} and {@code --log-level} of the commands that train. The level is the SLF4J simple logger's
 * default level, so it must be applied ({@link #apply()}) before the first logger is created; a level set with
 * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} (e.g. in {@code TOLK_JAVA_OPTS}) holds unless an option here
 * is given.
 */
final class LogOptions {
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(
            names = "--quiet",
            description = "No progress and no log lines below warnings; only the result (and warnings and errors).")
    boolean quiet;

    @Option(
            names = "--log-level",
            paramLabel = "error|warn|info|debug|trace",
            description = "Log lines shown on standard error (default: info, or TOLK_JAVA_OPTS' setting).")
    String level;

    /**
     * Sets the log level for this process.
     *
     * @throws UsageException when the level is not one of the five, or goes against --quiet
     */
    void apply() {
        if (level != null) {
            String l = level.toLowerCase(Locale.ROOT);
            if (!l.matches("error|warn|info|debug|trace")) {
                throw new UsageException("--log-level must be error, warn, info, debug or trace, got '" + level + "'");
            }
            if (quiet && !l.equals("error") && !l.equals("warn")) {
                throw new UsageException("--quiet shows warnings and errors only; it cannot go with --log-level " + l);
            }
            System.setProperty(LEVEL_PROPERTY, l);
        } else if (quiet) {
            System.setProperty(LEVEL_PROPERTY, "warn");
        }
    }
}
