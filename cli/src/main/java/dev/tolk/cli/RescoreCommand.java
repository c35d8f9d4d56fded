package dev.tolk.cli;

import dev.tolk.seq2seq.io.NbestLine;
import dev.tolk.seq2seq.io.SourceRecord;
import dev.tolk.seq2seq.io.TranslationInput;
import dev.tolk.seq2seq.translate.HypothesisScorer;
import dev.tolk.seq2seq.translate.NbestRescoring;
import dev.tolk.seq2seq.translate.RescoredHypothesis;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tolk rescore}: rescores a Moses n-best list ({@code tolk translate --nbest N} output) with another model,
 * typically a right-to-left one, and prints the reranked best translation per source line (or the reranked list).
 * A command of its own, as Marian ({@code marian-scorer --n-best}) and Nematus ({@code rescore.py}) do it: the list
 * may come from any system or ensemble, and the rescoring step composes in scripts.
 */
@Command(
        name = "rescore",
        description = {
            "Rescore an n-best list with another model (e.g. right-to-left, trained with data.target_order=r2l) and"
                    + " rerank it by w_list * list score + w * model score (equal weights by default).",
            "Prints the best translation per source line, or with --format nbest the reranked list as"
                    + " 'i ||| text ||| List= s R2L= r ||| total'."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class RescoreCommand implements Callable<Integer> {
    enum Format {
        text,
        nbest
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelsOption model;

    @Mixin
    RescoreOptions options;

    @Mixin
    CommandOutput output;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Override
    public Integer call() throws IOException {
        options.validate();
        List<String> sources = lines(options.source);
        List<NbestLine> nbest = nbest(options.nbest);
        Translator translator = model.load();
        double alpha = options.lengthPenalty != null
                ? options.lengthPenalty
                : translator.config().decode().lengthPenalty();
        threads.apply();
        NbestRescoring rescoring = new NbestRescoring(new HypothesisScorer(translator, alpha), options.reranker(), 16);
        List<List<RescoredHypothesis>> out;
        try {
            out = rescoring.rescore(sources, nbest, options.nbest);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String feature = translator.encoding().rightToLeft() ? "R2L" : "Rescore";
        try (CommandOutput.Opened opened = output.open(spec)) {
            PrintWriter w = opened.out();
            for (int s = 0; s < out.size(); s++) {
                List<RescoredHypothesis> hyps = out.get(s);
                if (options.format == Format.text) {
                    w.println(hyps.isEmpty() ? "" : hyps.get(0).text());
                    continue;
                }
                for (RescoredHypothesis h : hyps) {
                    w.println(h.mosesLine(s, feature));
                }
            }
            w.flush();
            opened.commit();
        }
        return Tolk.EXIT_OK;
    }

    private static List<String> lines(String file) throws IOException {
        try (InputStream in = StdIo.open(file);
                TranslationInput t = TranslationInput.text(in, StdIo.name(file))) {
            return t.readAll().stream().map(SourceRecord::text).toList();
        }
    }

    private static List<NbestLine> nbest(String file) throws IOException {
        try (InputStream in = StdIo.open(file)) {
            return NbestLine.read(in, StdIo.name(file));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
