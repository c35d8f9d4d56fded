package dev.tolk.seq2seq.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tolk.data.Column;
import dev.tolk.data.CorpusFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslationOutputTest {
    private static SourceRecord src(long id, String text) {
        return new SourceRecord(id, id + 1, text);
    }

    private static final List<TranslationResult> RESULTS = List.of(
            TranslationResult.of(src(0, "Hallo, Welt"), "Hello, \"world\"", -1.5),
            TranslationResult.empty(src(1, "")),
            TranslationResult.of(src(2, "zwei\nZeilen"), "two\nlines\u2028here", -0.25));

    private static String write(TranslationOutput out, StringWriter w) throws IOException {
        try (out) {
            for (TranslationResult r : RESULTS) {
                out.write(r);
            }
        }
        return w.toString();
    }

    @Test
    void textIsOneLinePerResult() throws IOException {
        StringWriter w = new StringWriter();
        assertEquals("Hello, \"world\"\n\ntwo lines here\n", write(TranslationOutput.text(w, false), w));
    }

    @Test
    void textNbestIsMosesFormatOneLinePerHypothesis() throws IOException {
        StringWriter w = new StringWriter();
        try (TranslationOutput out = TranslationOutput.text(w, true)) {
            out.write(new TranslationResult(
                    src(0, "ja"),
                    "yes",
                    -0.5,
                    List.of(new Hypothesis("yes", -0.5), new Hypothesis("yeah\nwell", -2)),
                    null));
            out.write(TranslationResult.empty(src(1, "")));
        }
        assertEquals("0 ||| yes ||| -0.5\n0 ||| yeah well ||| -2.0\n1 |||  ||| NaN\n", w.toString());
    }

    @Test
    void csvQuotesPerRfc4180WithOptionalScore() throws IOException {
        StringWriter w = new StringWriter();
        assertEquals(
                "source,translation,score\r\n\"Hallo, Welt\",\"Hello, \"\"world\"\"\",-1.5\r\n\"\",,\r\n"
                        + "\"zwei\nZeilen\",\"two\nlines\u2028here\",-0.25\r\n",
                write(TranslationOutput.table(w, CorpusFormat.Kind.CSV, true), w));
        // read back with the input reader: one record per result, texts intact
        try (TranslationInput in = TranslationInput.table(
                new java.io.ByteArrayInputStream(w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "out.csv",
                CorpusFormat.Kind.CSV,
                true,
                Column.named("translation"),
                r -> {})) {
            assertEquals(
                    RESULTS.stream().map(TranslationResult::translation).toList(),
                    in.readAll().stream().map(SourceRecord::text).toList());
        }
        StringWriter t = new StringWriter();
        assertEquals(
                "source\ttranslation\nHallo, Welt\tHello, \"world\"\n\t\nzwei Zeilen\ttwo lines here\n",
                write(TranslationOutput.table(t, CorpusFormat.Kind.TSV, false), t));
    }

    @Test
    void jsonLinesWithNbestAndAttention() throws IOException {
        StringWriter w = new StringWriter();
        try (TranslationOutput out = TranslationOutput.jsonLines(w, true, true)) {
            out.write(new TranslationResult(
                    src(0, "ja"),
                    "yes",
                    -0.5,
                    List.of(new Hypothesis("yes", -0.5), new Hypothesis("yeah", -2)),
                    new Attention(List.of("ja", "</s>"), List.of("yes"), new float[][] {{0.75f, 0.25f}})));
            out.write(TranslationResult.empty(src(1, "")));
        }
        assertEquals(
                "{\"line\":1,\"source\":\"ja\",\"translation\":\"yes\",\"score\":-0.5,\"nbest\":[{\"translation\":\"yes\",\"score\":-0.5},"
                        + "{\"translation\":\"yeah\",\"score\":-2.0}],\"source_tokens\":[\"ja\",\"</s>\"],\"target_tokens\":[\"yes\"],"
                        + "\"attention\":[[0.75,0.25]]}\n"
                        + "{\"line\":2,\"source\":\"\",\"translation\":\"\",\"score\":null,\"nbest\":[],\"source_tokens\":[],\"target_tokens\":[],"
                        + "\"attention\":null}\n",
                w.toString());
        StringWriter plain = new StringWriter();
        assertEquals(
                "{\"line\":1,\"source\":\"Hallo, Welt\",\"translation\":\"Hello, \\\"world\\\"\",\"score\":-1.5}\n",
                write(TranslationOutput.jsonLines(plain, false, false), plain)
                                .lines()
                                .findFirst()
                                .orElseThrow() + "\n");
    }
}
