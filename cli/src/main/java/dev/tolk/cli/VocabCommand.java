package dev.tolk.cli;

import dev.tolk.tokenizer.BpeLearner;
import dev.tolk.tokenizer.BpeModel;
import dev.tolk.tokenizer.TextPipeline;
import dev.tolk.tokenizer.Vocabulary;
import dev.tolk.tokenizer.VocabularyBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the vocabulary here (default: print it to standard output).")
    Path output;

    @Option(
            names = "--save-pipeline",
            paramLabel = "FILE",
            description = "Also write the preprocessing pipeline spec (JSON) used to make the symbols.")
    Path savePipeline;

    @Option(names = "--json", description = "With --output: print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
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
        TextPipeline pipeline;
        List<TokDocument> docs = null;
        BpeModel model = null;
        if (bpe != null) {
            docs = input.readAll();
            List<String> normalised = new ArrayList<>(docs.size());
            TextPipeline norm = TextPipeline.word(options.normalizer());
            for (TokDocument d : docs) {
                normalised.add(norm.normalize(d.text()));
            }
            model = new BpeLearner(bpe).learn(normalised);
            model.save(options.bpeModel);
            pipeline = TextPipeline.bpe(options.normalizer(), model);
        } else {
            pipeline = options.pipeline();
        }
        VocabularyBuilder builder = new VocabularyBuilder(minFreq, maxSize);
        long[] documents = {0};
        if (docs != null) {
            for (TokDocument d : docs) {
                builder.addAll(pipeline.pieces(d.text()));
                documents[0]++;
            }
        } else {
            TextPipeline p = pipeline;
            input.forEach(d -> {
                builder.addAll(p.pieces(d.text()));
                documents[0]++;
            });
        }
        Vocabulary vocab = builder.build();
        if (savePipeline != null) {
            java.nio.file.Files.writeString(savePipeline, pipeline.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == null) {
            out.println(vocab.toJson());
        } else {
            vocab.save(output);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("input", input.source());
                m.put("documents", documents[0]);
                m.put("distinct_symbols", builder.distinctTokens());
                m.put("size", vocab.size());
                m.put("output", output.toString());
                if (model != null) {
                    m.put("bpe_merges", model.merges().size());
                    m.put("bpe_model", options.bpeModel.toString());
                }
                out.println(TokJson.pretty(m));
            } else {
                out.printf(
                        Locale.ROOT,
                        "vocabulary: %d entries (4 special) from %d documents, %d distinct symbols;"
                                + " written to %s%n",
                        vocab.size(),
                        documents[0],
                        builder.distinctTokens(),
                        output);
                if (model != null) {
                    out.printf(
                            Locale.ROOT,
                            "BPE: %d merges written to %s%n",
                            model.merges().size(),
                            options.bpeModel);
                }
            }
        }
        out.flush();
        return Tolk.EXIT_OK;
    }
}
