package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTest {
    // word pieces: "▁low" x5, "▁lower" x2, "▁newest" x6, "▁widest" x3  (Sennrich et al. 2016's example)
    static final List<String> CORPUS = List.of(
            "low low low low low", "lower lower", "newest newest newest newest newest newest", "widest widest widest");

    @Test
    void learnsTheMostFrequentPairsFirstWithDeterministicTies() {
        BpeModel m = new BpeLearner(100).learn(CORPUS);
        // Pair counts by hand: (e,s)=9, (s,t)=9, (w,e)=8, (▁,l)=7, (l,o)=7, (o,w)=7, (▁,n)=6 ...
        // (e,s) and (s,t) tie at 9: "e" < "s" so (e,s) first; then (es,t)=9; then (▁,l)=7 vs (l,o)=7 vs (o,w)=7
        // vs (w,es)=... (w,e) was 8 but newest/widest lost "e s" -> (w,es)=6, lower keeps (w,e)=2.
        assertEquals(new BpeModel.Merge("e", "s"), m.merges().get(0));
        assertEquals(new BpeModel.Merge("es", "t"), m.merges().get(1));
        assertEquals(new BpeModel.Merge("l", "o"), m.merges().get(2));
        assertEquals(new BpeModel.Merge("lo", "w"), m.merges().get(3));
        assertEquals(new BpeModel.Merge("▁", "low"), m.merges().get(4));
    }

    @Test
    void targetSizeCountsAlphabetPlusMerges() {
        // alphabet: ▁ l o w e r n s t i d = 11 symbols
        assertEquals(0, new BpeLearner(11).learn(CORPUS).merges().size());
        assertEquals(3, new BpeLearner(14).learn(CORPUS).merges().size());
        assertEquals(0, new BpeLearner(1).learn(CORPUS).merges().size());
    }

    @Test
    void appliesMergesAndDetokenizesExactly() {
        BpeTokenizer bpe = new BpeTokenizer(new BpeLearner(100).learn(CORPUS));
        assertEquals(List.of("▁low", "est"), bpe.pieces("lowest"));
        String text = "  newer\u00A0lowest, zzz ▁\uE000!  ";
        TokenizerContract.check(bpe, text);
        List<Token> tokens = bpe.tokenize("lowest x");
        assertEquals(List.of(new Token("low", 0, 3), new Token("est", 3, 6), new Token("x", 7, 8)), tokens);
    }

    @Test
    void jsonRoundTripAndVersionCheck(@TempDir Path dir) throws Exception {
        BpeModel m = new BpeLearner(40).learn(CORPUS);
        Path f = dir.resolve("bpe.json");
        m.save(f);
        assertEquals(m, BpeModel.load(f));
        assertTrue(Files.readString(f).contains("\"format\" : \"tolk-bpe\""));
        Files.writeString(f, Files.readString(f).replace("\"version\" : 1", "\"version\" : 9"));
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class, () -> BpeModel.load(f));
        assertTrue(e.getMessage().contains("version 9") && e.getMessage().contains(f.toString()), e.getMessage());
        assertThrows(TokenizerFormatException.class, () -> BpeModel.fromJson("{\"format\":\"x\"}", "x.json"));
        assertThrows(
                TokenizerFormatException.class,
                () -> BpeModel.fromJson("{\"format\":\"tolk-bpe\",\"version\":1,\"merges\":[[\"a\"]]}", "x.json"));
    }

    @Test
    void learningIsDeterministicAndIndependentOfLineOrder() {
        List<String> reversed = new java.util.ArrayList<>(CORPUS);
        java.util.Collections.reverse(reversed);
        assertEquals(new BpeLearner(30).learn(CORPUS), new BpeLearner(30).learn(reversed));
    }

    @Test
    void veryLongWordsStayExactAndLinear() {
        BpeTokenizer bpe = new BpeTokenizer(new BpeLearner(100).learn(CORPUS));
        String blob = "lowest".repeat(20_000) + " newest"; // one 120,000-letter "word"
        List<String> pieces = bpe.pieces(blob);
        assertEquals(blob, bpe.detokenize(pieces));
        assertEquals("▁newest", pieces.get(pieces.size() - 1));
        TokenizerContract.check(bpe, blob);
    }
}
