package dev.tolk.seq2seq.train;

import dev.tolk.seq2seq.config.ConfigException;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a training run's configuration above its base (the defaults, or a model's when fine-tuning), each
 * overriding the ones before: a configuration file (or, when resuming without one, the run's saved
 * {@value Trainer#CONFIG_FILE}), {@code section.key=value} overrides in order, then the corpus paths.
 *
 * @param file a YAML or JSON configuration file, or null
 * @param overrides {@code section.key=value} assignments
 * @param train the training corpus ({@code data.train}), or null to keep the layers' value
 * @param valid the validation corpus ({@code data.valid}), or null to keep the layers' value
 */
public record ConfigLayers(Path file, List<String> overrides, Path train, Path valid) {
    /** Copies the overrides. */
    public ConfigLayers {
        overrides = List.copyOf(overrides);
    }

    /**
     * The effective configuration.
     *
     * @param resume whether the run in {@code modelDir} is resumed: then, without a file, its saved configuration is
     *     the file layer
     * @throws ConfigException for an invalid file, key or value, with its location
     */
    public Seq2SeqConfig apply(Seq2SeqConfig base, boolean resume, Path modelDir) {
        List<String> all = new ArrayList<>(overrides);
        if (train != null) {
            all.add("data.train=" + train);
        }
        if (valid != null) {
            all.add("data.valid=" + valid);
        }
        Path f = file;
        if (f == null && resume && Files.exists(modelDir.resolve(Trainer.CONFIG_FILE))) {
            f = modelDir.resolve(Trainer.CONFIG_FILE);
        }
        return (f == null ? base : base.withFile(f)).withOverrides(all);
    }
}
