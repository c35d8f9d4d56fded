package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TolkTest {

    /** Result of one in-process run of {@code tolk}. */
    record Run(int exit, String out, String err) {}

    // see CliRunner for the shared version used by command tests

    static Run run(String... args) {
        CommandLine cl = Tolk.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsCommandsAndExitsZero() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: tolk"), r.out());
        assertTrue(r.out().contains("Commands:"), r.out());
    }

    @Test
    void versionComesFromTheBuild() {
        Run r = run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("tolk " + TolkVersion.version()), r.out());
        assertTrue(TolkVersion.version().matches("\\d+\\.\\d+\\.\\d+.*"), TolkVersion.version());
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        Run r = run("--nonsense");
        assertEquals(2, r.exit());
        String first = r.err().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("tolk: ") && first.contains("--nonsense"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void missingCommandIsAUsageError() {
        Run r = run();
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Missing command"), r.err());
    }

    @Test
    void runtimeErrorMessagesAreOneLine() {
        assertEquals("no such file: x.csv", ErrorMessages.oneLine(new java.nio.file.NoSuchFileException("x.csv")));
        assertEquals("bad\tthing here", ErrorMessages.oneLine(new IllegalArgumentException("bad\tthing\nhere")));
        assertTrue(ErrorMessages.isBug(new NullPointerException("x")));
        assertTrue(!ErrorMessages.isBug(new IllegalArgumentException("x")));
    }

    @Test
    void completionScriptCoversCommandsAndOptions() {
        Run r = run("completion", "bash");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("complete -F _complete_tolk"), r.out().substring(0, 200));
        assertTrue(r.out().contains("translate") && r.out().contains("--beam"), "subcommands and their options");
        Run bad = run("completion", "fish");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("expected one of [bash, zsh]"), bad.err());
    }
}
