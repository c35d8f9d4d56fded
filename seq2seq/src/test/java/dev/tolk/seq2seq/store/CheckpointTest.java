package dev.tolk.seq2seq.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.data.batch.BatchPosition;
import dev.tolk.seq2seq.config.ConfigException;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    static Checkpoint sample(long step) throws IOException {
        return new Checkpoint(
                Seq2SeqConfig.DEFAULTS.withOverride("train.seed=3"),
                step,
                2,
                List.of(new NamedTensor("w", new int[] {2, 2}, new float[] {1, 2, 3, step})),
                List.of(
                        new NamedTensor("adam.m/w", new int[] {4}, new float[] {0.1f, 0.2f, 0.3f, 0.4f}),
                        new NamedTensor("adam.v/w", new int[] {4}, new float[] {1e-8f, 2e-8f, 3e-8f, 4e-8f})),
                step + 1,
                new ScheduleState(0.0005f, new double[] {0.25, Double.NaN, 3}),
                new BatchPosition(2, 17, 99, -1234567890123L),
                new RngState(3, Map.of("dropout", 123456789012L)),
                new TrainerState("adam", 12.25, step / 2, 1),
                new ModelMetadata(
                        ModelFileTest.sample().vocabularies(),
                        ModelFileTest.sample().tokenizer(),
                        ModelFileTest.sample().provenance()),
                List.of(new NamedTensor("w", new int[] {2, 2}, new float[] {0.5f, 1.5f, 2.5f, step - 1})));
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        Checkpoint c = sample(1500);
        Path f = dir.resolve("c.tolk");
        c.write(f);
        Checkpoint back = Checkpoint.read(f);
        assertEquals(c, back);
        assertEquals(1500, back.step());
        assertEquals(1501, back.optimizerStep());
        assertEquals(123456789012L, back.rng().counters().get("dropout"));
        assertEquals(0.0005f, back.schedule().learningRate());
        assertArrayEquals(new double[] {0.25, Double.NaN, 3}, back.schedule().state());
        assertEquals(17, back.dataPosition().batch());
        assertEquals(-1234567890123L, back.dataPosition().fingerprint());
        assertEquals(new TrainerState("adam", 12.25, 750, 1), back.trainerState());
        assertEquals(1501, back.optimizer().step());
        assertEquals(0.0005f, back.optimizer().learningRate());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, back.optimizer().array("adam.m/w"));
        assertEquals("adam.v/w", back.optimizerState().get(1).name());
        assertEquals(c.config().configHash(), back.configHash());
    }

    /**
     * Issue 15: files written before a configuration key existed stay readable. The stored hash is of the stored
     * configuration text (fewer keys), not of the configuration as read back with today's defaults filled in.
     */
    @Test
    void aFileWrittenWithFewerConfigurationKeysStaysReadable() throws Exception {
        Path f = dir.resolve("old.tolk");
        Checkpoint c = sample(10);
        c.write(f);
        TensorContainer.Contents contents = TensorContainer.read(f, Checkpoint.KIND);
        ObjectNode header = contents.header().deepCopy();
        header.remove(List.of("kind", "payload_bytes", "tensors"));
        ObjectNode older = (ObjectNode) header.get("config");
        assertTrue(((ObjectNode) older.get("train")).remove("ema_decay") != null);
        assertTrue(((ObjectNode) older.get("train")).remove("threads") != null);
        byte[] olderText = new ObjectMapper().writeValueAsBytes(older);
        header.put(
                "config_hash",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(olderText)));
        TensorContainer.write(f, Checkpoint.KIND, header, contents.tensors());

        Checkpoint back = Checkpoint.read(f);
        assertEquals(c.config(), back.config(), "the missing keys take their defaults");
        assertEquals(c.weights(), back.weights());
        assertEquals(List.of(), back.checkResumableWith(c.config()), "and it resumes under today's configuration");
        assertEquals(c.emaWeights(), ModelFile.read(f).weights(), "and is a usable model");

        // a hash that matches neither the stored text nor the configuration read back is still refused
        header.put("config_hash", "00".repeat(32));
        TensorContainer.write(f, Checkpoint.KIND, header, contents.tensors());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().contains("does not match the stored config"), e.getMessage());
    }

    @Test
    void resumeCheckNamesTheDifferences() throws IOException {
        Checkpoint c = sample(10);
        assertEquals(List.of(), c.checkResumableWith(c.config()));
        assertEquals(
                List.of("train.threads: 0 -> 1"),
                c.checkResumableWith(c.config().withOverride("train.threads=1")));
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> c.checkResumableWith(
                        c.config().withOverrides(List.of("model.hidden_size=64", "train.lr=0.01", "train.threads=2"))));
        assertEquals(
                "cannot resume from the checkpoint at step 10: the configuration differs in "
                        + "model.hidden_size: 256 -> 64, train.lr: 0.001 -> 0.01; restore the checkpoint's values, or start a "
                        + "new run from its weights with these settings: tolk train --init-from CHECKPOINT --model-dir "
                        + "NEW_DIR",
                e.getMessage());
        assertEquals("model.hidden_size", e.key());
    }

    @Test
    void retentionKeepsLatestNPlusBest() throws IOException {
        List<String> warnings = new ArrayList<>();
        CheckpointDirectory d = new CheckpointDirectory(dir.resolve("ckpts"), 2, warnings::add);
        assertEquals(Optional.empty(), d.loadLatest());
        for (long s = 100; s <= 500; s += 100) {
            d.save(sample(s), s == 200);
        }
        assertEquals(List.of(200L, 400L, 500L), d.steps());
        assertEquals(List.of(d.fileFor(400), d.fileFor(500)), d.latestFiles(2));
        assertEquals(List.of(d.fileFor(200), d.fileFor(400), d.fileFor(500)), d.latestFiles(9));
        assertEquals(List.of(), d.latestFiles(0));
        assertEquals(200, d.loadBest().orElseThrow().step());
        assertEquals(500, d.loadLatest().orElseThrow().step());
        d.save(sample(600), true);
        assertEquals(List.of(500L, 600L), d.steps());
        assertEquals(600, d.bestStep().getAsLong());
        assertEquals(List.of(), warnings);
    }

    @Test
    void corruptNewestIsSkippedWithAWarning() throws IOException {
        List<String> warnings = new ArrayList<>();
        CheckpointDirectory d = new CheckpointDirectory(dir, 5, warnings::add);
        d.save(sample(1), false);
        d.save(sample(2), false);
        Path newest = d.fileFor(2);
        byte[] b = Files.readAllBytes(newest);
        b[b.length - 6] ^= 0x10;
        Files.write(newest, b);
        assertEquals(1, d.loadLatest().orElseThrow().step());
        assertEquals(1, warnings.size());
        assertTrue(
                warnings.get(0).startsWith("skipping invalid checkpoint " + newest + ": corrupt: checksum mismatch"),
                warnings.get(0));
        Files.write(newest, new byte[0]);
        Files.write(d.fileFor(1), new byte[] {1, 2, 3});
        assertEquals(Optional.empty(), d.loadLatest());
    }
}
