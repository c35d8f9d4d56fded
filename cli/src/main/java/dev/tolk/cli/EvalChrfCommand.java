package dev.tolk.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.eval.AlignedStreams;
import dev.tolk.eval.ChrF;
import dev.tolk.eval.ChrFConfig;
import dev.tolk.eval.ChrFScore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tolk eval chrf}. */
@Command(
        name = "chrf",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Corpus or sentence chrF / chrF++ (--word-order 2), identical to sacreBLEU 2.6.0.")
final class EvalChrfCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    EvalInputs inputs;

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

    @Mixin
    CommandOutput output;

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
        AlignedStreams in = inputs.read(1);
        try (CommandOutput.Opened opened = output.open(spec)) {
            PrintWriter out = opened.out();
            if (sentence) {
                List<String> h = in.hypothesis(0);
                String signature = null;
                for (int i = 0; i < h.size(); i++) {
                    ChrFScore s = chrf.sentenceScore(h.get(i), in.referencesOf(i));
                    signature = s.name() + "|" + s.signature().format();
                    out.println(json ? Json.line(json(s)) : s.formatScore());
                }
                if (!json) {
                    spec.commandLine().getErr().println(signature);
                }
            } else {
                ChrFScore s = chrf.corpusScore(in.hypothesis(0), in.referenceLists());
                out.println(json ? Json.line(json(s)) : s.format());
            }
            opened.commit();
        }
        return Tolk.EXIT_OK;
    }

    static ObjectNode json(ChrFScore s) {
        ObjectNode m = Json.object().put("name", s.name()).put("score", s.score());
        ArrayNode orders = m.putArray("stats_hyp_ref_match_per_order");
        for (int i = 0; i < s.statistics().size() / 3; i++) {
            s.statistics().subList(3 * i, 3 * i + 3).forEach(orders.addArray()::add);
        }
        return m.put("signature", s.signature().format());
    }
}
