package dev.tolk.seq2seq.train;

import dev.tolk.core.SoftmaxCrossEntropy;
import dev.tolk.data.SentencePair;
import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuConfig;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.DecodeConfig;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.seq2seq.translate.Batching;
import dev.tolk.seq2seq.translate.Translator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a translator on the validation set: teacher-forced perplexity {@code exp(−(1/N) Σ log p(y_t | y_<t, x))}
 * over every real target token (no label smoothing), and corpus BLEU (sacreBLEU's defaults) of greedy translations
 * against the references normalised as the model's output would render them. A model whose validation perplexity
 * is not finite has diverged ({@link Metrics#diverged()}); it is not translated (its BLEU is NaN).
 */
final class Validator {

    /**
     * One validation's result.
     *
     * @param loss mean negative log-likelihood per target token
     * @param ppl perplexity, {@code exp(loss)}
     * @param bleu corpus BLEU of greedy translations, NaN when not computed
     */
    record Metrics(double loss, double ppl, double bleu) {
        /** @return whether the validation loss or perplexity is NaN or infinite: training has diverged */
        boolean diverged() {
            return !Double.isFinite(ppl);
        }

        /** @return {@code loss}, {@code ppl}, {@code bleu}, in this order */
        Map<String, Double> asMap() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", loss);
            m.put("ppl", ppl);
            m.put("bleu", bleu);
            return m;
        }
    }

    private final Seq2SeqConfig config;
    private final TextEncoding encoding;
    private final List<TokenBatch> batches;
    private final List<String> sources;
    private final List<String> references;
    private final DecodeConfig decode;

    Validator(Seq2SeqConfig config, TextEncoding encoding, List<TokenBatch> batches, List<SentencePair> pairs) {
        this.config = config;
        this.encoding = encoding;
        this.batches = List.copyOf(batches);
        this.sources = pairs.stream().map(SentencePair::source).toList();
        this.references =
                pairs.stream().map(p -> encoding.normalizeTarget(p.target())).toList();
        this.decode = config.decode();
    }

    /** Scores {@code model} (forward passes only: no parameter or gradient changes). */
    Metrics validate(Seq2SeqModel model) {
        double nll = 0;
        long tokens = 0;
        for (TokenBatch b : batches) {
            SoftmaxCrossEntropy.Loss l = model.loss(b);
            nll += l.sum();
            tokens += l.tokens();
        }
        Perplexity ppl = Perplexity.of(nll, tokens);
        if (!Double.isFinite(ppl.value())) {
            return new Metrics(ppl.nllPerToken(), ppl.value(), Double.NaN);
        }
        Translator translator = new Translator(config, encoding, model);
        List<TranslationResult> hyps = translator.translate(sources, decode.greedy(), Batching.ofBatchSize(64));
        double bleu = new Bleu(BleuConfig.corpusDefaults())
                .corpusScore(hyps.stream().map(TranslationResult::translation).toList(), List.of(references))
                .score();
        return new Metrics(ppl.nllPerToken(), ppl.value(), bleu);
    }
}
