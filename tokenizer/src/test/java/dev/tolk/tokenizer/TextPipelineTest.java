package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TextPipelineTest {
    @Test
    void tokensAreNormalisedButOffsetsPointIntoTheOriginal() {
        TextPipeline p = TextPipeline.word(Normalizer.DEFAULT.withLowercase(true));
        String text = "L'E\u0301TE\u0301 co\u00ADop\u202F!";
        List<Token> tokens = p.tokenize(text);
        assertEquals(
                List.of(new Token("l'\u00E9t\u00E9", 0, 7), new Token("coop", 8, 13), new Token("!", 14, 15)), tokens);
        assertEquals("co\u00ADop", text.substring(8, 13));
    }

    @Test
    void piecesRoundTripToTheNormalisedText() {
        TextPipeline p = TextPipeline.word(Normalizer.DEFAULT.withLowercase(true));
        String text = "Va\u00A0! E\u0301lan  ";
        assertEquals(p.normalize(text), p.detokenize(p.pieces(text)));
        assertEquals("va\u00A0! \u00E9lan  ", p.detokenize(p.pieces(text)));
    }

    @Test
    void stopwordsApplyToTokensNotToPieces() {
        TextPipeline p = TextPipeline.word().withStopwords(List.of("the"));
        assertEquals(List.of("cat", "sat"), p.terms("the cat sat"));
        assertEquals(List.of("▁the", "▁cat", "▁sat"), p.pieces("the cat sat"));
    }

    @Test
    void jsonSpecRebuildsAnEquivalentPipeline() {
        BpeModel bpe = new BpeLearner(60).learn(BpeTest.CORPUS);
        TextPipeline p = TextPipeline.bpe(new Normalizer(Normalizer.Form.NFKC, true, true), bpe)
                .withStopwords(List.of("est"));
        String json = p.toJson();
        TextPipeline q = TextPipeline.fromJson(json, "spec.json");
        assertEquals(p.spec(), q.spec());
        assertEquals(json, q.toJson());
        assertEquals(p.spec().fingerprint(), q.spec().fingerprint());
        assertTrue(!p.spec().fingerprint().equals(TextPipeline.word().spec().fingerprint()));
        String text = "Lowest NEWEST widest\u00A0!";
        assertEquals(p.pieces(text), q.pieces(text));
        assertEquals(p.tokenize(text), q.tokenize(text));
        assertTrue(json.contains("\"tokenizer\" : \"bpe\""), json);
    }

    @Test
    void badSpecsAreRejectedWithTheSource() {
        String word = TextPipeline.word().toJson();
        TokenizerFormatException e = assertThrows(
                TokenizerFormatException.class,
                () -> TextPipeline.fromJson(word.replace("\"word\"", "\"bpe\""), "m.json"));
        assertTrue(e.getMessage().startsWith("m.json: ") && e.getMessage().contains("BPE model"), e.getMessage());
        assertThrows(
                TokenizerFormatException.class,
                () -> TextPipeline.fromJson(word.replace("\"version\" : 1", "\"version\" : 2"), "m.json"));
        assertThrows(
                TokenizerFormatException.class,
                () -> TextPipeline.fromJson(word.replace("\"stopwords\"", "\"bogus\""), "m.json"));
    }

    @Test
    void threadSafeUnderConcurrentUse() throws Exception {
        TextPipeline p = TextPipeline.bpe(Normalizer.DEFAULT, new BpeLearner(60).learn(BpeTest.CORPUS));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            lines.add("newest lower " + i + " widest" + (i % 7));
        }
        List<List<String>> expected = new ArrayList<>();
        for (String l : lines) {
            expected.add(p.pieces(l));
        }
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(ex.submit(() -> {
                    for (int i = 0; i < lines.size(); i++) {
                        if (!p.pieces(lines.get(i)).equals(expected.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : fs) {
                assertTrue(f.get());
            }
        } finally {
            ex.shutdown();
        }
    }
}
