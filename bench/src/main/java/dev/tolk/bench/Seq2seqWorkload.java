package dev.tolk.bench;

import dev.tolk.core.Parameter;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.model.TokenBatch;
import dev.tolk.seq2seq.search.BeamSearch;
import dev.tolk.seq2seq.search.Candidate;
import dev.tolk.seq2seq.search.GreedySearch;
import dev.tolk.seq2seq.search.ModelDecoder;
import dev.tolk.seq2seq.search.SourceBatch;
import dev.tolk.seq2seq.telemetry.StopEvent;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.telemetry.TrainingListener;
import dev.tolk.seq2seq.train.TrainingLoop;
import dev.tolk.seq2seq.train.Updater;
import dev.tolk.tokenizer.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The workload of the seq2seq benchmark, the same as the peer's synthetic mode: random token ids of exactly the
 * preset's lengths (no padding), teacher-forced training with cross-entropy, Adam (lr 1e-3) and gradient clipping
 * at global norm 1.0 (the shared {@link Updater} and {@link TrainingLoop}, as in every Tolk training run); then greedy and beam decoding of a
 * batch of random sources producing exactly {@code tgtLen} tokens each.
 *
 * <p>Decoding runs the library's {@link GreedySearch} and {@link BeamSearch} unchanged. Two adapters make them do
 * the peer's fixed amount of work: the end-of-sentence symbol is banned by setting its output bias (the parameter
 * {@value #OUTPUT_BIAS}, a name of the model file format) to {@link #BANNED_LOGIT} (so its log-probability is about
 * −1e9 and it is never chosen), and the length limit {@code ⌊ratio·(S − 1)⌋ + 10} of {@link SourceBatch#maxOutput}
 * is set to {@code tgtLen} through the ratio (which needs {@code tgtLen ≥ 10}, and {@code S ≥ 2} unless
 * {@code tgtLen = 10}). Every output is checked to have exactly {@code tgtLen} tokens.
 */
public final class Seq2seqWorkload {
    /** Output bias of {@code </s>} during decoding: far below any real logit, finite so arithmetic stays exact. */
    static final float BANNED_LOGIT = -1e9f;

    /** The decoder's output bias, by its name in the model's weights. */
    static final String OUTPUT_BIAS = "decoder.output.b";

    /** Fixed training batches cycled through, as the peer's 4 pre-generated batches. */
    private static final int FIXED_BATCHES = 4;

    private final Seq2seqPreset preset;
    private final long seed;
    private final Seq2SeqModel model;
    /** One decoder for every decoding, as {@code tolk translate} keeps one per model: its buffers are reused. */
    private final ModelDecoder decoder;

    /**
     * Timings and losses of the training phase.
     *
     * @param stepSeconds the timed updates' durations
     * @param firstLoss the loss of the first update (warm-up included)
     * @param lastLoss the loss of the last update
     */
    /**
     * @param stepSeconds the timed updates' times
     * @param warmupSteps the untimed updates before them
     */
    public record TrainResult(double[] stepSeconds, int warmupSteps, double firstLoss, double lastLoss) {}

    /** Builds the preset's model from {@code seed}. */
    public Seq2seqWorkload(Seq2seqPreset preset, long seed) {
        this.preset = preset;
        this.seed = seed;
        this.model = new Seq2SeqModel(preset.modelConfig(), preset.srcVocab(), preset.tgtVocab(), seed);
        this.decoder = new ModelDecoder(model);
    }

    /** @return the model */
    public Seq2SeqModel model() {
        return model;
    }

    /** Whether decoding can produce exactly {@code tgtLen} tokens through the library's length limit. */
    public static boolean decodableLength(int srcLen, int tgtLen) {
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

    /** {@link #train(int, double, int)} with a warm-up of exactly {@code warmup} updates. */
    public TrainResult train(int warmup, int steps) {
        return train(warmup, 0, steps);
    }

    /**
     * Untimed warm-up updates (at least {@code warmup}, and until {@code warmupSeconds} have passed: the JIT
     * compiles the training step during the first seconds), then {@code steps} timed updates, on the shared {@link
     * TrainingLoop} (no validation, no checkpoints: one stop rule, the number of updates); each timed from zeroing
     * the gradients to the end of the Adam update (forward, loss, backward, clipping, update), as the peer times
     * {@code zero_grad … opt.step(); float(loss)}. The loop's own work (its step event, the stop rule) falls
     * between the timed intervals.
     *
     * @throws IllegalStateException when a loss or gradient norm is not finite
     */
    public TrainResult train(int warmup, double warmupSeconds, int steps) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TokenBatch[] fixed = new TokenBatch[FIXED_BATCHES];
        for (int i = 0; i < fixed.length; i++) {
            fixed[i] = syntheticBatch(
                    rnd, preset.batch(), preset.srcLen(), preset.tgtLen(), preset.srcVocab(), preset.tgtVocab());
        }
        Updater updater = Updater.constantRate(model.parameters(), 1e-3f, 1.0);
        TimedUpdates updates = new TimedUpdates(fixed, updater, warmup, warmupSeconds, steps);
        StopEvent stop;
        try {
            stop = new TrainingLoop(updates, updates, new TrainingListener() {})
                    .stopBefore(done -> updates.finished()
                            ? new StopEvent(done, StopReason.MAX_STEPS, done + " updates done")
                            : null)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the batches are in memory: never
        }
        if (stop.reason() == StopReason.NON_FINITE) {
            throw new IllegalStateException("bench seq2seq: " + stop.detail());
        }
        return new TrainResult(updates.times, updates.warmedUp, updates.first, updates.last);
    }

    /**
     * The updates of {@link #train}: update {@code i + 1} is on fixed batch {@code (i + 1) mod 4}; those after the
     * warm-up are timed.
     */
    private final class TimedUpdates implements TrainingLoop.Updates, TrainingLoop.Position {
        private final TokenBatch[] fixed;
        private final Updater updater;
        private final int warmup;
        private final long warmupNanos;
        private final double[] times;
        private double first = Double.NaN;
        private double last = Double.NaN;
        private int done;
        /** The warm-up updates, −1 while warming up. */
        private int warmedUp = -1;

        private long start;

        TimedUpdates(TokenBatch[] fixed, Updater updater, int warmup, double warmupSeconds, int steps) {
            this.fixed = fixed;
            this.updater = updater;
            this.warmup = warmup;
            this.warmupNanos = (long) (warmupSeconds * 1e9);
            this.times = new double[steps];
        }

        /** Whether every timed update is done. */
        boolean finished() {
            return warmedUp >= 0 && done >= warmedUp + times.length;
        }

        @Override
        public Updater.Update next() {
            int i = done;
            TokenBatch b = fixed[(i + 1) % fixed.length];
            long step = i + 1;
            long t0 = System.nanoTime();
            if (i == 0) {
                start = t0;
            }
            if (warmedUp < 0 && i >= warmup && t0 - start >= warmupNanos) {
                warmedUp = i;
            }
            Updater.Update u = updater.update(() -> model.trainStep(b, step).mean());
            double dt = (System.nanoTime() - t0) / 1e9;
            if (u.applied()) {
                if (i == 0) {
                    first = u.loss();
                }
                last = u.loss();
                if (warmedUp >= 0) {
                    times[i - warmedUp] = dt;
                }
                done++;
            }
            return u;
        }

        @Override
        public long step() {
            return done;
        }

        @Override
        public TrainingLoop.Progress progress() {
            return new TrainingLoop.Progress(0, updater.learningRate(), 0, null);
        }
    }

    /** The random decoding sources: {@code sentences} of exactly {@code srcLen} ids, from {@code seed + 1}. */
    public SourceBatch decodingSources(int sentences) {
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        int s = preset.srcLen();
        int[] ids = randomIds(rnd, s * sentences, preset.srcVocab());
        int[] lengths = new int[sentences];
        Arrays.fill(lengths, s);
        return new SourceBatch(ids, s, lengths);
    }

    /** Bans {@code </s>} for the rest of this model's life (decoding only, after training). */
    public void banEndOfSentence() {
        for (Parameter p : model.parameters()) {
            if (p.name().equals(OUTPUT_BIAS)) {
                p.value().set(Vocabulary.EOS_ID, BANNED_LOGIT);
                return;
            }
        }
        throw new IllegalStateException(
                "bench seq2seq: the model has no parameter '" + OUTPUT_BIAS + "' to ban </s> " + "with");
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
    public void greedy(SourceBatch src) {
        List<Candidate> out = new GreedySearch(decoder, lengthRatio(), 1.0, false).search(src);
        for (Candidate c : out) {
            checkLength(c, "greedy");
        }
    }

    /** One beam-{@code k} decoding of {@code src} (GNMT length normalisation, α = 1); checks the lengths. */
    public void beam(SourceBatch src, int k) {
        List<List<Candidate>> out = new BeamSearch(decoder, k, 1.0, lengthRatio(), 1, false).search(src);
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
