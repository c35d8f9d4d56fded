package dev.tolk.seq2seq.io;

import dev.tolk.seq2seq.config.TableFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes one output record per {@link TranslationResult}, in the order given. {@link #close()} flushes and closes
 * the underlying writer (wrap stdout in a non-closing writer if needed).
 */
public interface TranslationOutput extends Closeable {

    /**
     * @param result the translation of the next input record
     * @throws IOException when writing fails
     */
    void write(TranslationResult result) throws IOException;

    /**
     * @param out destination
     * @return one translation per line; line breaks inside a translation become spaces so lines stay aligned
     */
    static TranslationOutput text(Writer out) {
        return new TextOutput(out);
    }

    /**
     * @param out destination
     * @param format CSV (RFC 4180, CRLF records) or TSV (tabs and line breaks in fields become spaces)
     * @param withScore add a {@code score} column (empty when there is no score)
     * @return a table with a header {@code source,translation[,score]}
     * @throws IOException when the header cannot be written
     */
    static TranslationOutput table(Writer out, TableFormat format, boolean withScore) throws IOException {
        return new TableOutput(out, format, withScore);
    }

    /**
     * @param out destination
     * @param withNbest add {@code "nbest": [{"translation", "score"}, ...]}
     * @param withAttention add {@code "attention"} (rows: target tokens, columns: source tokens) and the tokens
     * @return one JSON object per line: {@code {"source", "translation", "score"}} (score null when none)
     */
    static TranslationOutput jsonLines(Writer out, boolean withNbest, boolean withAttention) {
        return new JsonLinesOutput(out, withNbest, withAttention);
    }
}
