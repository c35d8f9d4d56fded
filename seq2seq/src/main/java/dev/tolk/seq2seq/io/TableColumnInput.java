package dev.tolk.seq2seq.io;

import dev.tolk.seq2seq.config.DataConfig;
import dev.tolk.seq2seq.config.TableFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One column of a CSV (RFC 4180, commons-csv) or TSV (tab-separated, no quoting) input. The column is chosen by
 * header name or 0-based index; a record without that column is an error naming the line.
 */
final class TableColumnInput implements TranslationInput {
    private final String source;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int index;
    private final String column;

    TableColumnInput(InputStream in, String source, TableFormat format, boolean header, String column)
            throws IOException {
        this.source = source;
        this.column = column;
        CSVFormat.Builder b = (format == TableFormat.CSV ? CSVFormat.RFC4180 : CSVFormat.TDF)
                .builder()
                .setIgnoreSurroundingSpaces(false)
                .setIgnoreEmptyLines(false)
                .setTrim(false);
        if (format == TableFormat.TSV) {
            b.setQuote(null);
        }
        InputStreamReader reader = new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        this.parser = CSVParser.builder().setReader(reader).setFormat(b.get()).get();
        this.records = parser.iterator();
        int idx = DataConfig.columnIndex(column);
        if (header) {
            Optional<CSVRecord> first = nextRecord();
            if (first.isEmpty()) {
                throw new TranslationInputException(source, 1, "empty input: the header row is missing");
            }
            if (idx < 0) {
                idx = first.get().toList().indexOf(column);
                if (idx < 0) {
                    throw new TranslationInputException(
                            source,
                            1,
                            "no column '" + column + "' in the header "
                                    + first.get().toList() + "; name one of these or give a 0-based index");
                }
            }
        } else if (idx < 0) {
            throw new IllegalArgumentException(
                    "column '" + column + "' is a name but the input has no header; " + "give a 0-based index");
        }
        this.index = idx;
    }

    private Optional<CSVRecord> nextRecord() throws IOException {
        long line = parser.getCurrentLineNumber() + 1;
        try {
            return records.hasNext() ? Optional.of(records.next()) : Optional.empty();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new TranslationInputException(
                        source,
                        Math.max(line, parser.getCurrentLineNumber()),
                        "invalid UTF-8; convert the input to UTF-8, e.g. iconv -f latin1 -t utf-8");
            }
            throw new TranslationInputException(
                    source,
                    Math.max(line, parser.getCurrentLineNumber()),
                    "malformed CSV (" + e.getCause().getMessage() + "); check quoting");
        }
    }

    @Override
    public Optional<SourceLine> next() throws IOException {
        Optional<CSVRecord> r = nextRecord();
        if (r.isEmpty()) {
            return Optional.empty();
        }
        CSVRecord rec = r.get();
        long line = Math.max(1, lineOf(rec));
        if (index >= rec.size()) {
            if (rec.size() == 1 && rec.get(0).isEmpty()) {
                return Optional.of(new SourceLine(line, ""));
            }
            throw new TranslationInputException(
                    source,
                    line,
                    "the record has " + rec.size() + " field(s) but column '" + column + "' is number " + (index + 1)
                            + "; fix the row or choose another column");
        }
        return Optional.of(new SourceLine(line, rec.get(index)));
    }

    private long lineOf(CSVRecord rec) {
        // commons-csv reports the line where the record ends; multi-line quoted fields start earlier.
        long end = parser.getCurrentLineNumber();
        long breaks = 0;
        for (String v : rec.values()) {
            breaks += v.chars().filter(c -> c == '\n').count();
        }
        return end - breaks;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
