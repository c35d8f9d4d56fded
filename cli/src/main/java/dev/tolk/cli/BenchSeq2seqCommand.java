package dev.tolk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.core.Gemm;
import dev.tolk.seq2seq.search.SourceBatch;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tolk bench seq2seq}: training and decoding speed of a standard configuration of
 * {@code ../shared/BENCHMARKS.md}, the same workload and model as {@code ../shared/peer/torch_seq2seq.py} (see
 * {@link BenchSeq2seqWorkload}), printing the peer's JSON keys. {@code bench/side_by_side.sh} runs both in one go.
 *
 * <p>Figures: {@code train_tokens_per_sec = batch · tgtLen / median step time} after warm-up; greedy and beam
 * sentences per second from the median of several decodings of {@code --decode-batch} sentences after one
 * warm-up decoding; model GFLOP/s from the peer's FLOP count ({@link BenchSeq2seqPreset#macsPerTargetToken});
 * peak RSS from {@code VmHWM}.
 */
@Command(
        name = "seq2seq",
        description = "Training and decoding speed of a standard seq2seq configuration (BENCHMARKS.md).",
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class BenchSeq2seqCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--preset",
            required = true,
            paramLabel = "NAME",
            description = "Standard configuration: cho-512, attn-512 or attn-256.")
    String preset;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads for matrix products (default: ${DEFAULT-VALUE}, as the peer).")
    int threads = 2;

    @Option(names = "--steps", paramLabel = "N", description = "Timed training steps (default: ${DEFAULT-VALUE}).")
    int steps = 20;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description = "Untimed training steps first (default: ${DEFAULT-VALUE}).")
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
        BenchSeq2seqPreset p = configuration();
        Gemm gemm = Gemm.get();
        gemm.setThreads(threads);
        Double loadStart = BenchSeq2seqMachine.loadAverage();
        BenchSeq2seqWorkload w = new BenchSeq2seqWorkload(p, seed);

        BenchSeq2seqMachine.CpuSnapshot snap0 = BenchSeq2seqMachine.cpuSnapshot();
        BenchSeq2seqWorkload.TrainResult train = w.train(warmup, steps);
        double median = median(train.stepSeconds());
        double min = Arrays.stream(train.stepSeconds()).min().orElse(Double.NaN);
        double tokensPerSec = (double) p.batch() * p.tgtLen() / median;

        BenchSeq2seqMachine.CpuSnapshot snap1 = BenchSeq2seqMachine.cpuSnapshot();
        w.banEndOfSentence();
        SourceBatch src = w.decodingSources(decodeBatch);
        double tGreedy = timeMedian(() -> w.greedy(src), greedyReps);
        double tBeam = timeMedian(() -> w.beam(src, beam), beamReps);
        BenchSeq2seqMachine.CpuSnapshot snap2 = BenchSeq2seqMachine.cpuSnapshot();

        long params = w.model().parameterCount();
        double trainFlopPerToken = 6.0 * p.macsPerTargetToken();
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
        r.put("train_tokens_per_sec", round(tokensPerSec, 1));
        r.put("train_ms_per_step", round(median * 1000, 4));
        r.put("train_ms_per_step_min", round(min * 1000, 4));
        r.put("greedy_sentences_per_sec", round(decodeBatch / tGreedy, 2));
        r.put("beam" + beam + "_sentences_per_sec", round(decodeBatch / tBeam, 2));
        r.put("decode_batch", decodeBatch);
        r.put("max_decode_len", p.tgtLen());
        r.put("train_mflop_per_tgt_tok_model", round(trainFlopPerToken / 1e6, 2));
        r.put("train_gflop_per_s_model", round(trainFlopPerToken * tokensPerSec / 1e9, 2));
        r.put("loss_first", round(train.firstLoss(), 4));
        r.put("loss_last", round(train.lastLoss(), 4));
        r.put("peak_rss_mb", BenchSeq2seqMachine.peakRssMb());
        r.put("java", System.getProperty("java.version"));
        r.put("threads", gemm.threads());
        r.put("backend", gemm.name());
        r.put("loadavg_start", loadStart);
        r.put("loadavg_end", BenchSeq2seqMachine.loadAverage());
        r.put("other_procs_cpu_frac", BenchSeq2seqMachine.otherProcessesCpuFraction(snap0, snap2));
        r.put("other_procs_cpu_frac_train", BenchSeq2seqMachine.otherProcessesCpuFraction(snap0, snap1));
        r.put("other_procs_cpu_frac_decode", BenchSeq2seqMachine.otherProcessesCpuFraction(snap1, snap2));
        r.put("timed_steps", steps);
        r.put("warmup_steps", warmup);

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(JSON.writeValueAsString(r));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("bench seq2seq: cannot write JSON", e);
            }
        } else {
            out.print(human(p, r));
        }
        out.flush();
    }

    private BenchSeq2seqPreset configuration() {
        BenchSeq2seqPreset base = BenchSeq2seqPreset.STANDARD.get(preset);
        if (base == null) {
            throw new UsageException("--preset must be one of "
                    + String.join(", ", BenchSeq2seqPreset.STANDARD.keySet()) + ", got '" + preset + "'");
        }
        positive("--threads", threads);
        positive("--steps", steps);
        positive("--decode-batch", decodeBatch);
        positive("--beam", beam);
        positive("--greedy-reps", greedyReps);
        positive("--beam-reps", beamReps);
        if (warmup < 0) {
            throw new UsageException("--warmup must be >= 0, got " + warmup);
        }
        BenchSeq2seqPreset p = new BenchSeq2seqPreset(
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
            throw new UsageException(
                    "--src-vocab and --tgt-vocab must be >= 5 (four special symbols and one token), got " + p.srcVocab()
                            + " and " + p.tgtVocab());
        }
        if (!BenchSeq2seqWorkload.decodableLength(p.srcLen(), p.tgtLen())) {
            throw new UsageException("--tgt-len must be >= 10 (and --src-len >= 2 when --tgt-len > 10): decoding stops "
                    + "at the search's length limit floor(ratio * (S - 1)) + 10; got --src-len " + p.srcLen()
                    + ", --tgt-len "
                    + p.tgtLen());
        }
        return p;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new UsageException(name + " must be >= 1, got " + value);
        }
    }

    private static int pick(String name, Integer override, int preset) {
        if (override == null) {
            return preset;
        }
        positive(name, override);
        return override;
    }

    private static double timeMedian(Runnable fn, int reps) {
        fn.run();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            fn.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return median(t);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
    }

    private static Double round(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return null;
        }
        double s = Math.pow(10, decimals);
        return Math.round(v * s) / s;
    }

    private String human(BenchSeq2seqPreset p, Map<String, Object> r) {
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
                r.get("params"),
                r.get("params_peer"),
                r.get("params_minus_peer")));
        sb.append(String.format(
                Locale.ROOT, "backend:             %s, %s threads%n", r.get("backend"), r.get("threads")));
        sb.append(String.format(
                Locale.ROOT,
                "training:            %s target tokens/s (%s ms/step median of %d), " + "%s GFLOP/s (%s MFLOP/token)%n",
                r.get("train_tokens_per_sec"),
                r.get("train_ms_per_step"),
                steps,
                r.get("train_gflop_per_s_model"),
                r.get("train_mflop_per_tgt_tok_model")));
        sb.append(
                String.format(Locale.ROOT, "greedy decoding:     %s sentences/s%n", r.get("greedy_sentences_per_sec")));
        sb.append(String.format(
                Locale.ROOT,
                "beam-%d decoding:     %s sentences/s%n",
                beam,
                r.get("beam" + beam + "_sentences_per_sec")));
        sb.append(String.format(Locale.ROOT, "peak RSS:            %s MB%n", r.get("peak_rss_mb")));
        sb.append(String.format(
                Locale.ROOT, "load average:        %s -> %s%n", r.get("loadavg_start"), r.get("loadavg_end")));
        return sb.toString();
    }
}
