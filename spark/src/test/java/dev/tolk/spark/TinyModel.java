package dev.tolk.spark;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.data.synthetic.SyntheticCorpus;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.train.Trainer;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny attention GRU trained in seconds on the bundled synthetic corpus (as seq2seq's TrainerEndToEndTest does,
 * smaller): beam 3 by default, inputs over 40 tokens chunked, so the tests exercise beam search and chunking.
 */
final class TinyModel {
    private TinyModel() {}

    /** The corpus, written to {@code dir}. */
    static Split<SentencePair> corpus(Path dir) {
        return SyntheticCorpus.builder()
                .seed(11)
                .trainPairs(800)
                .validPairs(40)
                .testPairs(400)
                .build()
                .write(dir);
    }

    /** Trains the model into {@code dir/model} and returns that directory. */
    static Path train(Path dir) throws Exception {
        Seq2SeqConfig config = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.train=" + dir.resolve("train.csv"),
                "data.valid=" + dir.resolve("valid.csv"),
                "data.tokenizer=word",
                "model.embedding_size=24",
                "model.hidden_size=32",
                "model.embedding_dropout=0",
                "model.hidden_dropout=0",
                "model.output_dropout=0",
                "train.batch_tokens=800",
                "train.max_steps=60",
                "train.validate_every=60",
                "train.checkpoint_every=60",
                "train.lr=0.005",
                "train.seed=7",
                "train.threads=1",
                "decode.beam_size=3",
                "decode.max_input_tokens=40"));
        Path model = dir.resolve("model");
        new Trainer(config, model, BadRowPolicy.ERROR, w -> {}).run(false, new TrainingListener() {});
        return model;
    }
}
