package dev.tolk.cli;

import dev.tolk.tokenizer.BpeModel;
import dev.tolk.tokenizer.Normalizer;
import dev.tolk.tokenizer.TextPipeline;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Tokenisation options shared by the tokenizer commands; builds the {@link TextPipeline}. */
final class TokPipelineOptions {
    /** Normalisation forms offered. */
    enum Form {
        none,
        nfc,
        nfkc
    }

    @Option(
            names = "--tokenizer",
            paramLabel = "KIND",
            description = "word, char or bpe (needs --bpe-model) (default: ${DEFAULT-VALUE}).")
    String tokenizer = "word";

    @Option(names = "--bpe-model", paramLabel = "FILE", description = "BPE merges (JSON) for --tokenizer bpe.")
    Path bpeModel;

    @Option(names = "--lowercase", description = "Lowercase (locale-independent).")
    boolean lowercase;

    @Option(
            names = "--normalize",
            paramLabel = "FORM",
            description = "Unicode normalisation: none, nfc or nfkc (default: ${DEFAULT-VALUE}).")
    Form normalize = Form.nfc;

    @Option(
            names = "--keep-invisible",
            description = "Keep soft hyphens, zero-width spaces, word joiners and BOMs (removed by default).")
    boolean keepInvisible;

    Normalizer normalizer() {
        Normalizer.Form f = switch (normalize) {
            case none -> Normalizer.Form.NONE;
            case nfc -> Normalizer.Form.NFC;
            case nfkc -> Normalizer.Form.NFKC;
        };
        return new Normalizer(f, lowercase, !keepInvisible);
    }

    /** Validates the options; {@code bpeComesLater} when the command learns the BPE model itself. */
    void validate(boolean bpeComesLater) {
        switch (tokenizer) {
            case "word", "char" -> {
                if (bpeModel != null && !bpeComesLater) {
                    throw new UsageException("--bpe-model needs --tokenizer bpe, got --tokenizer " + tokenizer);
                }
            }
            case "bpe" -> {
                if (bpeModel == null && !bpeComesLater) {
                    throw new UsageException("--tokenizer bpe needs --bpe-model FILE (learn one with"
                            + " 'tolk vocab --bpe N --bpe-model FILE')");
                }
            }
            default -> throw new UsageException("--tokenizer must be one of word, char, bpe, got '" + tokenizer + "'");
        }
    }

    /** The pipeline for these options (loads the BPE model when needed). */
    TextPipeline pipeline() throws IOException {
        validate(false);
        return switch (tokenizer) {
            case "char" -> TextPipeline.chars(normalizer());
            case "bpe" -> TextPipeline.bpe(normalizer(), BpeModel.load(bpeModel));
            default -> TextPipeline.word(normalizer());
        };
    }
}
