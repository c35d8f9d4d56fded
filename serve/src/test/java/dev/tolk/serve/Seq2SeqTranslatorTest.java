package dev.tolk.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class Seq2SeqTranslatorTest {
    @Test
    void eachWorkerGetsItsOwnCopyThatTranslatesAsTheOthers() throws Exception {
        List<Seq2SeqTranslator> copies = Seq2SeqTranslator.loadCopies(TinyModel.dir(), 2);
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
                assertThrows(IllegalArgumentException.class, () -> Seq2SeqTranslator.loadCopies(TinyModel.dir(), 0))
                        .getMessage());
    }
}
