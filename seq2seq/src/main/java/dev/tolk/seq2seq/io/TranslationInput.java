package dev.tolk.seq2seq.io;

import dev.tolk.seq2seq.config.TableFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A source of sentences to translate, one record at a time. Closing it closes the underlying stream.
 *
 * <p>Three formats: {@link #text plain text} (one sentence per line), a {@link #table CSV/TSV column}, and
 * {@link #jsonLines JSON lines} (one object per line, a string field). All read strict UTF-8 and report
 * malformed input as {@link TranslationInputException} with {@code source:line}.
 */
public interface TranslationInput extends Closeable {

    /**
     * @return the next record, or empty at the end of the input
     * @throws TranslationInputException on malformed input
     * @throws IOException when reading fails
     */
    Optional<SourceLine> next() throws IOException;

    /**
     * @return every remaining record, in order
     * @throws IOException as {@link #next()}
     */
    default List<SourceLine> readAll() throws IOException {
        List<SourceLine> out = new ArrayList<>();
        for (Optional<SourceLine> l = next(); l.isPresent(); l = next()) {
            out.add(l.get());
        }
        return out;
    }

    /**
     * @param in UTF-8 text, one sentence per line (LF or CRLF)
     * @param source name for error messages ({@code <stdin>} or the file name)
     * @return an input yielding every line, empty ones included
     */
    static TranslationInput text(InputStream in, String source) {
        return new TextInput(in, source);
    }

    /**
     * @param in UTF-8 CSV (RFC 4180) or TSV (tab-separated, no quoting)
     * @param source name for error messages
     * @param format CSV or TSV
     * @param header whether the first record names the columns (it is not translated)
     * @param column a header name, or a 0-based index
     * @return an input yielding the column's value of every record
     * @throws IOException when the header cannot be read or does not contain {@code column}
     */
    static TranslationInput table(InputStream in, String source, TableFormat format, boolean header, String column)
            throws IOException {
        return new TableColumnInput(in, source, format, header, column);
    }

    /**
     * @param in UTF-8 JSON lines: one object per line; a blank line is an empty sentence
     * @param source name for error messages
     * @param field the string field holding the sentence; null or missing is an error
     * @return an input yielding the field of every line
     */
    static TranslationInput jsonLines(InputStream in, String source, String field) {
        return new JsonLinesInput(in, source, field);
    }
}
