package dev.tolk.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs {@code tolk} in-process for tests, capturing standard output and error. Commands must write through
 * {@code spec.commandLine().getOut()/getErr()} (not {@code System.out}) so that this capture works; standard
 * input is taken from {@link #stdin} when the command reads {@code System.in} through {@link StdIo#in()}.
 */
public final class CliRunner {
    private CliRunner() {}

    /** Result of one run. */
    public record Result(int exit, String out, String err) {}

    /** Runs {@code tolk args...} with empty standard input. */
    public static Result run(String... args) {
        return runWithInput("", args);
    }

    /** Runs {@code tolk args...} with {@code stdin} as standard input. */
    public static Result runWithInput(String stdin, String... args) {
        CommandLine cl = Tolk.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int exit = StdIo.withInput(in, () -> cl.execute(args));
        return new Result(exit, out.toString(), err.toString());
    }
}
