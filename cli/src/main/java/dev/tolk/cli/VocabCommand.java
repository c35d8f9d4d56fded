package dev.tolk.cli;

import dev.tolk.data.AtomicFile;
import dev.tolk.data.TextRecord;
import dev.tolk.tokenizer.Vocabulary;
import dev.tolk.tokenizer.VocabularyLearner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk vocab}: builds a vocabulary of model symbols (the pieces of {@code tolk tokenize --pieces}) and,
 * with {@code --bpe N}, first learns BPE merges with target vocabulary size N and saves them to
 * {@code --bpe-model}.
 */
@Command(
        name = "vocab",
        description = {
            "Build a vocabulary of a corpus's model symbols; --bpe N learns BPE merges first.",
            "Ids: <pad>=0 <unk>=1 <s>=2 </s>=3, then by frequency, ties in lexicographic order. The symbols are those",
            "of 'tolk tokenize --pieces'. With --bpe N, BPE merges (target N symbols) are learned and saved to",
            "--bpe-model FILE first; the vocabulary is then built over the BPE pieces. --save-pipeline writes the",
            "complete preprocessing (normalisation, tokenizer, merges) as JSON, to rebuild it exactly later."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class VocabCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TokInputOptions input = new TokInputOptions();

    @Mixin
    TokPipelineOptions options = new TokPipelineOptions();

    @Option(
            names = "--min-freq",
            paramLabel = "N",
            description = "Keep symbols seen at least N times (default: ${DEFAULT-VALUE}).")
    int minFreq = 1;

    @Option(
            names = "--max-size",
            paramLabel = "N",
            description = "At most N entries, the 4 specials included (default: ${DEFAULT-VALUE}).")
    int maxSize = 50_000;

    @Option(
            names = "--bpe",
            paramLabel = "N",
            description =
                    "Learn BPE merges first, with target vocabulary size N (alphabet + merges); needs --bpe-model.")
    Integer bpe;

    @Mixin
    CommandOutput output;

    @Option(
            names = "--save-pipeline",
            paramLabel = "FILE",
            description = "Also write the preprocessing pipeline spec (JSON) used to make the symbols.")
    Path savePipeline;

    @Option(names = "--json", description = "With --output: print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (minFreq < 1) {
            throw new UsageException("--min-freq must be >= 1, got " + minFreq);
        }
        if (maxSize < Vocabulary.SPECIALS.size()) {
            throw new UsageException("--max-size must be >= 4 (the special tokens), got " + maxSize);
        }
        if (bpe != null) {
            if (bpe < 1) {
                throw new UsageException("--bpe must be >= 1 (target vocabulary size), got " + bpe);
            }
            if (options.bpeModel == null) {
                throw new UsageException("--bpe N needs --bpe-model FILE to save the merges to");
            }
            if (!options.tokenizer.equals("word") && !options.tokenizer.equals("bpe")) {
                throw new UsageException(
                        "--bpe learns merges over words; it cannot be combined with --tokenizer " + options.tokenizer);
            }
        }
        options.validate(bpe != null);
        PrintWriter err = spec.commandLine().getErr();
        VocabularyLearner learner = new VocabularyLearner(minFreq, maxSize);
        VocabularyLearner.Learned l = bpe != null
                ? learner.learnBpe(
                        options.normalizer(),
                        bpe,
                        input.readAll(err).stream().map(TextRecord::text).toList())
                : counted(learner.counter(options.pipeline()), err);
        if (l.bpe() != null) {
            AtomicFile.writeString(options.bpeModel, l.bpe().toJson());
        }
        if (savePipeline != null) {
            AtomicFile.writeString(savePipeline, l.pipeline().toJson());
        }
        try (CommandOutput.Opened opened = output.open(spec)) {
            if (output.file == null) {
                opened.out().println(l.vocabulary().toJson());
            } else {
                opened.out().print(l.vocabulary().toJson());
            }
            opened.commit();
        }
        if (output.file != null) {
            summary(spec.commandLine().getOut(), l);
        }
        return Tolk.EXIT_OK;
    }

    private VocabularyLearner.Learned counted(VocabularyLearner.Counter counter, PrintWriter err) throws IOException {
        input.forEach(err, d -> counter.add(d.text()));
        return counter.learned();
    }

    private void summary(PrintWriter out, VocabularyLearner.Learned l) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("input", input.source());
            m.put("documents", l.documents());
            m.put("distinct_symbols", l.distinctSymbols());
            m.put("size", l.vocabulary().size());
            m.put("output", output.file.toString());
            if (l.bpe() != null) {
                m.put("bpe_merges", l.bpe().merges().size());
                m.put("bpe_model", options.bpeModel.toString());
            }
            out.println(Json.pretty(m));
        } else {
            out.printf(
                    Locale.ROOT,
                    "vocabulary: %d entries (4 special) from %d documents, %d distinct symbols; written to %s%n",
                    l.vocabulary().size(),
                    l.documents(),
                    l.distinctSymbols(),
                    output.file);
            if (l.bpe() != null) {
                out.printf(
                        Locale.ROOT,
                        "BPE: %d merges written to %s%n",
                        l.bpe().merges().size(),
                        options.bpeModel);
            }
        }
        out.flush();
    }
}
