package dev.tolk.bench;

import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import dev.tolk.seq2seq.search.SourceBatch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Training and decoding speed of a standard configuration of {@code ../shared/BENCHMARKS.md}, the same workload and
 * model as {@code ../shared/peer/torch_seq2seq.py} (see {@link Seq2seqWorkload}), reported with the peer's JSON
 * keys; {@code bench/side_by_side.py} runs both.
 *
 * <p>Figures: {@code train_tokens_per_sec = batch · tgtLen / median step time} after a warm-up of at least
 * {@link Config#warmup()} steps and {@link Config#trainWarmupSeconds()} seconds (the JIT compiles the training
 * step during the first seconds; the peer reaches its speed within its three warm-up steps); greedy and beam
 * sentences per second from the median of several decodings of {@code decodeBatch} sentences after a warm-up of
 * {@link Config#decodeWarmupSeconds()} seconds of the same decoding (the JIT compiles the decoder's loops during
 * the first seconds; the peer's PyTorch, compiled ahead of time, warms up with one decoding); model GFLOP/s from
 * the peer's FLOP count ({@link Seq2seqPreset#macsPerTargetToken}); peak RSS from {@code VmHWM}.
 *
 * <p>Precision ({@link Config#precision()}), as the peer's {@code --precision}: {@code bf16} trains and decodes with
 * bf16 products (mixed precision: float32 weights, optimiser and sums); {@code int8} trains in float32 and decodes
 * with int8 products (weights quantised per output channel once, activations per product); the JSON's
 * {@code precision} and {@code train_precision} say which ran, {@code backend} on which library.
 */
public final class Seq2seqBenchmark {

    /**
     * @param preset the model and data sizes
     * @param threads matrix-product threads, &ge; 1
     * @param steps timed training steps, &ge; 1
     * @param warmup untimed training steps first, at least this many, &ge; 0
     * @param trainWarmupSeconds and at least this long (the JIT compiles the training step during the first
     *     seconds), &ge; 0
     * @param decodeBatch sentences decoded at once, &ge; 1
     * @param beam beam size, &ge; 1
     * @param greedyReps timed greedy decodings, &ge; 1
     * @param beamReps timed beam decodings, &ge; 1
     * @param decodeWarmupSeconds untimed decoding before each of greedy and beam search is timed (at least one
     *     decoding), &ge; 0
     * @param seed of weights and data
     * @param precision of the products: {@code bf16} in training and decoding, {@code int8} in decoding (training
     *     then runs in float32)
     */
    public record Config(
            Seq2seqPreset preset,
            int threads,
            int steps,
            int warmup,
            double trainWarmupSeconds,
            int decodeBatch,
            int beam,
            int greedyReps,
            int beamReps,
            double decodeWarmupSeconds,
            long seed,
            Precision precision) {
        /** Validates. */
        public Config {
            if (precision == null) {
                throw new IllegalArgumentException("invalid seq2seq benchmark configuration: no precision");
            }
            if (threads < 1
                    || steps < 1
                    || warmup < 0
                    || !(trainWarmupSeconds >= 0 && trainWarmupSeconds <= 3600)
                    || decodeBatch < 1
                    || beam < 1
                    || greedyReps < 1
                    || beamReps < 1
                    || !(decodeWarmupSeconds >= 0 && decodeWarmupSeconds <= 3600)) {
                throw new IllegalArgumentException("invalid seq2seq benchmark configuration");
            }
            if (!Seq2seqWorkload.decodableLength(preset.srcLen(), preset.tgtLen())) {
                throw new IllegalArgumentException(
                        "the target length must be >= 10 (and the source length >= 2 when it " + "is > 10), got "
                                + preset.srcLen() + "/" + preset.tgtLen());
            }
        }

        /** A float32 configuration with exactly {@code warmup} untimed training steps. */
        public Config(
                Seq2seqPreset preset,
                int threads,
                int steps,
                int warmup,
                int decodeBatch,
                int beam,
                int greedyReps,
                int beamReps,
                double decodeWarmupSeconds,
                long seed) {
            this(
                    preset,
                    threads,
                    steps,
                    warmup,
                    0,
                    decodeBatch,
                    beam,
                    greedyReps,
                    beamReps,
                    decodeWarmupSeconds,
                    seed,
                    Precision.FP32);
        }

        /** The precision of the training products: {@link #precision()}, except float32 for int8. */
        public Precision trainPrecision() {
            return precision == Precision.INT8 ? Precision.FP32 : precision;
        }
    }

    private Seq2seqBenchmark() {}

    /** Trains, then decodes greedily and with beam search, measuring each. */
    public static Result run(Config c) {
        Seq2seqPreset p = c.preset();
        Gemm gemm = Gemm.get();
        gemm.setThreads(c.threads());
        Precision before = gemm.precision();
        gemm.setPrecision(c.precision()); // refuses one the backend cannot compute, before any work
        Double loadStart = Machine.loadAverage();
        Seq2seqWorkload w = new Seq2seqWorkload(p, c.seed());
        Machine.CpuSnapshot snap0 = Machine.cpuSnapshot();
        Seq2seqWorkload.TrainResult train;
        double greedy;
        double beam;
        int greedyWarmups;
        int beamWarmups;
        Machine.CpuSnapshot snap1;
        try {
            gemm.setPrecision(c.trainPrecision());
            train = w.train(c.warmup(), c.trainWarmupSeconds(), c.steps());
            snap1 = Machine.cpuSnapshot();
            gemm.setPrecision(c.precision());
            w.banEndOfSentence();
            SourceBatch src = w.decodingSources(c.decodeBatch());
            greedyWarmups = Timings.warmUp(() -> w.greedy(src), c.decodeWarmupSeconds());
            greedy = Timings.medianSeconds(() -> w.greedy(src), 0, c.greedyReps());
            beamWarmups = Timings.warmUp(() -> w.beam(src, c.beam()), c.decodeWarmupSeconds());
            beam = Timings.medianSeconds(() -> w.beam(src, c.beam()), 0, c.beamReps());
        } finally {
            gemm.setPrecision(before);
        }
        Machine.CpuSnapshot snap2 = Machine.cpuSnapshot();
        return new Result(
                c,
                w.model().parameterCount(),
                gemm.name(),
                gemm.threads(),
                train.warmupSteps(),
                Timings.median(train.stepSeconds()),
                Arrays.stream(train.stepSeconds()).min().orElse(Double.NaN),
                train.firstLoss(),
                train.lastLoss(),
                greedy,
                beam,
                greedyWarmups,
                beamWarmups,
                Machine.peakRssMb(),
                loadStart,
                Machine.loadAverage(),
                Machine.otherProcessesCpuFraction(snap0, snap2),
                Machine.otherProcessesCpuFraction(snap0, snap1),
                Machine.otherProcessesCpuFraction(snap1, snap2));
    }

    /**
     * What one run measured (times in seconds; machine figures null where {@code /proc} is unavailable).
     *
     * @param config what was measured
     * @param params Tolk's parameter count
     * @param backend the matrix-product backend
     * @param threads its threads
     * @param trainWarmups untimed training steps before the timed ones
     * @param stepSeconds median training step
     * @param minStepSeconds fastest training step
     * @param firstLoss loss of the first update
     * @param lastLoss loss of the last update
     * @param greedySeconds median greedy decoding of the batch
     * @param beamSeconds median beam decoding of the batch
     * @param greedyWarmups untimed greedy decodings before the timed ones
     * @param beamWarmups untimed beam decodings before the timed ones
     * @param peakRssMb peak resident memory
     * @param loadStart load average before
     * @param loadEnd load average after
     * @param otherCpu share of the CPUs other processes used during the run
     * @param otherCpuTrain during training
     * @param otherCpuDecode during decoding
     */
    public record Result(
            Config config,
            long params,
            String backend,
            int threads,
            int trainWarmups,
            double stepSeconds,
            double minStepSeconds,
            double firstLoss,
            double lastLoss,
            double greedySeconds,
            double beamSeconds,
            int greedyWarmups,
            int beamWarmups,
            Double peakRssMb,
            Double loadStart,
            Double loadEnd,
            Double otherCpu,
            Double otherCpuTrain,
            Double otherCpuDecode)
            implements BenchmarkResult {

        /** @return target tokens trained per second */
        public double trainTokensPerSecond() {
            return (double) config.preset().batch() * config.preset().tgtLen() / stepSeconds;
        }

        @Override
        public Map<String, Object> fields() {
            Seq2seqPreset p = config.preset();
            double trainFlopPerToken = 6.0 * p.macsPerTargetToken();
            double tokensPerSec = trainTokensPerSecond();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", p.model());
            r.put("impl", "tolk");
            r.put("emb", p.emb());
            r.put("hid", p.hidden());
            r.put("enc_hid_per_dir", p.attentive() ? p.hidden() : null);
            r.put("batch", p.batch());
            r.put("src_vocab", p.srcVocab());
            r.put("tgt_vocab", p.tgtVocab());
            r.put("src_len", p.srcLen());
            r.put("tgt_len", p.tgtLen());
            r.put("data", null);
            r.put("params", params);
            r.put("params_peer", p.peerParams());
            r.put("params_minus_peer", params - p.peerParams());
            r.put("params_minus_peer_expected", p.expectedParamDifference());
            r.put("preset", p.name());
            r.put("train_tokens_per_sec", Timings.round(tokensPerSec, 1));
            r.put("train_ms_per_step", Timings.round(stepSeconds * 1000, 4));
            r.put("train_ms_per_step_min", Timings.round(minStepSeconds * 1000, 4));
            r.put("greedy_sentences_per_sec", Timings.round(config.decodeBatch() / greedySeconds, 2));
            r.put("beam" + config.beam() + "_sentences_per_sec", Timings.round(config.decodeBatch() / beamSeconds, 2));
            r.put("decode_batch", config.decodeBatch());
            r.put("max_decode_len", p.tgtLen());
            r.put("train_mflop_per_tgt_tok_model", Timings.round(trainFlopPerToken / 1e6, 2));
            r.put("train_gflop_per_s_model", Timings.round(trainFlopPerToken * tokensPerSec / 1e9, 2));
            r.put("loss_first", Timings.round(firstLoss, 4));
            r.put("loss_last", Timings.round(lastLoss, 4));
            r.put("peak_rss_mb", peakRssMb);
            r.put("java", System.getProperty("java.version"));
            r.put("threads", threads);
            r.put("backend", backend);
            r.put("precision", config.precision().id());
            r.put("train_precision", config.trainPrecision().id());
            r.put("loadavg_start", loadStart);
            r.put("loadavg_end", loadEnd);
            r.put("other_procs_cpu_frac", otherCpu);
            r.put("other_procs_cpu_frac_train", otherCpuTrain);
            r.put("other_procs_cpu_frac_decode", otherCpuDecode);
            r.put("timed_steps", config.steps());
            r.put("warmup_steps", trainWarmups);
            r.put("train_warmup_seconds", config.trainWarmupSeconds());
            r.put("greedy_reps", config.greedyReps());
            r.put("beam_reps", config.beamReps());
            r.put("decode_warmup_seconds", config.decodeWarmupSeconds());
            r.put("greedy_warmup_runs", greedyWarmups);
            r.put("beam_warmup_runs", beamWarmups);
            return r;
        }

        @Override
        public String text() {
            Seq2seqPreset p = config.preset();
            Map<String, Object> r = fields();
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "preset %s (%s): emb %d, hidden %d, batch %d, vocab %d/%d, length %d/%d%n",
                    p.name(),
                    p.model(),
                    p.emb(),
                    p.hidden(),
                    p.batch(),
                    p.srcVocab(),
                    p.tgtVocab(),
                    p.srcLen(),
                    p.tgtLen()));
            sb.append(String.format(
                    Locale.ROOT,
                    "parameters:          %,d (peer %,d, difference %d)%n",
                    params,
                    p.peerParams(),
                    params - p.peerParams()));
            sb.append(String.format(
                    Locale.ROOT,
                    "backend:             %s, %s threads, precision %s (training %s)%n",
                    backend,
                    threads,
                    config.precision(),
                    config.trainPrecision()));
            sb.append(String.format(
                    Locale.ROOT,
                    "training:            %s target tokens/s (%s ms/step median of %d, after %d warm-up steps), %s"
                            + " GFLOP/s (%s MFLOP/token)%n",
                    r.get("train_tokens_per_sec"),
                    r.get("train_ms_per_step"),
                    config.steps(),
                    trainWarmups,
                    r.get("train_gflop_per_s_model"),
                    r.get("train_mflop_per_tgt_tok_model")));
            sb.append(String.format(
                    Locale.ROOT,
                    "greedy decoding:     %s sentences/s (median of %d, after %d warm-up runs)%n",
                    r.get("greedy_sentences_per_sec"),
                    config.greedyReps(),
                    greedyWarmups));
            sb.append(String.format(
                    Locale.ROOT,
                    "beam-%d decoding:     %s sentences/s (median of %d, after %d warm-up runs)%n",
                    config.beam(),
                    r.get("beam" + config.beam() + "_sentences_per_sec"),
                    config.beamReps(),
                    beamWarmups));
            sb.append(String.format(Locale.ROOT, "peak RSS:            %s MB%n", peakRssMb));
            sb.append(String.format(Locale.ROOT, "load average:        %s -> %s%n", loadStart, loadEnd));
            return sb.toString();
        }
    }
}
