package dev.tolk.seq2seq.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tolk.data.SentencePair;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import dev.tolk.seq2seq.search.BeamSearch;
import dev.tolk.seq2seq.search.Candidate;
import dev.tolk.seq2seq.search.GreedySearch;
import dev.tolk.seq2seq.search.SourceBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Translator and search details that need no trained model. */
class TranslatorUnitTest {

    @Test
    void unknownOutputsAreReplacedByTheMostAttendedSourceSymbol() {
        List<String> out = Translator.replaceUnknown(
                List.of("▁le", "<unk>", "<unk>", "▁dort"),
                new int[] {7, 1, 1, 9},
                new int[] {0, 2, -1, 3},
                List.of("▁the", "▁big", "▁Zorblax", "▁sleeps"));
        assertEquals(List.of("▁le", "▁Zorblax", "<unk>", "▁dort"), out);
    }

    @Test
    void unknownWordsDetokenizeAsWordsOfTheirOwn() {
        Seq2SeqConfig c = Seq2SeqConfig.DEFAULTS.withOverrides(List.of("data.tokenizer=word"));
        TextEncoding e = TextEncoding.learn(List.of(SentencePair.of("a b", "un chat court")), c.data());
        int[] ids = e.encodeTarget(List.of("▁un", "▁zèbre", "▁court"));
        assertEquals(1, ids[1]);
        assertEquals("un <unk> court", e.detokenizeTarget(e.targetSymbols(ids)));
    }

    @Test
    void encodingRoundTripsThroughJsonForEveryTokenizer() {
        List<SentencePair> pairs = List.of(
                SentencePair.of("the cat sleeps .", "le chat dort ."),
                SentencePair.of("the dogs eat .", "les chiens mangent ."));
        for (String tok : new String[] {"word", "char", "bpe"}) {
            for (String shared : new String[] {"true", "false"}) {
                Seq2SeqConfig c = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                        "data.tokenizer=" + tok,
                        "data.shared_vocab=" + shared,
                        "data.bpe_vocab_size=30",
                        "data.lowercase=true"));
                TextEncoding e = TextEncoding.learn(pairs, c.data());
                TextEncoding back = TextEncoding.fromJson(e.tokenizerJson(), e.vocabulariesJson());
                assertEquals(e.sourceVocabulary(), back.sourceVocabulary());
                assertEquals(e.targetVocabulary(), back.targetVocabulary());
                assertEquals(Boolean.parseBoolean(shared), back.shared());
                List<String> p = back.sourcePieces("The CAT eats .");
                assertEquals(e.sourcePieces("The CAT eats ."), p);
                int[] ids = back.encodeSource(p);
                assertEquals(3, ids[ids.length - 1]);
                assertEquals(
                        "le chat dort .",
                        back.detokenizeTarget(
                                back.targetSymbols(back.encodeTarget(back.targetPieces("le chat dort .")))));
                if (shared.equals("false")) {
                    assertNotEquals(e.sourceVocabulary(), e.targetVocabulary());
                }
            }
        }
    }

    @Test
    void beamOfOneFindsTheGreedyTranslation() {
        Seq2SeqConfig c =
                Seq2SeqConfig.DEFAULTS.withOverrides(List.of("model.embedding_size=8", "model.hidden_size=8"));
        Seq2SeqModel m = new Seq2SeqModel(c.model(), 12, 12, 4);
        List<int[]> src = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int[] s = new int[2 + i % 4];
            for (int j = 0; j < s.length - 1; j++) {
                s[j] = 4 + (i * 3 + j) % 8;
            }
            s[s.length - 1] = 3;
            src.add(s);
        }
        List<Candidate> greedy = new GreedySearch(m, 2.0, 0.6).search(SourceBatch.of(src));
        List<List<Candidate>> beam = new BeamSearch(m, 1, 0.6, 2.0, 1).search(SourceBatch.of(src));
        for (int i = 0; i < src.size(); i++) {
            assertEquals(
                    Arrays.toString(greedy.get(i).ids()),
                    Arrays.toString(beam.get(i).get(0).ids()),
                    "#" + i);
            assertEquals(greedy.get(i).logProbability(), beam.get(i).get(0).logProbability(), 1e-4, "#" + i);
        }
        // an untrained model runs to the length limit: ⌊2 · n⌋ + 10 symbols for n source symbols
        SourceBatch one = SourceBatch.of(List.of(src.get(0)));
        assertEquals(12, one.maxOutput(0, 2.0));
    }
}
