package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapResamplingTest {
    private static final String[] WORDS =
            ("the a man woman dog cat sees eats runs walks big small red green " + "house tree street park").split(" ");

    private static List<String> references(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder();
            int len = 6 + r.nextInt(8);
            for (int t = 0; t < len; t++) {
                b.append(t == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
            }
            out.add(b.append('.').toString());
        }
        return out;
    }

    /** Each word of {@code refs} replaced with probability {@code rate}. */
    private static List<String> perturb(List<String> refs, double rate, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (String ref : refs) {
            String[] t = ref.split(" ");
            for (int i = 0; i < t.length; i++) {
                if (r.nextDouble() < rate) {
                    t[i] = WORDS[r.nextInt(WORDS.length)];
                }
            }
            out.add(String.join(" ", t));
        }
        return out;
    }

    @Test
    void confidenceIntervalSurroundsTheScoreAndIsDeterministicForASeed() {
        List<String> refs = references(300, 1);
        List<String> hyp = perturb(refs, 0.3, 2);
        Bleu bleu = new Bleu(BleuConfig.corpusDefaults());
        BootstrapEstimate e = new BootstrapResampling(200, 5).confidenceInterval(bleu, hyp, List.of(refs));
        assertEquals(bleu.corpusScore(hyp, List.of(refs)).score(), e.score(), 1e-12);
        assertTrue(e.interval().lower() < e.score() && e.score() < e.interval().upper(), e.toString());
        assertTrue(e.interval().halfWidth() > 0.5 && e.interval().halfWidth() < 10, e.toString());
        assertEquals(e, new BootstrapResampling(200, 5).confidenceInterval(bleu, hyp, List.of(refs)));
        assertNotEquals(
                e.interval(),
                new BootstrapResampling(200, 6)
                        .confidenceInterval(bleu, hyp, List.of(refs))
                        .interval());
        assertEquals(
                "nrefs:1|bs:200|seed:5|case:mixed|eff:no|tok:13a|smooth:exp",
                e.signature().formatWithoutVersion());
    }

    @Test
    void aClearlyBetterSystemIsSignificantAndAnEquivalentOneIsNot() {
        List<String> refs = references(400, 11);
        List<String> weak = perturb(refs, 0.5, 12);
        List<String> strong = perturb(refs, 0.2, 13);
        List<String> weakToo = perturb(refs, 0.5, 14);
        Bleu bleu = new Bleu(BleuConfig.corpusDefaults());
        BootstrapResampling bs = BootstrapResampling.defaults();
        PairedBootstrapResult better = bs.pairedTest(bleu, weak, strong, List.of(refs));
        assertTrue(better.difference() > 10, better.toString());
        assertEquals(1.0 / 1001, better.pValue(), 1e-12, "no resample difference beats the observed one");
        assertEquals(1.0, better.systemBetterFraction());
        PairedBootstrapResult same = bs.pairedTest(bleu, weak, weakToo, List.of(refs));
        assertTrue(same.pValue() > 0.05, same.toString());
        assertTrue(same.systemBetterFraction() > 0.05 && same.systemBetterFraction() < 0.95, same.toString());
        PairedBootstrapResult chrf = bs.pairedTest(new ChrF(ChrFConfig.chrF()), weak, strong, List.of(refs));
        assertTrue(chrf.pValue() < 0.01, chrf.toString());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BootstrapResampling(0, 1));
        Bleu bleu = new Bleu(BleuConfig.corpusDefaults());
        assertThrows(
                IllegalArgumentException.class,
                () -> BootstrapResampling.defaults()
                        .pairedTest(bleu, List.of("a"), List.of("a", "b"), List.of(List.of("a"))));
        assertThrows(
                IllegalArgumentException.class,
                () -> BootstrapResampling.defaults().confidenceInterval(bleu, List.of(), List.of(List.of())));
    }
}
