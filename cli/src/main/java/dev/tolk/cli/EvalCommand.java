package dev.tolk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.core.Gemm;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.CorpusData;
import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuConfig;
import dev.tolk.eval.BleuScore;
import dev.tolk.eval.BootstrapEstimate;
import dev.tolk.eval.BootstrapResampling;
import dev.tolk.eval.ChrF;
import dev.tolk.eval.ChrFConfig;
import dev.tolk.eval.ChrFScore;
import dev.tolk.eval.ConfidenceInterval;
import dev.tolk.eval.CorpusMetric;
import dev.tolk.eval.PairedBootstrapResult;
import dev.tolk.eval.Perplexity;
import dev.tolk.eval.PythonText;
import dev.tolk.eval.SegmentFile;
import dev.tolk.eval.Smoothing;
import dev.tolk.eval.Tokenization;
import dev.tolk.seq2seq.train.TrainingCorpus;
import dev.tolk.seq2seq.translate.ReferenceScorer;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tolk eval}: BLEU (identical to sacreBLEU 2.6.0), chrF/chrF++, paired bootstrap resampling and
 * perplexity. Input files are UTF-8 with one segment per line, read as sacreBLEU reads them (split on
 * {@code "\n"}, each line right-stripped, a final newline optional, empty lines are empty segments);
 * {@code -} reads standard input.
 */
@Command(
        name = "eval",
        description = "Score translations: BLEU, chrF, bootstrap significance, perplexity.",
        mixinStandardHelpOptions = true,
        subcommands = {
            EvalCommand.BleuCommand.class,
            EvalCommand.ChrfCommand.class,
            EvalCommand.BootstrapCommand.class,
            EvalCommand.PplCommand.class
        })
