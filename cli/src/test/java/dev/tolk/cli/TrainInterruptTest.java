package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.seq2seq.store.Checkpoint;
import dev.tolk.seq2seq.store.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C during training. A real {@code tolk train} process gets SIGINT (and another one SIGTERM): it finishes the
 * update, writes a checkpoint, prints one line naming it and exits 130; the checkpoint is a model and the run
 * resumes from it. A signal that the test's own process ignores (a build started as a background job of a script
 * ignores SIGINT, {@code nohup} SIGHUP) is ignored by the child too, and the JVM then leaves it ignored, as
 * {@code nohup tolk train} users expect: that case is skipped with the reason, not failed.
 */
class TrainInterruptTest {
    @TempDir
    Path dir;

    private List<String> args(Path modelDir, long maxSteps) {
        return List.of(
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
                "train.epochs=100000",
                "--set",
                "train.max_steps=" + maxSteps,
                "--set",
                "train.validate_every=1000000",
                "--set",
                "train.checkpoint_every=1000000",
                "--set",
                "train.threads=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void theSignalCheckpointsExits130AndTheRunResumes(String signal) throws Exception {
        assumeFalse(
                ignoredHere(signal),
                "SIG" + signal + " is ignored by this process (started in the background?), so by the child too");
        SyntheticCorpus.builder()
                .seed(4)
                .trainPairs(120)
                .validPairs(10)
                .testPairs(0)
                .build()
                .write(dir.resolve("data"));
        Path run = dir.resolve("run-" + signal);
        Path err = dir.resolve(signal + ".err");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tolk.cli.Tolk"));
        cmd.addAll(args(run, 100_000_000));
        Process p = new ProcessBuilder(cmd)
                .redirectError(err.toFile())
                .redirectOutput(dir.resolve(signal + ".out").toFile())
                .start();
        try {
            // wait until it trains (a status line every 50 updates)
            for (int i = 0; i < 600 && !Files.readString(err).contains(" step 50/"); i++) {
                assertTrue(p.isAlive(), Files.readString(err));
                Thread.sleep(100);
            }
            assertTrue(Files.readString(err).contains(" step 50/"), Files.readString(err));
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "stops after SIG" + signal);
        } finally {
            p.destroyForcibly();
        }
        String stderr = Files.readString(err);
        assertEquals(130, p.exitValue(), stderr);
        List<String> last = stderr.lines()
                .filter(l -> l.startsWith("tolk: interrupted at step "))
                .toList();
        assertEquals(1, last.size(), stderr);
        assertEquals("", Files.readString(dir.resolve(signal + ".out")), "no summary");
        Matcher m = Pattern.compile(
                        "tolk: interrupted at step (\\d+); checkpoint (\\S+); continue with: tolk train --resume "
                                + "--model-dir " + Pattern.quote(run.toString()))
                .matcher(last.get(0));
        assertTrue(m.matches(), last.get(0));
        long step = Long.parseLong(m.group(1));
        assertTrue(step >= 50, last.get(0));
        Path ckpt = Path.of(m.group(2));
        assertEquals(step, Checkpoint.read(ckpt).step());
        assertEquals(8, ModelFile.read(ckpt).config().model().hiddenSize(), "the checkpoint is a usable model");
        // --resume continues from it
        List<String> resume = new ArrayList<>(args(run, step + 2));
        resume.add("--resume");
        CliRunner.Result r = CliRunner.run(resume.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains((step + 2) + " updates"), r.out());
    }

    /**
     * Whether this process ignores the signal (Linux: the {@code SigIgn} mask of {@code /proc/self/status}; false
     * where that file does not exist). A child process inherits ignored signals.
     */
    private static boolean ignoredHere(String signal) throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        int number = signal.equals("INT") ? 2 : 15;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(
                        line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }
}
