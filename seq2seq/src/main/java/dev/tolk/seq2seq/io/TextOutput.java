package dev.tolk.seq2seq.io;

import java.io.IOException;
import java.io.Writer;

/** Plain text output: the best translation, one per line (LF). */
final class TextOutput implements TranslationOutput {
    private final Writer out;

    TextOutput(Writer out) {
        this.out = out;
    }

    @Override
    public void write(TranslationResult result) throws IOException {
        out.write(LineBreaks.toSpaces(result.translation()));
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
