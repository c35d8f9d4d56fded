package dev.tolk.data.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tolk.data.SentencePair;
import dev.tolk.data.batch.Batch;
import dev.tolk.tokenizer.TextPipeline;
import dev.tolk.tokenizer.Vocabulary;
import dev.tolk.tokenizer.VocabularyBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairEncoderTest {
    private static final TextPipeline WORDS = TextPipeline.word();
    private static final List<SentencePair> PAIRS = List.of(
            SentencePair.of("the cat", "le chat"),
            SentencePair.of("a b c d", "x"),
            SentencePair.of("", "vide"),
            SentencePair.of("the dog", "le chien inconnu"));

    private static PairEncoder encoder() {
        VocabularyBuilder b = new VocabularyBuilder(1, 100);
        for (String s : List.of("the cat", "le chat", "the dog", "le chien")) {
            b.addAll(WORDS.pieces(s));
        }
        Vocabulary v = b.build();
        return new PairEncoder(WORDS, WORDS, v, v);
    }

    @Test
    void encodesPiecesToIdsEndingInEndOfSentence() {
        PairEncoder e = encoder();
        Vocabulary v = e.sourceVocabulary();
        int[] ids = e.encodeSource(WORDS.pieces("the cat zebra"));
        assertArrayEquals(
                new int[] {
                    v.id(WORDS.pieces("the").get(0)),
                    v.id(WORDS.pieces("cat").get(0)),
                    Vocabulary.UNK_ID,
                    Vocabulary.EOS_ID
                },
                ids);
        assertArrayEquals(new int[] {Vocabulary.EOS_ID}, e.encodeTarget(List.of()));
    }

    @Test
    void aRightToLeftEncoderReversesTargetTokensOnlyWithEndOfSentenceLast() {
        PairEncoder l2r = encoder();
        PairEncoder r2l = new PairEncoder(WORDS, WORDS, l2r.sourceVocabulary(), l2r.targetVocabulary(), true);
        Vocabulary v = l2r.targetVocabulary();
        int le = v.id(WORDS.pieces("le").get(0));
        int chien = v.id(WORDS.pieces("chien").get(0));
        EncodedCorpus c = r2l.encode(List.of(SentencePair.of("the dog", "le chien inconnu")), 10);
        assertArrayEquals(
                new int[] {Vocabulary.UNK_ID, chien, le, Vocabulary.EOS_ID},
                c.pairs().get(0).target());
        assertArrayEquals(
                l2r.encode(List.of(SentencePair.of("the dog", "x")), 10)
                        .pairs()
                        .get(0)
                        .source(),
                c.pairs().get(0).source());
        assertArrayEquals(new int[] {Vocabulary.EOS_ID}, r2l.encodeTarget(List.of()));
        assertArrayEquals(
                new int[] {le, Vocabulary.EOS_ID},
                r2l.encodeAll(List.of(SentencePair.of("a", "le")))
                        .pairs()
                        .get(0)
                        .target());
    }

    @Test
    void trainingEncodingDropsEmptyAndOverlongPairsInCorpusOrder() {
        EncodedCorpus c = encoder().encode(PAIRS, 3);
        assertEquals(2, c.pairs().size());
        assertEquals(2, c.dropped(), "one side empty, one side of 4 pieces > 3");
        assertEquals(3, c.pairs().get(0).sourceLength());
        assertEquals(4, c.pairs().get(1).targetLength(), "le chien inconnu </s>");
        assertEquals(3 + 4, c.longest());
        assertEquals(3, encoder().encode(PAIRS, 4).pairs().size(), "4 pieces fit a limit of 4");
        assertThrows(IllegalArgumentException.class, () -> encoder().encode(PAIRS, 0));
    }

    @Test
    void validationEncodingKeepsEveryPairAndBatchesInOrder() {
        EncodedCorpus all = encoder().encodeAll(PAIRS);
        assertEquals(4, all.pairs().size());
        assertEquals(1, all.pairs().get(2).sourceLength(), "an empty side is </s> alone");
        List<Batch> batches = all.inOrder(2, 1);
        assertEquals(4, batches.stream().mapToInt(Batch::size).sum());
        assertEquals(batches.size(), all.inOrder(2, 1).size());
        assertEquals(all.pairs().size(), all.shuffled(all.longest(), 5).size());
    }
}
