package dev.tolk.seq2seq.config;

import dev.tolk.core.Precision;

/**
 * Optimisation and run control: section {@code train}. Defaults are those of {@link #DEFAULTS}.
 *
 * @param seed {@code train.seed}: seed of every random choice in training (initialisation, shuffling, dropout);
 *     default 42
 * @param batchTokens {@code train.batch_tokens}: token budget per batch (source plus target tokens, padding
 *     included), [16, 10000000]; default 4096
 * @param epochs {@code train.epochs}: passes over the training data, [1, 100000]; default 10
 * @param maxSteps {@code train.max_steps}: stop after this many updates, 0 = no limit, [0, 10^12]; default 0
 * @param lr {@code train.lr}: initial Adam learning rate, (0, 10]; default 0.001
 * @param lrDecayFactor {@code train.lr_decay_factor}: learning rate multiplier on a plateau, (0, 1]; default 0.5
 * @param lrPatience {@code train.lr_patience}: validations without improvement before decaying, [0, 1000];
 *     default 2
 * @param minLr {@code train.min_lr}: the learning rate never decays below this, [0, lr]; default 1e-6
 * @param clipNorm {@code train.clip_norm}: global gradient-norm clipping threshold, 0 = off, [0, 10^6];
 *     default 1.0
 * @param validateEvery {@code train.validate_every}: validate every N updates, [1, 10^9]; default 1000
 * @param earlyStoppingPatience {@code train.early_stopping_patience}: stop after N validations without
 *     improvement of {@code best_metric}, 0 = never stop early, [0, 1000]; default 5
 * @param bestMetric {@code train.best_metric}: {@code bleu} (default, higher is better) or {@code ppl} (lower is
 *     better)
 * @param checkpointEvery {@code train.checkpoint_every}: write a checkpoint every N updates, [1, 10^9];
 *     default 1000
 * @param keepCheckpoints {@code train.keep_checkpoints}: latest checkpoints kept (the best one is kept in
 *     addition), [1, 1000]; default 3
 * @param threads {@code train.threads}: worker threads, 0 = all available processors, [0, 1024]; default 0.
 *     Results do not depend on it.
 * @param precision {@code train.precision}: number format of the matrix products' operands in training,
 *     {@code fp32} (default) or {@code bf16} (mixed precision: float32 master weights, optimiser state, gradients
 *     and accumulation; bf16 operands in the forward and backward products, each weight converted once per update;
 *     needs a backend that computes bf16, see {@link dev.tolk.core.Gemm#supports(Precision)}). {@code int8} is for
 *     translation only.
 * @param emaDecay {@code train.ema_decay}: exponential moving average of the weights (Marian's
 *     {@code --exponential-smoothing}), kept after every update and used for validation and as the saved model;
 *     0 = off, [0, 1); default 0. Typical: 0.9999 for long runs, 0.999 for short ones.
 */
public record TrainConfig(
        long seed,
        int batchTokens,
        int epochs,
        long maxSteps,
        double lr,
        double lrDecayFactor,
        int lrPatience,
        double minLr,
        double clipNorm,
        int validateEvery,
        int earlyStoppingPatience,
        BestMetric bestMetric,
        int checkpointEvery,
        int keepCheckpoints,
        int threads,
        Precision precision,
        double emaDecay) {

    /** The defaults of every {@code train.*} key: the one place they are defined. */
    public static final TrainConfig DEFAULTS = new TrainConfig(
            42, 4096, 10, 0, 1e-3, 0.5, 2, 1e-6, 1.0, 1000, 5, BestMetric.BLEU, 1000, 3, 0, Precision.FP32, 0.0);

    /** Validates every value; see the parameter docs for the ranges. */
    public TrainConfig {
        Bounds.intIn("train.batch_tokens", batchTokens, 16, 10_000_000);
        Bounds.intIn("train.epochs", epochs, 1, 100_000);
        Bounds.longIn("train.max_steps", maxSteps, 0, 1_000_000_000_000L);
        Bounds.openClosed("train.lr", lr, 0, 10);
        Bounds.openClosed("train.lr_decay_factor", lrDecayFactor, 0, 1);
        Bounds.intIn("train.lr_patience", lrPatience, 0, 1000);
        Bounds.closed("train.min_lr", minLr, 0, lr);
        Bounds.closed("train.clip_norm", clipNorm, 0, 1e6);
        Bounds.intIn("train.validate_every", validateEvery, 1, 1_000_000_000);
        Bounds.intIn("train.early_stopping_patience", earlyStoppingPatience, 0, 1000);
        Bounds.notNull("train.best_metric", bestMetric);
        Bounds.intIn("train.checkpoint_every", checkpointEvery, 1, 1_000_000_000);
        Bounds.intIn("train.keep_checkpoints", keepCheckpoints, 1, 1000);
        Bounds.intIn("train.threads", threads, 0, 1024);
        Bounds.notNull("train.precision", precision);
        Bounds.closedOpen("train.ema_decay", emaDecay, 0, 1);
        if (precision == Precision.INT8) {
            throw new ConfigException(
                    "train.precision",
                    "'train.precision' must be fp32 or bf16 (int8 is for translation: tolk translate --precision"
                            + " int8), got 'int8'");
        }
    }

    /** Every setting but {@link #precision()} ({@link Precision#FP32}) and {@link #emaDecay()} (0, off). */
    public TrainConfig(
            long seed,
            int batchTokens,
            int epochs,
            long maxSteps,
            double lr,
            double lrDecayFactor,
            int lrPatience,
            double minLr,
            double clipNorm,
            int validateEvery,
            int earlyStoppingPatience,
            BestMetric bestMetric,
            int checkpointEvery,
            int keepCheckpoints,
            int threads) {
        this(
                seed,
                batchTokens,
                epochs,
                maxSteps,
                lr,
                lrDecayFactor,
                lrPatience,
                minLr,
                clipNorm,
                validateEvery,
                earlyStoppingPatience,
                bestMetric,
                checkpointEvery,
                keepCheckpoints,
                threads,
                Precision.FP32,
                0.0);
    }

    /** @return {@link #threads()} with 0 resolved to the number of available processors */
    public int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
