package dev.tolk.seq2seq.train;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.CorpusData;
import dev.tolk.data.CsvCorpusReader;
import dev.tolk.data.PairFilter;
import dev.tolk.data.SentencePair;
import dev.tolk.data.batch.Batcher;
import dev.tolk.data.training.EncodedCorpus;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.DataConfig;
import dev.tolk.seq2seq.config.TrainConfig;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.seq2seq.store.FileDigest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The corpora of a translator's training run, ready to train on: both files read per {@code data.*}, the tokenizer
 * and vocabularies learned from the training pairs ({@link TextEncoding#learn}; or given: a fine-tuned model's, a
 * resumed checkpoint's), the training pairs encoded and
 * filtered by {@code data.max_length} into a shuffling {@link Batcher} of {@code train.batch_tokens}, and every
 * validation pair encoded into fixed batches. Problems the user can fix (no pairs, every pair too long, a batch
 * budget smaller than the longest pair) are {@link TrainingException}s naming the file or setting.
 *
 * @param encoding the learned text encoding
 * @param training the shuffling batcher of the kept training pairs
 * @param validBatches the validation pairs in fixed batches
 * @param validPairs the validation pairs as read
 * @param corpusSha256 the training file's SHA-256 (provenance)
 */
public record TrainingCorpus(
        TextEncoding encoding,
        Batcher training,
        List<TokenBatch> validBatches,
        List<SentencePair> validPairs,
        String corpusSha256) {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingCorpus.class);

    /**
     * Reads, learns, encodes and batches.
     *
     * @param data {@code data.*}; {@code train} and {@code valid} must be set
     * @param train {@code train.*} (batch budget and seed)
     * @param badRows what to do with malformed rows
     * @param warnings receives one-line warnings (skipped rows, pairs over the length limit)
     * @param given the text encoding to use (a fine-tuned model's, a resumed checkpoint's), or null to learn one
     *     from the training pairs
     * @throws TrainingException on a problem the user can fix
     * @throws IOException when a file cannot be read
     */
    static TrainingCorpus prepare(
            DataConfig data, TrainConfig train, BadRowPolicy badRows, Consumer<String> warnings, TextEncoding given)
            throws IOException {
        if (data.train() == null || data.valid() == null) {
            String which = data.train() == null ? "train" : "valid";
            throw new TrainingException("no " + (data.train() == null ? "training" : "validation") + " corpus: set --"
                    + which + " (or data." + which + " in the config file)");
        }
        Path trainFile = Path.of(data.train());
        Path validFile = Path.of(data.valid());
        CorpusData trainData = read(data, trainFile, badRows);
        trainData.report().summaryLine("see --bad-rows=error").ifPresent(warnings);
        CorpusData validData = read(data, validFile, badRows);
        validData.report().summaryLine("see --bad-rows=error").ifPresent(warnings);
        if (trainData.pairs().isEmpty() || validData.pairs().isEmpty()) {
            throw new TrainingException((trainData.pairs().isEmpty() ? trainFile : validFile)
                    + ": no sentence pairs; check data.source_column / data.target_column and the file's header");
        }
        String sha = FileDigest.sha256(trainFile);
        TextEncoding encoding = given != null ? given : TextEncoding.learn(trainData.pairs(), data);
        LOG.info(
                "vocabularies{}: source {} symbols, target {} symbols{}",
                given != null ? " (the model's)" : "",
                encoding.sourceVocabulary().size(),
                encoding.targetVocabulary().size(),
                encoding.shared() ? " (shared)" : "");
        EncodedCorpus examples = encoding.pairEncoder().encode(trainData.pairs(), data.maxLength());
        if (examples.dropped() > 0) {
            warnings.accept(trainFile + ": " + examples.dropped() + " pairs longer than data.max_length="
                    + data.maxLength() + " symbols skipped");
        }
        if (examples.pairs().isEmpty()) {
            throw new TrainingException(
                    trainFile + ": every pair is longer than data.max_length=" + data.maxLength() + "; raise it");
        }
        if (examples.longest() > train.batchTokens()) {
            throw new TrainingException("train.batch_tokens=" + train.batchTokens() + " is smaller than the longest "
                    + "training pair (" + examples.longest() + " symbols with </s>); raise train.batch_tokens or lower "
                    + "data.max_length");
        }
        List<TokenBatch> validBatches =
                encoding.pairEncoder().encodeAll(validData.pairs()).inOrder(train.batchTokens(), train.seed()).stream()
                        .map(TokenBatch::of)
                        .toList();
        return new TrainingCorpus(
                encoding, examples.shuffled(train.batchTokens(), train.seed()), validBatches, validData.pairs(), sha);
    }

    /**
     * Reads a parallel corpus per {@code data.*} (format, header, columns), every pair kept whatever its length.
     *
     * @param data the {@code data} section
     * @param file the corpus
     * @param policy what to do with malformed rows
     */
    public static CorpusData read(DataConfig data, Path file, BadRowPolicy policy) {
        return new CsvCorpusReader(data.corpusFormat(), PairFilter.NONE, policy).readAll(file);
    }
}
