package dev.tolk.seq2seq.io;

import dev.tolk.data.CorpusFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes one output record per {@link TranslationResult}, in the order given. {@link #close()} flushes and closes
 * the underlying writer (wrap standard output in a non-closing writer if needed).
 */
public interface TranslationOutput extends Closeable {

    /**
     * @param result the translation of the next input record
     * @throws IOException when writing fails
     */
    void write(TranslationResult result) throws IOException;

    /** Pushes what was written to the destination (after each record when translating a stream). */
    void flush() throws IOException;

    /** Whether this output writes attention weights (the translator computes them only then). */
    default boolean needsAttention() {
        return false;
    }

    /**
     * @param out destination
     * @param nbest write every hypothesis as a Moses n-best line {@code id ||| translation ||| score} (id: the
     *     record's number from 0) instead of the best translation alone
     * @return one translation per line; line breaks inside a translation become spaces so lines stay aligned
     */
    static TranslationOutput text(Writer out, boolean nbest) {
        return new TextOutput(out, nbest);
    }

    /**
     * @param out destination
     * @param kind CSV (RFC 4180, CRLF records) or TSV (tabs and line breaks in fields become spaces)
     * @param withScore add a {@code score} column (empty when there is no score)
     * @return a table with a header {@code source,translation[,score]}
     * @throws IOException when the header cannot be written
     */
    static TranslationOutput table(Writer out, CorpusFormat.Kind kind, boolean withScore) throws IOException {
        return new TableOutput(out, kind, withScore);
    }

    /**
     * @param out destination
     * @param withNbest add {@code "nbest": [{"translation", "score"}, ...]}
     * @param withAttention add {@code "attention"} (rows: target tokens, columns: source tokens) and the tokens
     * @return one JSON object per line: {@code {"line", "source", "translation", "score"}} (score null when none)
     */
    static TranslationOutput jsonLines(Writer out, boolean withNbest, boolean withAttention) {
        return new JsonLinesOutput(out, withNbest, withAttention);
    }

    /** Collects the results into {@code sink} (in memory), with attention weights when {@code attention}. */
    static TranslationOutput into(List<TranslationResult> sink, boolean attention) {
        return new TranslationOutput() {
            @Override
            public void write(TranslationResult result) {
                sink.add(result);
            }

            @Override
            public void flush() {}

            @Override
            public boolean needsAttention() {
                return attention;
            }

            @Override
            public void close() {}
        };
    }
}
