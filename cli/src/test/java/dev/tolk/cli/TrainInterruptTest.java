package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: Ctrl-C during training. A real {@code tolk train} process gets SIGINT (then another gets SIGTERM): it
 * finishes the update, writes a checkpoint, prints one line naming it and exits 130; the checkpoint is a model and
 * the run resumes from it.
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

    @Test
    void sigintAndSigtermCheckpointAndExit130AndTheRunResumes() throws Exception {
        SyntheticCorpus.builder()
                .seed(4)
                .trainPairs(120)
                .validPairs(10)
                .testPairs(0)
                .build()
                .write(dir.resolve("data"));
        for (String signal : List.of("INT", "TERM")) {
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
    }
}
