package dev.tolk.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorpusSplitterTest {
    private static List<SentencePair> corpus(int n) {
        List<SentencePair> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // every third source repeats with two translations
            String src = "s" + (i - i % 3 == i ? i : i - (i % 3 == 1 ? 1 : 0));
            l.add(new SentencePair(src, "t" + i, i + 2));
        }
        return l;
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        List<SentencePair> c = corpus(1000);
        Split<SentencePair> a = CorpusSplitter.bySource(5).split(c, 50, 60);
        Split<SentencePair> b = CorpusSplitter.bySource(5).split(c, 50, 60);
        assertEquals(a, b);
        assertNotEquals(a.test(), CorpusSplitter.bySource(6).split(c, 50, 60).test());
    }

    @Test
    void partsCoverEverythingOnceKeepOrderAndShareNoSource() {
        List<SentencePair> c = corpus(1000);
        Split<SentencePair> s = CorpusSplitter.bySource(5).split(c, 50, 60);
        assertEquals(1000, s.train().size() + s.valid().size() + s.test().size());
        assertTrue(
                s.test().size() >= 60 && s.test().size() < 62,
                "test " + s.test().size());
        assertTrue(
                s.valid().size() >= 50 && s.valid().size() < 52,
                "valid " + s.valid().size());
        Set<String> train = new HashSet<>();
        s.train().forEach(p -> train.add(p.source()));
        s.valid().forEach(p -> assertTrue(!train.contains(p.source())));
        s.test().forEach(p -> assertTrue(!train.contains(p.source())));
        for (List<SentencePair> part : List.of(s.train(), s.valid(), s.test())) {
            for (int i = 1; i < part.size(); i++) {
                assertTrue(part.get(i).line() > part.get(i - 1).line());
            }
        }
    }

    @Test
    void fractionsAndValidation() {
        Split<Integer> s = CorpusSplitter.<Integer>grouped(1, x -> x)
                .splitFractions(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0.2, 0.1);
        assertEquals(7, s.train().size());
        assertEquals(2, s.valid().size());
        assertEquals(1, s.test().size());
        assertThrows(
                IllegalArgumentException.class,
                () -> CorpusSplitter.<Integer>grouped(1, x -> x).split(List.of(1, 2), 2, 1));
    }
}
