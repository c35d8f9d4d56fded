package dev.tolk.seq2seq.io;

import java.io.IOException;
import java.io.Writer;

/**
 * Plain text output: the best translation, one per line (LF); or, for n-best lists, Moses's format: one line
 * {@code id ||| translation ||| score} per hypothesis, best first (an empty input gives one line with an empty
 * translation and score {@code NaN}).
 */
final class TextOutput implements TranslationOutput {
    private final Writer out;
    private final boolean nbest;

    TextOutput(Writer out, boolean nbest) {
        this.out = out;
        this.nbest = nbest;
    }

    @Override
    public void write(TranslationResult result) throws IOException {
        if (!nbest) {
            out.write(LineBreaks.toSpaces(result.translation()));
            out.write('\n');
            return;
        }
        String id = Long.toString(result.source().id());
        if (result.nbest().isEmpty()) {
            line(id, result.translation(), result.score());
        }
        for (Hypothesis h : result.nbest()) {
            line(id, h.text(), h.score());
        }
    }

    private void line(String id, String text, double score) throws IOException {
        out.write(id + " ||| " + LineBreaks.toSpaces(text) + " ||| " + score + "\n");
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
