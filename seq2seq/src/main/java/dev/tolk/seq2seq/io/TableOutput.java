package dev.tolk.seq2seq.io;

import dev.tolk.data.CorpusFormat;
import java.io.IOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** CSV (RFC 4180) or TSV output: header {@code source,translation[,score]}, one record per result. */
final class TableOutput implements TranslationOutput {
    private final CSVPrinter printer;
    private final boolean tsv;
    private final boolean withScore;

    TableOutput(Writer out, CorpusFormat.Kind kind, boolean withScore) throws IOException {
        this.tsv = kind == CorpusFormat.Kind.TSV;
        this.withScore = withScore;
        CSVFormat f = tsv
                ? CSVFormat.TDF
                        .builder()
                        .setQuote(null)
                        .setRecordSeparator('\n')
                        .get()
                : CSVFormat.RFC4180;
        this.printer = new CSVPrinter(out, f);
        if (withScore) {
            printer.printRecord("source", "translation", "score");
        } else {
            printer.printRecord("source", "translation");
        }
    }

    private String field(String s) {
        return tsv ? LineBreaks.toSpaces(s).replace('\t', ' ') : s;
    }

    @Override
    public void write(TranslationResult r) throws IOException {
        if (withScore) {
            printer.printRecord(
                    field(r.source().text()),
                    field(r.translation()),
                    Double.isNaN(r.score()) ? "" : Double.toString(r.score()));
        } else {
            printer.printRecord(field(r.source().text()), field(r.translation()));
        }
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
