package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyLearnerTest {
    static final List<String> TEXTS = List.of("low lower lowest", "Newer newest", "low low");

    @Test
    void aGivenPipelineCountsItsPiecesWithTheBuilderRules() {
        VocabularyLearner.Learned l = new VocabularyLearner(2, 100).learn(TextPipeline.word(), TEXTS);
        assertEquals(3, l.documents());
        assertEquals(5, l.distinctSymbols());
        assertEquals(
                List.of("<pad>", "<unk>", "<s>", "</s>", "▁low"), l.vocabulary().tokens());
        assertNull(l.bpe());
    }

    @Test
    void bpeIsLearnedFromTheNormalisedTextsAndTheVocabularyFromItsPieces() {
        Normalizer lower = Normalizer.DEFAULT.withLowercase(true);
        VocabularyLearner.Learned l = new VocabularyLearner(1, 1000).learnBpe(lower, 30, TEXTS);
        BpeModel expected =
                new BpeLearner(30).learn(TEXTS.stream().map(lower::normalize).toList());
        assertEquals(expected.merges(), l.bpe().merges());
        VocabularyBuilder b = new VocabularyBuilder(1, 1000);
        TextPipeline p = TextPipeline.bpe(lower, expected);
        TEXTS.forEach(t -> b.addAll(p.pieces(t)));
        assertEquals(b.build(), l.vocabulary());
        assertEquals(p.spec(), l.pipeline().spec());
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new VocabularyLearner(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new VocabularyLearner(1, 3));
    }
}
