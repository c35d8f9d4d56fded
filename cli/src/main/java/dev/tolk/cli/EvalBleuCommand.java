package dev.tolk.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.eval.AlignedStreams;
import dev.tolk.eval.Bleu;
import dev.tolk.eval.BleuScore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tolk eval bleu}. */
@Command(
        name = "bleu",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Corpus or sentence BLEU, identical to sacreBLEU 2.6.0 (an empty reference line is an empty reference).",
            "Prints sacreBLEU's score line; --json prints score, counts, totals, precisions, bp, sys_len, ref_len"
                    + " and signature."
        })
final class EvalBleuCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    EvalInputs inputs;

    @Mixin
    BleuOptions bleuOptions;

    @Option(names = "--sentence", description = "One sentence BLEU per line (effective order on, as sacreBLEU -sl).")
    boolean sentence;

    @Option(names = "--json", description = "Machine-readable JSON (one object per line with --sentence).")
    boolean json;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() throws IOException {
        Bleu bleu = new Bleu(bleuOptions.config(sentence));
        AlignedStreams in = inputs.read(1);
        try (CommandOutput.Opened opened = output.open(spec)) {
            PrintWriter out = opened.out();
            if (sentence) {
                List<String> h = in.hypothesis(0);
                String signature = null;
                for (int i = 0; i < h.size(); i++) {
                    BleuScore s = bleu.sentenceScore(h.get(i), in.referencesOf(i));
                    signature = s.signature().format();
                    out.println(json ? Json.line(json(s)) : s.formatScore());
                }
                if (!json) {
                    spec.commandLine().getErr().println("BLEU|" + signature);
                }
            } else {
                BleuScore s = bleu.corpusScore(in.hypothesis(0), in.referenceLists());
                out.println(json ? Json.line(json(s)) : s.format());
            }
            opened.commit();
        }
        return Tolk.EXIT_OK;
    }

    static ObjectNode json(BleuScore s) {
        ObjectNode m = Json.object().put("name", "BLEU").put("score", s.score());
        s.counts().forEach(m.putArray("counts")::add);
        s.totals().forEach(m.putArray("totals")::add);
        s.precisions().forEach(m.putArray("precisions")::add);
        m.put("bp", s.bp())
                .put("sys_len", s.sysLen())
                .put("ref_len", s.refLen())
                .put("ratio", s.ratio());
        boolean addK = false;
        for (int n = 0; n < s.counts().size(); n++) {
            addK |= s.smoothedCounts().get(n) != (double) s.counts().get(n)
                    || s.smoothedTotals().get(n) != (double) s.totals().get(n);
        }
        if (addK) {
            s.smoothedCounts().forEach(m.putArray("counts_after_add_k")::add);
            s.smoothedTotals().forEach(m.putArray("totals_after_add_k")::add);
        }
        return m.put("signature", s.signature().format());
    }
}
