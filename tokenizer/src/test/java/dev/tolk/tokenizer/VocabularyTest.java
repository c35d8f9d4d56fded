package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
    private static VocabularyBuilder counts(int minFreq, int maxSize) {
        return new VocabularyBuilder(minFreq, maxSize)
                .addAll(List.of("b", "a", "c", "a", "b", "d", "a", "e", "e", "b"));
        // a=3 b=3 e=2 c=1 d=1
    }

    @Test
    void specialsFirstThenFrequencyThenLexicographic() {
        Vocabulary v = counts(1, 100).build();
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "a", "b", "e", "c", "d"), v.tokens());
        assertEquals(0, v.id("<pad>"));
        assertEquals(1, v.id("<unk>"));
        assertEquals(2, v.id("<s>"));
        assertEquals(3, v.id("</s>"));
        assertEquals(Vocabulary.UNK_ID, v.id("zzz"));
    }

    @Test
    void minFrequencyAndMaxSizeCut() {
        assertEquals(
                List.of("<pad>", "<unk>", "<s>", "</s>", "a", "b", "e"),
                counts(2, 100).build().tokens());
        assertEquals(
                List.of("<pad>", "<unk>", "<s>", "</s>", "a", "b"),
                counts(1, 6).build().tokens());
        assertEquals(4, counts(1, 4).build().size());
        assertThrows(IllegalArgumentException.class, () -> new VocabularyBuilder(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new VocabularyBuilder(1, 3));
        assertThrows(IllegalArgumentException.class, () -> new VocabularyBuilder(1, 10).add("x", -1));
    }

    @Test
    void encodeDecodeAndOneHot() {
        Vocabulary v = counts(1, 100).build();
        int[] ids = v.encode(List.of("a", "zzz", "d"));
        assertArrayEquals(new int[] {4, 1, 8}, ids);
        assertEquals(List.of("a", "<unk>", "d"), v.decode(ids));
        assertEquals(List.of("a", "b"), v.decodeForOutput(new int[] {2, 4, 0, 5, 3, 6}));
        float[] oh = v.oneHot("b");
        assertEquals(9, oh.length);
        assertEquals(1f, oh[5]);
        assertEquals(1f, sum(oh));
        assertThrows(IndexOutOfBoundsException.class, () -> v.token(9));
        assertThrows(IllegalArgumentException.class, () -> v.oneHot(1, new float[3]));
    }

    private static float sum(float[] a) {
        float s = 0;
        for (float x : a) {
            s += x;
        }
        return s;
    }

    @Test
    void jsonRoundTripAndChecks(@TempDir Path dir) throws Exception {
        Vocabulary v = counts(1, 100).build();
        Path f = dir.resolve("vocab.json");
        v.save(f);
        Vocabulary w = Vocabulary.load(f);
        assertEquals(v, w);
        assertEquals(v.tokens(), w.tokens());
        assertEquals(v.fingerprint(), w.fingerprint());
        assertEquals(64, v.fingerprint().length());
        assertTrue(!v.fingerprint().equals(counts(2, 100).build().fingerprint()));
        // length-prefixed: ["ab","c"] and ["a","bc"] differ
        assertTrue(!Vocabulary.of(List.of("ab", "c"))
                .fingerprint()
                .equals(Vocabulary.of(List.of("a", "bc")).fingerprint()));
        String json = Files.readString(f);
        TokenizerFormatException bad = assertThrows(
                TokenizerFormatException.class,
                () -> Vocabulary.fromJson(json.replace("\"version\" : 1", "\"version\" : 7"), "v.json"));
        assertTrue(bad.getMessage().contains("v.json") && bad.getMessage().contains("version 7"), bad.getMessage());
        assertThrows(
                TokenizerFormatException.class, () -> Vocabulary.fromJson(json.replace("<unk>", "<UNK>"), "v.json"));
        assertThrows(
                TokenizerFormatException.class, () -> Vocabulary.fromJson(json.replace("\"c\"", "\"a\""), "v.json"));
        assertThrows(TokenizerFormatException.class, () -> Vocabulary.fromJson("[1,2]", "v.json"));
    }

    @Test
    void manyTypesAreCutWithABoundedSelection() {
        // 10^6 types (10^7 is the design target; kept smaller for the suite's time budget)
        VocabularyBuilder b = new VocabularyBuilder(1, 1004);
        for (int i = 0; i < 1_000_000; i++) {
            b.add("t" + i, i % 5000);
        }
        Vocabulary v = b.build();
        assertEquals(1004, v.size());
        // highest count 4999: t4999, t9999, ... (200 of them), lexicographic among equals
        assertEquals("t104999", v.token(4));
        assertTrue(v.contains("t999999"));
    }
}
