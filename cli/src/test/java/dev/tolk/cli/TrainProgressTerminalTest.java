package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tolk.data.synthetic.SyntheticCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the progress bar in a real pseudo-terminal ({@code script(1)} from util-linux gives the child a pty).
 * "Terminal" is decided from standard error: with stdout redirected the bar still shows, with stderr redirected none
 * does; log lines and validations are printed above the bar, each once, with time stamps. Skipped where
 * {@code script} is missing.
 */
class TrainProgressTerminalTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void corpus() {
        SyntheticCorpus.builder()
                .seed(4)
                .trainPairs(120)
                .validPairs(10)
                .testPairs(0)
                .build()
                .write(dir.resolve("data"));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Runs tolk train under script(1) with {@code redirect} appended to the shell command; returns the pty's text. */
    private static String inPty(Path modelDir, String redirect) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tolk.cli.Tolk",
                "train",
                "--train",
                dir.resolve("data/train.csv").toString(),
                "--valid",
                dir.resolve("data/valid.csv").toString(),
                "--model-dir",
                modelDir.toString(),
                "--set",
                "data.tokenizer=word",
                "--set",
                "model.embedding_size=8",
                "--set",
                "model.hidden_size=8",
                "--set",
                "train.batch_tokens=300",
                "--set",
                "train.max_steps=4",
                "--set",
                "train.validate_every=2",
                "--set",
                "train.checkpoint_every=4",
                "--set",
                "train.threads=1"));
        String shell = cmd.stream().map(TrainProgressTerminalTest::quote).collect(Collectors.joining(" ")) + redirect;
        Path typescript = dir.resolve(modelDir.getFileName() + ".pty");
        Process p = new ProcessBuilder("/usr/bin/script", "-qefc", shell, "/dev/null")
                .redirectOutput(typescript.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finishes");
        String text = Files.readString(typescript, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    /** What a terminal shows: each line's text after its last carriage return, erase-line sequences dropped. */
    private static List<String> shown(String pty) {
        return pty.replace("\033[K", "")
                .replace("\r\n", "\n")
                .lines()
                .map(l -> l.substring(l.lastIndexOf('\r') + 1))
                .toList();
    }

    @Test
    void onATerminalStderrTheBarShowsAndEveryOtherLineIsPrintedAboveItOnce() throws Exception {
        Path out = dir.resolve("bar.out");
        String pty = inPty(dir.resolve("bar"), " > " + quote(out.toString()));
        assertTrue(pty.contains("\r\033[K"), "the bar is drawn in place: " + pty);
        List<String> shown = shown(pty);
        List<String> validations =
                shown.stream().filter(l -> l.contains("validation at step")).toList();
        assertEquals(2, validations.size(), pty);
        assertTrue(validations.get(0).matches("\\d\\d:\\d\\d:\\d\\d validation at step 2: ppl .*"), validations.get(0));
        assertTrue(validations.get(1).matches("\\d\\d:\\d\\d:\\d\\d validation at step 4: ppl .*"), validations.get(1));
        // log lines start their own line (not glued to the bar)
        List<String> logs = shown.stream().filter(l -> l.contains("dev.tolk.")).toList();
        assertFalse(logs.isEmpty(), pty);
        for (String l : logs) {
            assertTrue(l.matches("^(\\[main\\] )?\\[?INFO\\]? .*|^\\d.*INFO.*"), "a log line on its own: " + l);
        }
        assertEquals(
                1,
                shown.stream()
                        .filter(l -> l.contains("training stopped at step 4"))
                        .count(),
                pty);
        String bar = shown.stream()
                .filter(l -> l.startsWith("train "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no bar: " + pty));
        assertTrue(bar.contains("4/4"), bar);
        assertTrue(bar.contains("loss "), bar);
        // standard output, redirected, has the summary and no bar
        String summary = Files.readString(out);
        assertTrue(summary.contains("best validation: ppl"), summary);
        assertFalse(summary.contains("\r"), summary);
    }

    @Test
    void withStderrRedirectedThereIsNoBarAndNoCarriageReturn() throws Exception {
        Path err = dir.resolve("lines.err");
        String pty = inPty(dir.resolve("lines"), " 2> " + quote(err.toString()));
        String log = Files.readString(err);
        assertFalse(log.contains("\r"), log);
        assertEquals(
                2, log.lines().filter(l -> l.contains("validation at step")).count(), log);
        assertTrue(pty.contains("best validation: ppl"), "the summary on the terminal's stdout: " + pty);
    }
}
