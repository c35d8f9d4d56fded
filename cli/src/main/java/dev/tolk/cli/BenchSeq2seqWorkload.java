package dev.tolk.cli;

import dev.tolk.core.Adam;
import dev.tolk.core.GradientClipper;
import dev.tolk.core.Parameter;
import dev.tolk.core.SoftmaxCrossEntropy;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.seq2seq.search.BeamSearch;
import dev.tolk.seq2seq.search.Candidate;
import dev.tolk.seq2seq.search.GreedySearch;
import dev.tolk.seq2seq.search.SourceBatch;
import dev.tolk.tokenizer.Vocabulary;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The workload of {@code tolk bench seq2seq}, the same as the peer's synthetic mode: random token ids of exactly
 * the preset's lengths (no padding), teacher-forced training with cross-entropy, Adam (lr 1e-3) and gradient
 * clipping at global norm 1.0; then greedy and beam decoding of a batch of random sources producing exactly
 * {@code tgtLen} tokens each.
 *
 * <p>Decoding runs the library's {@link GreedySearch} and {@link BeamSearch} unchanged. Two adapters make them do
 * the peer's fixed amount of work: the end-of-sentence symbol is banned by setting its output bias to
 * {@link #BANNED_LOGIT} (so its log-probability is about −1e9 and it is never chosen), and the length limit
 * {@code ⌊ratio·(S − 1)⌋ + 10} of {@link SourceBatch#maxOutput} is set to {@code tgtLen} through the ratio (which
 * needs {@code tgtLen ≥ 10}, and {@code S ≥ 2} unless {@code tgtLen = 10}). Every output is checked to have
 * exactly {@code tgtLen} tokens.
 */
final class BenchSeq2seqWorkload {
    /** Output bias of {@code </s>} during decoding: far below any real logit, finite so arithmetic stays exact. */
    static final float BANNED_LOGIT = -1e9f;

    /** Fixed training batches cycled through, as the peer's 4 pre-generated batches. */
    private static final int FIXED_BATCHES = 4;

    private final BenchSeq2seqPreset preset;
    private final long seed;
    private final Seq2SeqModel model;

    /** Timings and losses of the training phase. */
    record TrainResult(double[] stepSeconds, double firstLoss, double lastLoss) {}

    BenchSeq2seqWorkload(BenchSeq2seqPreset preset, long seed) {
        this.preset = preset;
        this.seed = seed;
        this.model = new Seq2SeqModel(preset.modelConfig(), preset.srcVocab(), preset.tgtVocab(), seed);
    }

    Seq2SeqModel model() {
        return model;
    }

    /** Whether decoding can produce exactly {@code tgtLen} tokens through the library's length limit. */
    static boolean decodableLength(int srcLen, int tgtLen) {
        return tgtLen > 10 ? srcLen >= 2 : tgtLen == 10;
    }

    /** A random time-major batch: {@code src [S, B]} and {@code target [T, B]}, ids in {@code [4, V)}. */
    static TokenBatch syntheticBatch(
            SplittableRandom rnd, int batch, int srcLen, int tgtLen, int srcVocab, int tgtVocab) {
        int[] src = randomIds(rnd, srcLen * batch, srcVocab);
        int[] tgt = randomIds(rnd, tgtLen * batch, tgtVocab);
        int[] lengths = new int[batch];
        Arrays.fill(lengths, srcLen);
        return new TokenBatch(src, srcLen, lengths, tgt, tgtLen, batch);
    }

    private static int[] randomIds(SplittableRandom rnd, int n, int vocab) {
        int[] ids = new int[n];
        int first = Vocabulary.SPECIALS.size();
        for (int i = 0; i < n; i++) {
            ids[i] = rnd.nextInt(first, vocab);
        }
        return ids;
    }

    /**
     * {@code warmup + steps} updates; each timed from zeroing the gradients to the end of the Adam update (forward,
     * loss, backward, clipping, update), as the peer times {@code zero_grad … opt.step(); float(loss)}.
     */
    TrainResult train(int warmup, int steps) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TokenBatch[] fixed = new TokenBatch[FIXED_BATCHES];
        for (int i = 0; i < fixed.length; i++) {
            fixed[i] = syntheticBatch(
                    rnd, preset.batch(), preset.srcLen(), preset.tgtLen(), preset.srcVocab(), preset.tgtVocab());
        }
        Adam adam = new Adam(model.parameters(), 1e-3f);
        GradientClipper clipper = new GradientClipper(1.0);
        double[] times = new double[steps];
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < warmup + steps; i++) {
            TokenBatch b = fixed[(i + 1) % fixed.length];
            long t0 = System.nanoTime();
            adam.zeroGrad();
            SoftmaxCrossEntropy.Loss loss = model.trainStep(b, i + 1);
            clipper.clip(model.parameters());
            adam.step();
            double mean = loss.mean();
            double dt = (System.nanoTime() - t0) / 1e9;
            if (!Double.isFinite(mean)) {
                throw new IllegalStateException(
                        "bench seq2seq: non-finite training loss " + mean + " at step " + (i + 1));
            }
            if (i == 0) {
                first = mean;
            }
            last = mean;
            if (i >= warmup) {
                times[i - warmup] = dt;
            }
        }
        return new TrainResult(times, first, last);
    }

    /** The random decoding sources: {@code sentences} of exactly {@code srcLen} ids, from {@code seed + 1}. */
    SourceBatch decodingSources(int sentences) {
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        int s = preset.srcLen();
        int[] ids = randomIds(rnd, s * sentences, preset.srcVocab());
        int[] lengths = new int[sentences];
        Arrays.fill(lengths, s);
        return new SourceBatch(ids, s, lengths);
    }

    /** Bans {@code </s>} for the rest of this model's life (decoding only, after training). */
    void banEndOfSentence() {
        for (Parameter p : model.decoder().parameters()) {
            if (p.name().equals("decoder.output.b")) {
                p.value().set(Vocabulary.EOS_ID, BANNED_LOGIT);
                return;
            }
        }
        throw new IllegalStateException("bench seq2seq: the decoder has no parameter 'decoder.output.b' to ban </s> "
                + "with; parameters are " + model.decoder().parameters());
    }

    /** The ratio for which {@link SourceBatch#maxOutput} gives exactly {@code tgtLen} for sources of length S. */
    double lengthRatio() {
        int extra = preset.tgtLen() - 10;
        if (extra == 0) {
            return 0;
        }
        return (extra + 0.5) / (preset.srcLen() - 1);
    }

    /** One greedy decoding of {@code src}; checks every output has exactly {@code tgtLen} tokens. */
    void greedy(SourceBatch src) {
        List<Candidate> out = new GreedySearch(model, lengthRatio(), 1.0).search(src);
        for (Candidate c : out) {
            checkLength(c, "greedy");
        }
    }

    /** One beam-{@code k} decoding of {@code src} (GNMT length normalisation, α = 1); checks the lengths. */
    void beam(SourceBatch src, int k) {
        List<List<Candidate>> out = new BeamSearch(model, k, 1.0, lengthRatio(), 1).search(src);
        for (List<Candidate> n : out) {
            if (n.size() != 1) {
                throw new IllegalStateException(
                        "bench seq2seq: beam search returned " + n.size() + " candidates, not 1");
            }
            checkLength(n.get(0), "beam");
        }
    }

    private void checkLength(Candidate c, String what) {
        if (c.ids().length != preset.tgtLen()) {
            throw new IllegalStateException(
                    "bench seq2seq: " + what + " produced " + c.ids().length + " tokens instead of " + preset.tgtLen()
                            + "; the end-of-sentence ban or the length limit did not hold");
        }
        for (int id : c.ids()) {
            if (id == Vocabulary.PAD_ID || id == Vocabulary.BOS_ID || id == Vocabulary.EOS_ID) {
                throw new IllegalStateException("bench seq2seq: " + what + " produced the special id " + id);
            }
        }
    }
}
