package dev.tolk.serve.plot;

import dev.tolk.serve.AttentionMap;
import dev.tolk.serve.DecodeSettings;
import dev.tolk.serve.SentenceTranslator;
import dev.tolk.serve.Translation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Translates a sentence and draws its attention heatmap to a PNG or SVG file. */
public final class AttentionPlotter {
    private final SentenceTranslator translator;

    /** @param translator the model; called from the caller's thread */
    public AttentionPlotter(SentenceTranslator translator) {
        this.translator = translator;
    }

    /**
     * @param input the sentence
     * @param beam the beam width, &ge; 1
     * @param file a {@code .png} or {@code .svg} file, replaced atomically
     * @return the translation drawn
     * @throws IOException when the file cannot be written
     * @throws IllegalArgumentException when the input is empty, or the translation has no attention (a model
     *     without attention, or an input longer than the model's {@code decode.max_input_tokens})
     */
    public Translation plot(String input, int beam, Path file) throws IOException {
        ChartFile.formatOf(file);
        if (input.isBlank()) {
            throw new IllegalArgumentException("the input is empty: give a sentence to translate");
        }
        Translation t = translator
                .translate(List.of(input), new DecodeSettings(beam, 1, true))
                .get(0);
        if (t.attention() == null) {
            throw new IllegalArgumentException(
                    t.warning() != null
                            ? "no attention to draw: " + t.warning()
                            : "no attention to draw: the model has none (model.attention=none)");
        }
        write(t.attention(), input, t.text(), file);
        return t;
    }

    /**
     * Draws one heatmap.
     *
     * @param map the weights
     * @param source the input sentence
     * @param translation its translation
     * @param file a {@code .png} or {@code .svg} file, replaced atomically
     */
    public static void write(AttentionMap map, String source, String translation, Path file) throws IOException {
        int[] size = AttentionChart.size(map);
        ChartFile.write(AttentionChart.of(map, source, translation), file, size[0], size[1]);
    }
}
