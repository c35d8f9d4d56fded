/**
 * The {@code tolk} command line: one picocli command with a subcommand per task. This is the only module that
 * writes to standard output and standard error; the library modules report through return values, exceptions
 * and SLF4J.
 */
package dev.tolk.cli;
