package dev.tolk.seq2seq.translate;

import dev.tolk.core.SoftmaxCrossEntropy;
import dev.tolk.data.SentencePair;
import dev.tolk.data.batch.Batcher;
import dev.tolk.data.batch.BatcherConfig;
import dev.tolk.data.batch.EncodedPair;
import dev.tolk.data.batch.EpochCursor;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.model.TokenBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Teacher-forced perplexity of reference translations under a trained model: each pair's target is encoded as in
 * training, the decoder is fed the reference prefix, and the negative log-likelihood of every target token and of
 * {@code </s>} is summed (natural log, no dropout, no label smoothing), the same quantity as the validation
 * perplexity of {@code tolk train}.
 */
public final class ReferenceScorer {
    private final TextEncoding encoding;
    private final Seq2SeqModel model;
    private final int batchTokens;

    /** Scores with the model and preprocessing of {@code translator}, in batches of the training token budget. */
    public ReferenceScorer(Translator translator) {
        this.encoding = translator.encoding();
        this.model = translator.model();
        this.batchTokens = translator.config().train().batchTokens();
    }

    /**
     * Summed NLL and predicted tokens over {@code pairs} (source, reference).
     *
     * @throws IllegalArgumentException when there are no pairs
     */
    public Perplexity score(List<SentencePair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("ReferenceScorer: no sentence pairs to score");
        }
        List<EncodedPair> enc = new ArrayList<>(pairs.size());
        int longest = 2;
        for (SentencePair p : pairs) {
            EncodedPair e = new EncodedPair(
                    encoding.encodeSource(encoding.sourcePieces(p.source())),
                    encoding.encodeTarget(encoding.targetPieces(p.target())));
            longest = Math.max(longest, e.sourceLength() + e.targetLength());
            enc.add(e);
        }
        Batcher batcher = new Batcher(
                enc,
                BatcherConfig.builder()
                        .maxTokens(Math.max(longest, batchTokens))
                        .shuffle(false)
                        .seed(0)
                        .build());
        double nll = 0;
        long tokens = 0;
        EpochCursor c = batcher.epoch(0);
        while (c.hasNext()) {
            SoftmaxCrossEntropy.Loss l = model.loss(TokenBatch.of(c.next()));
            nll += l.sum();
            tokens += l.tokens();
        }
        return Perplexity.of(nll, tokens);
    }
}
