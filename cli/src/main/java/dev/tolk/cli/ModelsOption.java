package dev.tolk.cli;

import dev.tolk.core.Precision;
import dev.tolk.seq2seq.translate.IncompatibleModelsException;
import dev.tolk.seq2seq.translate.Translator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --model} option of commands that decode: one model, or several decoded as an ensemble. */
final class ModelsOption {
    @Option(
            names = "--model",
            required = true,
            paramLabel = "M",
            description = {
                "Model directory (holding model.tolk) or model file. Repeat for an ensemble: at every step the"
                        + " models' log-probabilities are averaged (same tokenizer, vocabularies and target order"
                        + " required; decoding settings from the first)."
            })
    List<Path> models;

    /**
     * Loads the model or ensemble for float32 products.
     *
     * @throws UsageException when the models cannot form an ensemble
     */
    Translator load() throws IOException {
        return load(Precision.FP32);
    }

    /**
     * Loads the model or ensemble for products at {@code precision}.
     *
     * @throws UsageException when the models cannot form an ensemble
     */
    Translator load(Precision precision) throws IOException {
        try {
            return Translator.load(models, precision);
        } catch (IncompatibleModelsException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
