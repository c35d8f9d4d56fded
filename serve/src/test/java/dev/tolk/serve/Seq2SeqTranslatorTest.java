package dev.tolk.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import dev.tolk.seq2seq.translate.Translator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service's workers at a chosen precision ({@code tolk serve --precision}). */
class Seq2SeqTranslatorTest {

    @AfterEach
    void backToFloat32() {
        Gemm.get().setPrecision(Precision.FP32);
    }

    @Test
    void int8WorkersTranslateAsAnInt8TranslatorAndSayTheirPrecision() throws Exception {
        Gemm gemm = Gemm.get();
        assumeTrue(gemm.supports(Precision.INT8), gemm.name() + " does not compute int8");
        List<String> texts = TinyModel.testSentences().subList(0, 12);
        List<Seq2SeqTranslator> workers = Seq2SeqTranslator.loadCopies(TinyModel.dir(), 2, Precision.INT8);
        assertEquals(2, workers.size());
        assertEquals(Precision.INT8, gemm.precision(), "the process-wide setting the workers share");
        DecodeSettings settings = new DecodeSettings(3, 1, false);
        List<Translation> served = workers.get(1).translate(texts, settings);
        assertEquals(Precision.INT8, gemm.precision(), "a worker's call leaves the shared setting as it was");
        assertEquals("int8", workers.get(0).model().precision());
        assertEquals(
                "int8",
                workers.get(0).model().toJson().get("decode").get("precision").asText());

        gemm.setPrecision(Precision.FP32);
        Translator int8 = Translator.load(TinyModel.dir(), Precision.INT8);
        var expected = int8.translate(
                texts, int8.decodeConfig().withBeam(3, 1), dev.tolk.seq2seq.translate.Batching.ofBatchSize(32), false);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(expected.get(i).translation(), served.get(i).text(), texts.get(i));
            assertEquals(expected.get(i).score(), served.get(i).score(), 0.0, texts.get(i));
        }
    }

    @Test
    void float32IsTheDefault() throws Exception {
        assertEquals("fp32", Seq2SeqTranslator.load(TinyModel.dir()).model().precision());
    }

    @Test
    void eachWorkerGetsItsOwnCopyThatTranslatesAsTheOthers() throws Exception {
        List<Seq2SeqTranslator> copies = Seq2SeqTranslator.loadCopies(TinyModel.dir(), 2, Precision.FP32);
        assertEquals(2, copies.size());
        assertNotSame(copies.get(0), copies.get(1));
        assertEquals(copies.get(0).model(), copies.get(1).model());
        List<String> text = TinyModel.testSentences().subList(0, 3);
        DecodeSettings greedy = new DecodeSettings(1, 1, false);
        assertEquals(
                copies.get(0).translate(text, greedy).stream()
                        .map(Translation::text)
                        .toList(),
                copies.get(1).translate(text, greedy).stream()
                        .map(Translation::text)
                        .toList());
        assertEquals(
                "workers must be >= 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Seq2SeqTranslator.loadCopies(TinyModel.dir(), 0, Precision.FP32))
                        .getMessage());
    }
}
