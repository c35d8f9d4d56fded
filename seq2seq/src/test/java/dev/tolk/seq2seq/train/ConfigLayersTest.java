package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tolk.seq2seq.config.ConfigException;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLayersTest {
    @TempDir
    Path dir;

    @Test
    void fileThenOverridesThenCorpusPaths() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), "train:\n  lr: 0.01\n  seed: 5\ndata:\n  train: a.csv\n");
        Seq2SeqConfig c = new ConfigLayers(file, List.of("train.lr=0.02", "data.valid=v.csv"), null, Path.of("w.csv"))
                .apply(Seq2SeqConfig.DEFAULTS, false, dir);
        assertEquals(0.02, c.train().lr(), 0.0, "an override beats the file");
        assertEquals(5, c.train().seed(), "the file beats the base");
        assertEquals("a.csv", c.data().train(), "kept when no path is given");
        assertEquals("w.csv", c.data().valid(), "the corpus path beats an override");
        Seq2SeqConfig base = Seq2SeqConfig.DEFAULTS.withOverride("train.seed=9");
        assertEquals(
                9,
                new ConfigLayers(null, List.of(), Path.of("t.csv"), null)
                        .apply(base, false, dir)
                        .train()
                        .seed());
    }

    @Test
    void aResumedRunWithoutAFileReadsItsSavedConfiguration() throws Exception {
        Files.writeString(dir.resolve(Trainer.CONFIG_FILE), "train:\n  seed: 77\n");
        ConfigLayers none = new ConfigLayers(null, List.of(), null, null);
        assertEquals(77, none.apply(Seq2SeqConfig.DEFAULTS, true, dir).train().seed());
        assertEquals(
                Seq2SeqConfig.DEFAULTS.train().seed(),
                none.apply(Seq2SeqConfig.DEFAULTS, false, dir).train().seed(),
                "a new run ignores it");
        Path file = Files.writeString(dir.resolve("other.yaml"), "train:\n  seed: 3\n");
        assertEquals(
                3,
                new ConfigLayers(file, List.of(), null, null)
                        .apply(Seq2SeqConfig.DEFAULTS, true, dir)
                        .train()
                        .seed(),
                "a file given wins");
        assertEquals(
                Seq2SeqConfig.DEFAULTS.train().seed(),
                none.apply(Seq2SeqConfig.DEFAULTS, true, dir.resolve("empty"))
                        .train()
                        .seed(),
                "nothing saved: the base");
    }

    @Test
    void anInvalidOverrideIsAConfigExceptionNamingTheKey() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> new ConfigLayers(null, List.of("train.nope=1"), null, null)
                        .apply(Seq2SeqConfig.DEFAULTS, false, dir));
        assertEquals(true, e.getMessage().contains("train.nope"), e.getMessage());
    }
}