public final class EvalCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing command: choose one of "
                        + String.join(", ", spec.subcommands().keySet()));
    }

    /** Hypothesis and reference files, read and checked for alignment. */
    static final class Inputs {
        final List<String> hypPaths;
        final List<List<String>> hyps = new ArrayList<>();
        final List<String> refPaths;
        final List<List<String>> refs = new ArrayList<>();

        Inputs(List<String> hypPaths, List<String> refPaths) throws IOException {
            this.hypPaths = hypPaths;
            this.refPaths = refPaths;
            long stdin = hypPaths.stream().filter("-"::equals).count()
                    + refPaths.stream().filter("-"::equals).count();
            if (stdin > 1) {
                throw new UsageException("only one of --hyp/--ref can be '-' (standard input), got " + stdin);
            }
            for (String p : hypPaths) {
                hyps.add(read(p));
            }
            for (String p : refPaths) {
                refs.add(read(p));
            }
            String first = hypPaths.get(0);
            int n = hyps.get(0).size();
            if (n == 0) {
                throw new IllegalArgumentException(
                        first + ": no segments (the file is empty); give one hypothesis per line");
            }
            for (int h = 1; h < hyps.size(); h++) {
                checkSameLength(first, n, hypPaths.get(h), hyps.get(h).size(), "hypothesis");
            }
            for (int r = 0; r < refs.size(); r++) {
                checkSameLength(first, n, refPaths.get(r), refs.get(r).size(), "reference");
            }
            for (int i = 0; i < n; i++) {
                boolean any = false;
                for (List<String> stream : refs) {
                    any |= !stream.get(i).isEmpty();
                }
                if (!any) {
                    throw new IllegalArgumentException(refPaths.get(0) + ":" + (i + 1) + ": empty reference line"
                            + (refs.size() > 1 ? " in every reference file" : "")
                            + "; a segment needs a non-empty reference (sacreBLEU rejects this too): fix or drop line "
                            + (i + 1)
                            + " in all files");
                }
            }
        }

        private static void checkSameLength(String first, int n, String other, int m, String role) {
            if (m != n) {
                int line = Math.min(n, m) + 1;
                throw new IllegalArgumentException(other + ":" + line + ": " + role + " file has " + m + " lines but "
                        + first + " has " + n + "; files must be line-aligned, one segment per line");
            }
        }

        private static List<String> read(String path) throws IOException {
            List<String> lines =
                    "-".equals(path) ? SegmentFile.read(StdIo.in(), "<stdin>") : SegmentFile.read(Path.of(path));
            List<String> out = new ArrayList<>(lines.size());
            for (String l : lines) {
                out.add(PythonText.rstrip(l)); // as sacreBLEU's command line
            }
            return out;
        }

        List<String> refColumn(int i) {
            List<String> out = new ArrayList<>(refs.size());
            for (List<String> stream : refs) {
                out.add(stream.get(i));
            }
            return out;
        }
    }

    /** The BLEU options shared by {@code bleu} and {@code bootstrap}. */
    static final class BleuOptions {
        @Option(names = "--tokenize", paramLabel = "TOK", description = "13a (default), intl, char or none.")
        String tokenize = "13a";

        @Option(names = "--lowercase", description = "Lowercase hypotheses and references (case-insensitive BLEU).")
        boolean lowercase;

        @Option(names = "--smooth", paramLabel = "METHOD", description = "exp (default), floor, add-k or none.")
        String smooth = "exp";

        @Option(
                names = "--smooth-value",
                paramLabel = "V",
                description = "Value for floor (default 0.1) or add-k (default 1).")
        Double smoothValue;

        BleuConfig config(boolean sentence) {
            Tokenization tok;
            try {
                tok = Tokenization.fromId(tokenize);
            } catch (IllegalArgumentException e) {
                throw new UsageException(
                        "--tokenize must be one of " + Tokenization.ids() + ", got '" + tokenize + "'");
            }
            Smoothing sm;
            try {
                sm = Smoothing.fromId(smooth);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--smooth must be one of " + Smoothing.ids() + ", got '" + smooth + "'");
            }
            BleuConfig.Builder b =
                    BleuConfig.builder().tokenize(tok).lowercase(lowercase).effectiveOrder(sentence);
            if (smoothValue == null) {
                b.smoothing(sm);
            } else if (!sm.takesValue()) {
                throw new UsageException("--smooth-value applies only to --smooth floor or add-k, not " + sm.id()
                        + " (got --smooth-value " + smoothValue + ")");
            } else if (!(smoothValue >= 0) || smoothValue.isInfinite()) {
                throw new UsageException("--smooth-value must be a finite number >= 0, got " + smoothValue);
            } else {
                b.smoothing(sm, smoothValue);
            }
            return b.build();
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> bleuJson(BleuScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "BLEU");
        m.put("score", s.score());
        m.put("counts", s.counts());
        m.put("totals", s.totals());
        m.put("precisions", s.precisions());
        m.put("bp", s.bp());
        m.put("sys_len", s.sysLen());
        m.put("ref_len", s.refLen());
        m.put("ratio", s.ratio());
        if (!s.smoothedCounts().equals(toDoubles(s.counts()))
                || !s.smoothedTotals().equals(toDoubles(s.totals()))) {
            m.put("counts_after_add_k", s.smoothedCounts());
            m.put("totals_after_add_k", s.smoothedTotals());
        }
        m.put("signature", s.signature().format());
        return m;
    }

    private static List<Double> toDoubles(List<Long> values) {
        List<Double> out = new ArrayList<>(values.size());
        for (long v : values) {
            out.add((double) v);
        }
        return out;
    }

    static Map<String, Object> chrfJson(ChrFScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("score", s.score());
        List<List<Long>> orders = new ArrayList<>();
        for (int i = 0; i < s.statistics().size() / 3; i++) {
            orders.add(s.statistics().subList(3 * i, 3 * i + 3));
        }
        m.put("stats_hyp_ref_match_per_order", orders);
        m.put("signature", s.signature().format());
        return m;
    }

    /** {@code tolk eval bleu}. */
    @Command(
            name = "bleu",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Corpus or sentence BLEU, identical to sacreBLEU 2.6.0.",
                "Prints sacreBLEU's score line; --json prints score, counts, totals, precisions, bp, sys_len, ref_len "
                        + "and signature."
            })
    static final class BleuCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--hyp",
                required = true,
                paramLabel = "FILE",
                description = "Hypotheses, one per line ('-' = stdin).")
        String hyp;

        @Option(
                names = "--ref",
                required = true,
                paramLabel = "FILE",
                description = "References, one per line; repeat for several reference translations.")
        List<String> refs;

        @CommandLine.Mixin
        BleuOptions bleuOptions;

        @Option(
                names = "--sentence",
                description = "One sentence BLEU per line (effective order on, as sacreBLEU -sl).")
        boolean sentence;

        @Option(names = "--json", description = "Machine-readable JSON (one object per line with --sentence).")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Bleu bleu = new Bleu(bleuOptions.config(sentence));
            Inputs in = new Inputs(List.of(hyp), refs);
            PrintWriter out = spec.commandLine().getOut();
            if (sentence) {
                List<String> h = in.hyps.get(0);
                String signature = null;
                for (int i = 0; i < h.size(); i++) {
                    BleuScore s = bleu.sentenceScore(h.get(i), in.refColumn(i));
                    signature = s.signature().format();
                    out.println(json ? json(bleuJson(s)) : s.formatScore());
                }
                if (!json) {
                    spec.commandLine().getErr().println("BLEU|" + signature);
                }
            } else {
                BleuScore s = bleu.corpusScore(in.hyps.get(0), in.refs);
                out.println(json ? json(bleuJson(s)) : s.format());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code tolk eval chrf}. */
    @Command(
            name = "chrf",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Corpus or sentence chrF / chrF++ (--word-order 2), identical to sacreBLEU 2.6.0.")
    static final class ChrfCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--hyp",
                required = true,
                paramLabel = "FILE",
                description = "Hypotheses, one per line ('-' = stdin).")
        String hyp;

        @Option(names = "--ref", required = true, paramLabel = "FILE", description = "References; repeatable.")
        List<String> refs;

        @Option(
                names = "--word-order",
                paramLabel = "N",
                description = "Word n-gram order: 0 = chrF (default), 2 = chrF++.")
        int wordOrder = 0;

        @Option(names = "--char-order", paramLabel = "N", description = "Character n-gram order (default 6).")
        int charOrder = 6;

        @Option(names = "--beta", paramLabel = "B", description = "Recall weight (default 2).")
        int beta = 2;

        @Option(names = "--lowercase", description = "Case-insensitive.")
        boolean lowercase;

        @Option(names = "--whitespace", description = "Keep whitespace in character n-grams.")
        boolean whitespace;

        @Option(names = "--eps-smoothing", description = "Average per-order F-scores as chrF++.py (eff:no).")
        boolean epsSmoothing;

        @Option(names = "--sentence", description = "One chrF per line.")
        boolean sentence;

        @Option(names = "--json", description = "Machine-readable JSON (one object per line with --sentence).")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (wordOrder < 0 || wordOrder > 10) {
                throw new UsageException("--word-order must be in 0..10, got " + wordOrder);
            }
            if (charOrder < 0 || charOrder > 20 || charOrder + wordOrder == 0) {
                throw new UsageException(
                        "--char-order must be in 0..20 and not 0 together with --word-order 0, got " + charOrder);
            }
            if (beta < 0) {
                throw new UsageException("--beta must be >= 0, got " + beta);
            }
            ChrF chrf = new ChrF(new ChrFConfig(charOrder, wordOrder, beta, lowercase, whitespace, epsSmoothing));
            Inputs in = new Inputs(List.of(hyp), refs);
            PrintWriter out = spec.commandLine().getOut();
            if (sentence) {
                List<String> h = in.hyps.get(0);
                String signature = null;
                for (int i = 0; i < h.size(); i++) {
                    ChrFScore s = chrf.sentenceScore(h.get(i), in.refColumn(i));
                    signature = s.name() + "|" + s.signature().format();
                    out.println(json ? json(chrfJson(s)) : s.formatScore());
                }
                if (!json) {
                    spec.commandLine().getErr().println(signature);
                }
            } else {
                ChrFScore s = chrf.corpusScore(in.hyps.get(0), in.refs);
                out.println(json ? json(chrfJson(s)) : s.format());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code tolk eval bootstrap}. */
    @Command(
            name = "bootstrap",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Bootstrap confidence interval of one system, or sacreBLEU's paired bootstrap test of a "
                        + "system (second --hyp) against a baseline (first --hyp)."
            })
    static final class BootstrapCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--hyp",
                required = true,
                paramLabel = "FILE",
                description = "Hypotheses: once for a confidence interval, twice (baseline, system) for a paired test.")
        List<String> hyps;

        @Option(names = "--ref", required = true, paramLabel = "FILE", description = "References; repeatable.")
        List<String> refs;

        @Option(names = "--metric", paramLabel = "M", description = "bleu (default) or chrf.")
        String metric = "bleu";

        @CommandLine.Mixin
        BleuOptions bleuOptions;

        @Option(names = "--resamples", paramLabel = "N", description = "Bootstrap resamples (default 1000).")
        int resamples = BootstrapResampling.DEFAULT_RESAMPLES;

        @Option(names = "--seed", paramLabel = "S", description = "Random seed (default 12345, as sacreBLEU).")
        long seed = BootstrapResampling.DEFAULT_SEED;

        @Option(names = "--json", description = "Machine-readable JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (hyps.size() > 2) {
                throw new UsageException("--hyp must be given once or twice (baseline, system), got " + hyps.size());
            }
            if (resamples < 1 || resamples > 1_000_000) {
                throw new UsageException("--resamples must be in 1..1000000, got " + resamples);
            }
            CorpusMetric m;
            if ("bleu".equals(metric)) {
                m = new Bleu(bleuOptions.config(false));
            } else if ("chrf".equals(metric)) {
                m = new ChrF(ChrFConfig.chrF());
            } else {
                throw new UsageException("--metric must be one of bleu, chrf, got '" + metric + "'");
            }
            Inputs in = new Inputs(hyps, refs);
            BootstrapResampling bs = new BootstrapResampling(resamples, seed);
            PrintWriter out = spec.commandLine().getOut();
            if (hyps.size() == 1) {
                BootstrapEstimate e = bs.confidenceInterval(m, in.hyps.get(0), in.refs);
                if (json) {
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("name", m.name());
                    j.put("hyp", hyps.get(0));
                    j.put("score", e.score());
                    putInterval(j, e.interval());
                    j.put("resamples", resamples);
                    j.put("seed", seed);
                    j.put("signature", e.signature().format());
                    out.println(json(j));
                } else {
                    out.printf(Locale.ROOT, "%s = %.2f (%s)%n", m.name(), e.score(), interval(e.interval()));
                    out.println("signature: " + e.signature().format());
                }
            } else {
                PairedBootstrapResult r = bs.pairedTest(m, in.hyps.get(0), in.hyps.get(1), in.refs);
                if (json) {
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("name", m.name());
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("hyp", hyps.get(0));
                    a.put("score", r.baselineScore());
                    putInterval(a, r.baselineInterval());
                    Map<String, Object> b = new LinkedHashMap<>();
                    b.put("hyp", hyps.get(1));
                    b.put("score", r.systemScore());
                    putInterval(b, r.systemInterval());
                    j.put("baseline", a);
                    j.put("system", b);
                    j.put("difference", r.difference());
                    j.put("p_value", r.pValue());
                    j.put("system_better_fraction", r.systemBetterFraction());
                    j.put("resamples", resamples);
                    j.put("seed", seed);
                    j.put("signature", r.signature().format());
                    out.println(json(j));
                } else {
                    out.printf(
                            Locale.ROOT,
                            "baseline %s: %s = %.2f (%s)%n",
                            hyps.get(0),
                            m.name(),
                            r.baselineScore(),
                            interval(r.baselineInterval()));
                    out.printf(
                            Locale.ROOT,
                            "system   %s: %s = %.2f (%s)%n",
                            hyps.get(1),
                            m.name(),
                            r.systemScore(),
                            interval(r.systemInterval()));
                    out.printf(
                            Locale.ROOT,
                            "difference %+.2f, p-value %.4f%s; system better in %.1f%% of %d resamples%n",
                            r.difference(),
                            r.pValue(),
                            r.pValue() < 0.05 ? " (significant at 0.05)" : " (not significant at 0.05)",
                            100 * r.systemBetterFraction(),
                            resamples);
                    out.println("signature: " + r.signature().format());
                }
            }
            out.flush();
            return 0;
        }

        private static String interval(ConfidenceInterval ci) {
            return String.format(
                    Locale.ROOT,
                    "μ = %.2f ± %.2f, 95%% CI [%.2f, %.2f]",
                    ci.mean(),
                    ci.halfWidth(),
                    ci.lower(),
                    ci.upper());
        }

        private static void putInterval(Map<String, Object> m, ConfidenceInterval ci) {
            m.put("mean", ci.mean());
            m.put("ci_half_width", ci.halfWidth());
            m.put("ci_lower", ci.lower());
            m.put("ci_upper", ci.upper());
        }
    }

    /** {@code tolk eval ppl}. */
    @Command(
            name = "ppl",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Perplexity exp(NLL / tokens): of a trained model on a parallel corpus (teacher-forced, as the "
                        + "validation perplexity of 'tolk train'), or from a summed negative log-likelihood (natural log).",
                "Tolk counts </s> as a predicted token (the decoder predicts it); <s> and padding are never counted."
            })
    static final class PplCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--model",
                paramLabel = "M",
                description = "Model directory (holding model.tolk) or model file.")
        Path model;

        @Option(
                names = "--corpus",
                paramLabel = "FILE",
                description = "Parallel corpus (CSV/TSV, read with the model's "
                        + "data.* settings: format, header, source and target columns) whose references are scored.")
        Path corpus;

        @Option(names = "--nll", paramLabel = "SUM", description = "Summed negative log-likelihood in nats.")
        Double nll;

        @Option(names = "--tokens", paramLabel = "N", description = "Number of predicted tokens.")
        Long tokens;

        @Option(names = "--threads", paramLabel = "N", description = "Matrix-product threads (default: all cores).")
        Integer threads;

        @Option(names = "--json", description = "Machine-readable JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            boolean fromModel = model != null || corpus != null;
            boolean fromSum = nll != null || tokens != null;
            if (fromModel == fromSum
                    || (fromModel && (model == null || corpus == null))
                    || (fromSum && (nll == null || tokens == null))) {
                throw new UsageException("give either --model and --corpus (score a corpus) or --nll and --tokens");
            }
            Map<String, Object> j = new LinkedHashMap<>();
            Perplexity p;
            if (fromModel) {
                if (threads != null && (threads < 1 || threads > 1024)) {
                    throw new UsageException("--threads must be in [1, 1024], got " + threads);
                }
                if (threads != null) {
                    Gemm.get().setThreads(threads);
                }
                Translator translator = Translator.load(model);
                CorpusData data = TrainingCorpus.read(translator.config().data(), corpus, BadRowPolicy.SKIP);
                if (data.pairs().isEmpty()) {
                    throw new UsageException(corpus + ": no sentence pairs (the model reads columns '"
                            + translator.config().data().sourceColumn() + "' and '"
                            + translator.config().data().targetColumn()
                            + "')");
                }
                p = new ReferenceScorer(translator).score(data.pairs());
                j.put("corpus", corpus.toString());
                j.put("sentences", data.pairs().size());
            } else {
                if (!(nll >= 0) || Double.isInfinite(nll)) {
                    throw new UsageException("--nll must be a finite number >= 0 (summed natural-log NLL), got " + nll);
                }
                if (tokens < 1) {
                    throw new UsageException("--tokens must be >= 1, got " + tokens);
                }
                p = Perplexity.of(nll, tokens);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                j.put("perplexity", p.value());
                j.put("nll", p.nll());
                j.put("tokens", p.tokens());
                j.put("nll_per_token", p.nllPerToken());
                j.put("bits_per_token", p.bitsPerToken());
                out.println(json(j));
            } else {
                out.printf(
                        Locale.ROOT,
                        "PPL = %.4f (NLL/token = %.4f nats = %.4f bits, tokens = %d%s)%n",
                        p.value(),
                        p.nllPerToken(),
                        p.bitsPerToken(),
                        p.tokens(),
                        fromModel ? ", sentences = " + j.get("sentences") + ", teacher-forced" : "");
            }
            out.flush();
            return 0;
        }
    }
}
