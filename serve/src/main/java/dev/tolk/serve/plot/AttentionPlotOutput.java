package dev.tolk.serve.plot;

import dev.tolk.seq2seq.io.TranslationOutput;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.serve.AttentionMap;
import dev.tolk.serve.Seq2SeqTranslator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link TranslationOutput} that writes every result to another output and also draws its attention heatmap to
 * {@code DIR/LINE.png} ({@code LINE}: the input record's line). Results without attention (empty or chunked inputs)
 * get no file. Asks the translator for attention weights.
 */
public final class AttentionPlotOutput implements TranslationOutput {
    private final TranslationOutput out;
    private final Path dir;

    /**
     * @param out where the results go
     * @param dir the directory of the heatmaps (must exist)
     */
    public AttentionPlotOutput(TranslationOutput out, Path dir) {
        this.out = Objects.requireNonNull(out, "out");
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    @Override
    public void write(TranslationResult result) throws IOException {
        out.write(result);
        AttentionMap map = Seq2SeqTranslator.attentionOf(result);
        if (map != null) {
            Path png = dir.resolve(result.source().line() + ".png");
            AttentionPlotter.write(map, result.source().text(), result.translation(), png);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public boolean needsAttention() {
        return true;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
