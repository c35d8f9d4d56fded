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

    /** Runs {@code tolk args...} with {@code stdin} as standard input, as if redirected from a file. */
    public static Result runWithInput(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false, new StringWriter(), args);
    }

    /**
     * Runs {@code tolk args...} with {@code in} as standard input, a pipe when {@code isStream}; standard output goes
     * to {@code out} as it is written (tests may watch it while the command runs).
     */
    public static Result run(InputStream in, boolean isStream, StringWriter out, String... args) {
        CommandLine cl = Tolk.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = StdIo.withInput(in, isStream, () -> cl.execute(args));
        return new Result(exit, out.toString(), err.toString());
    }
}
