package dev.tolk.seq2seq.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tolk.seq2seq.config.TableFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslationOutputTest {
    private static final List<TranslationResult> RESULTS = List.of(
            TranslationResult.of("Hallo, Welt", "Hello, \"world\"", -1.5),
            TranslationResult.empty(""),
            TranslationResult.of("zwei\nZeilen", "two\nlines\u2028here", -0.25));

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
        assertEquals("Hello, \"world\"\n\ntwo lines here\n", write(TranslationOutput.text(w), w));
    }

    @Test
    void csvQuotesPerRfc4180WithOptionalScore() throws IOException {
        StringWriter w = new StringWriter();
        assertEquals(
                "source,translation,score\r\n\"Hallo, Welt\",\"Hello, \"\"world\"\"\",-1.5\r\n\"\",,\r\n"
                        + "\"zwei\nZeilen\",\"two\nlines\u2028here\",-0.25\r\n",
                write(TranslationOutput.table(w, TableFormat.CSV, true), w));
        // read back with the input reader: one record per result, texts intact
        try (TranslationInput in = TranslationInput.table(
                new java.io.ByteArrayInputStream(w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "out.csv",
                TableFormat.CSV,
                true,
                "translation")) {
            assertEquals(
                    RESULTS.stream().map(TranslationResult::translation).toList(),
                    in.readAll().stream().map(SourceLine::text).toList());
        }
        StringWriter t = new StringWriter();
        assertEquals(
                "source\ttranslation\nHallo, Welt\tHello, \"world\"\n\t\nzwei Zeilen\ttwo lines here\n",
                write(TranslationOutput.table(t, TableFormat.TSV, false), t));
    }

    @Test
    void jsonLinesWithNbestAndAttention() throws IOException {
        StringWriter w = new StringWriter();
        try (TranslationOutput out = TranslationOutput.jsonLines(w, true, true)) {
            out.write(new TranslationResult(
                    "ja",
                    "yes",
                    -0.5,
                    List.of(new Hypothesis("yes", -0.5), new Hypothesis("yeah", -2)),
                    List.of("ja", "</s>"),
                    List.of("yes"),
                    new float[][] {{0.75f, 0.25f}}));
            out.write(TranslationResult.empty(""));
        }
        assertEquals(
                "{\"source\":\"ja\",\"translation\":\"yes\",\"score\":-0.5,\"nbest\":[{\"translation\":\"yes\",\"score\":-0.5},"
                        + "{\"translation\":\"yeah\",\"score\":-2.0}],\"source_tokens\":[\"ja\",\"</s>\"],\"target_tokens\":[\"yes\"],"
                        + "\"attention\":[[0.75,0.25]]}\n"
                        + "{\"source\":\"\",\"translation\":\"\",\"score\":null,\"nbest\":[],\"source_tokens\":[],\"target_tokens\":[],"
                        + "\"attention\":null}\n",
                w.toString());
        StringWriter plain = new StringWriter();
        assertEquals(
                "{\"source\":\"Hallo, Welt\",\"translation\":\"Hello, \\\"world\\\"\",\"score\":-1.5}\n",
                write(TranslationOutput.jsonLines(plain, false, false), plain)
                                .lines()
                                .findFirst()
                                .orElseThrow() + "\n");
    }
}
