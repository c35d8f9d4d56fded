package dev.tolk.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.data.BadRowPolicy;
import dev.tolk.data.CorpusData;
import dev.tolk.eval.Perplexity;
import dev.tolk.seq2seq.train.TrainingCorpus;
import dev.tolk.seq2seq.translate.ReferenceScorer;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tolk eval ppl}. */
@Command(
        name = "ppl",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Perplexity exp(NLL / tokens): of a trained model on a parallel corpus (teacher-forced, as the validation"
                    + " perplexity of 'tolk train'), or from a summed negative log-likelihood (natural log).",
            "Tolk counts </s> as a predicted token (the decoder predicts it); <s> and padding are never counted."
        })
final class EvalPplCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "M", description = "Model directory or model file.")
    Path model;

    @Option(
            names = "--corpus",
            paramLabel = "FILE",
            description = "Parallel corpus (CSV/TSV, read with the model's data.* settings) whose references are"
                    + " scored.")
    Path corpus;

    @Option(names = "--nll", paramLabel = "SUM", description = "Summed negative log-likelihood in nats.")
    Double nll;

    @Option(names = "--tokens", paramLabel = "N", description = "Number of predicted tokens.")
    Long tokens;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--json", description = "Machine-readable JSON.")
    boolean json;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() throws IOException {
        boolean fromModel = model != null || corpus != null;
        boolean fromSum = nll != null || tokens != null;
        if (fromModel == fromSum
                || (fromModel && (model == null || corpus == null))
                || (fromSum && (nll == null || tokens == null))) {
            throw new UsageException("give either --model and --corpus (score a corpus) or --nll and --tokens");
        }
        ObjectNode j = Json.object();
        Perplexity p;
        if (fromModel) {
            threads.apply();
            Translator translator = Translator.load(model);
            CorpusData data = TrainingCorpus.read(translator.config().data(), corpus, BadRowPolicy.SKIP);
            if (data.pairs().isEmpty()) {
                throw new UsageException(corpus + ": no sentence pairs (the model reads columns '"
                        + translator.config().data().sourceColumn() + "' and '"
                        + translator.config().data().targetColumn() + "')");
            }
            p = new ReferenceScorer(translator).score(data.pairs());
            j.put("corpus", corpus.toString()).put("sentences", data.pairs().size());
        } else {
            if (!(nll >= 0) || Double.isInfinite(nll)) {
                throw new UsageException("--nll must be a finite number >= 0 (summed natural-log NLL), got " + nll);
            }
            if (tokens < 1) {
                throw new UsageException("--tokens must be >= 1, got " + tokens);
            }
            p = Perplexity.of(nll, tokens);
        }
        try (CommandOutput.Opened opened = output.open(spec)) {
            if (json) {
                j.put("perplexity", p.value()).put("nll", p.nll()).put("tokens", p.tokens());
                j.put("nll_per_token", p.nllPerToken()).put("bits_per_token", p.bitsPerToken());
                opened.out().println(Json.line(j));
            } else {
                opened.out()
                        .printf(
                                Locale.ROOT,
                                "PPL = %.4f (NLL/token = %.4f nats = %.4f bits, tokens = %d%s)%n",
                                p.value(),
                                p.nllPerToken(),
                                p.bitsPerToken(),
                                p.tokens(),
                                fromModel ? ", sentences = " + j.get("sentences") + ", teacher-forced" : "");
            }
            opened.commit();
        }
        return Tolk.EXIT_OK;
    }
}
