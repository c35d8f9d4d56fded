package dev.tolk.cli;

import dev.tolk.bench.Seq2seqBenchmark;
import dev.tolk.bench.Seq2seqPreset;
import dev.tolk.bench.Seq2seqWorkload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk bench seq2seq}: training and decoding speed of a standard configuration of
 * {@code ../shared/BENCHMARKS.md} ({@link Seq2seqBenchmark}), printing the peer's JSON keys.
 * {@code bench/side_by_side.py} runs it and the peer in one go.
 */
@Command(
        name = "seq2seq",
        description = "Training and decoding speed of a standard seq2seq configuration (BENCHMARKS.md).",
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class BenchSeq2seqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--preset",
            required = true,
            paramLabel = "NAME",
            description = "Standard configuration: cho-512, attn-512 or attn-256.")
    String preset;

    @Mixin
    ThreadsOption threads = new ThreadsOption(2);

    @Mixin
    PrecisionOption precision = new PrecisionOption();

    @Option(names = "--steps", paramLabel = "N", description = "Timed training steps (default: ${DEFAULT-VALUE}).")
    int steps = 20;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description = "Untimed training steps first, at least this many; see --train-warmup (default: "
                    + "${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(names = "--json", description = "Print one JSON line with the peer's keys.")
    boolean json;

    @Option(
            names = "--decode-batch",
            paramLabel = "N",
            description = "Sentences decoded at once (default: ${DEFAULT-VALUE}).")
    int decodeBatch = 64;

    @Option(names = "--beam", paramLabel = "K", description = "Beam size (default: ${DEFAULT-VALUE}).")
    int beam = 5;

    @Option(
            names = "--greedy-reps",
            paramLabel = "N",
            description = "Timed greedy decodings, median reported (default: ${DEFAULT-VALUE}).")
    int greedyReps = 5;

    @Option(
            names = "--beam-reps",
            paramLabel = "N",
            description = "Timed beam decodings, median reported (default: ${DEFAULT-VALUE}).")
    int beamReps = 3;

    @Option(
            names = "--train-warmup",
            paramLabel = "SECONDS",
            description = "Untimed training for at least this long, after at least --warmup steps: the JIT compiles "
                    + "the training step during the first seconds (default: ${DEFAULT-VALUE}).")
    double trainWarmup = 3;

    @Option(
            names = "--decode-warmup",
            paramLabel = "SECONDS",
            description = "Untimed decoding before greedy and before beam search are timed, at least one decoding: "
                    + "the JIT compiles the decoder during the first seconds (default: ${DEFAULT-VALUE}).")
    double decodeWarmup = 5;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of weights and data (default: ${DEFAULT-VALUE}).")
    long seed = 1234;

    @Option(names = "--emb", paramLabel = "E", description = "Override the preset's embedding size.")
    Integer emb;

    @Option(names = "--hidden", paramLabel = "H", description = "Override the preset's hidden size.")
    Integer hidden;

    @Option(names = "--batch", paramLabel = "B", description = "Override the preset's training batch.")
    Integer batch;

    @Option(names = "--src-vocab", paramLabel = "V", description = "Override the preset's source vocabulary.")
    Integer srcVocab;

    @Option(names = "--tgt-vocab", paramLabel = "V", description = "Override the preset's target vocabulary.")
    Integer tgtVocab;

    @Option(names = "--src-len", paramLabel = "S", description = "Override the preset's source length.")
    Integer srcLen;

    @Option(
            names = "--tgt-len",
            paramLabel = "T",
            description = "Override the preset's target length (>= 10: the decoder's length limit is at least 10).")
    Integer tgtLen;

    @Override
    public void run() {
        Seq2seqPreset base = Seq2seqPreset.STANDARD.get(preset);
        if (base == null) {
            throw new UsageException("--preset must be one of " + String.join(", ", Seq2seqPreset.STANDARD.keySet())
                    + ", got '" + preset + "'");
        }
        int n = threads.resolve();
        UsageException.atLeast("--steps", steps, 1);
        UsageException.atLeast("--decode-batch", decodeBatch, 1);
        UsageException.atLeast("--beam", beam, 1);
        UsageException.atLeast("--greedy-reps", greedyReps, 1);
        UsageException.atLeast("--beam-reps", beamReps, 1);
        UsageException.atLeast("--warmup", warmup, 0);
        if (!(trainWarmup >= 0 && trainWarmup <= 3600)) {
            throw new UsageException("--train-warmup must be in 0..3600 seconds, got " + trainWarmup);
        }
        if (!(decodeWarmup >= 0 && decodeWarmup <= 3600)) {
            throw new UsageException("--decode-warmup must be in 0..3600 seconds, got " + decodeWarmup);
        }
        Seq2seqPreset p = new Seq2seqPreset(
                base.name(),
                base.attentive(),
                pick("--emb", emb, base.emb()),
                pick("--hidden", hidden, base.hidden()),
                pick("--batch", batch, base.batch()),
                pick("--src-vocab", srcVocab, base.srcVocab()),
                pick("--tgt-vocab", tgtVocab, base.tgtVocab()),
                pick("--src-len", srcLen, base.srcLen()),
                pick("--tgt-len", tgtLen, base.tgtLen()));
        if (p.srcVocab() < 5 || p.tgtVocab() < 5) {
            throw new UsageException("--src-vocab and --tgt-vocab must be >= 5 (four special symbols and one token), "
                    + "got " + p.srcVocab() + " and " + p.tgtVocab());
        }
        if (!Seq2seqWorkload.decodableLength(p.srcLen(), p.tgtLen())) {
            throw new UsageException("--tgt-len must be >= 10 (and --src-len >= 2 when --tgt-len > 10): decoding stops "
                    + "at the search's length limit floor(ratio * (S - 1)) + 10; got --src-len " + p.srcLen()
                    + ", --tgt-len " + p.tgtLen());
        }
        Seq2seqBenchmark.Config config = new Seq2seqBenchmark.Config(
                p,
                n,
                steps,
                warmup,
                trainWarmup,
                decodeBatch,
                beam,
                greedyReps,
                beamReps,
                decodeWarmup,
                seed,
                precision.value());
        BenchCommand.print(spec, Seq2seqBenchmark.run(config), json);
    }

    private static int pick(String name, Integer override, int preset) {
        if (override == null) {
            return preset;
        }
        UsageException.atLeast(name, override, 1);
        return override;
    }
}
