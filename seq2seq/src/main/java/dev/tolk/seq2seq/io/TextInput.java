package dev.tolk.seq2seq.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Plain text input: every line is one sentence, empty lines included. */
final class TextInput implements TranslationInput {
    private final Utf8LineReader reader;

    TextInput(InputStream in, String source) {
        this.reader = new Utf8LineReader(in, source);
    }

    @Override
    public Optional<SourceLine> next() throws IOException {
        String line = reader.readLine();
        return line == null ? Optional.empty() : Optional.of(new SourceLine(reader.lineNumber(), line));
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
