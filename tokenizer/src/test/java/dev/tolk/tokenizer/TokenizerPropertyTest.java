package dev.tolk.tokenizer;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random Unicode (surrogate pairs, lone surrogates, combining marks, special and zero-width spaces, the marker
 * and escape characters, punctuation): no exception, offsets valid, exact round trips. jqwik seeds are fixed per property (and
 * {@code junit-platform.properties} keeps no failure database), so runs are reproducible.
 */
class TokenizerPropertyTest {
    private static final BpeTokenizer BPE = new BpeTokenizer(new BpeLearner(300)
            .learn(List.of(
                    "Le chat dort\u00A0! L'homme a 3,5 ans.",
                    "the lowest newer widest",
                    "co\u00ADop e\u0301te\u0301 \uD83D\uDE00",
                    "Qu'est-ce que c'est\u202F? « Oui » -- 12:30")));

    @Provide
    Arbitrary<String> unicodeText() {
        Arbitrary<Character> special = Arbitraries.of(
                ' ', ' ', '\t', '\n', '\r', '\u00A0', '\u202F', '\u2009', '\u3000', '\u200B', '\u200D', '\u00AD',
                '\uFEFF', '\u0301', '\u0308', '\uFE0F', '\u2581', '\uE000', '\'', '\u2019', '-', '.', ',', ':', '!',
                '?', '«', '»', '\uD83D', '\uDE00', '\uDC69', '\u0000');
        Arbitrary<Character> letters = Arbitraries.chars().range('a', 'f');
        Arbitrary<Character> digits = Arbitraries.chars().range('0', '3');
        Arbitrary<Character> any = Arbitraries.chars();
        Arbitrary<String> emoji = Arbitraries.of(
                "\uD83D\uDE00", "\uD83D\uDC69\u200D\uD83D\uDCBB", "\uD835\uDC00", "e\u0301", "\u00E9", "\u0130");
        Arbitrary<String> chunk = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, letters.map(String::valueOf)),
                net.jqwik.api.Tuple.of(2, digits.map(String::valueOf)),
                net.jqwik.api.Tuple.of(3, special.map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, any.map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, emoji));
        return chunk.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Property(tries = 1500, seed = "20261122")
    void wordTokenizerContract(@ForAll("unicodeText") String text) {
        TokenizerContract.check(WordTokenizer.INSTANCE, text);
    }

    @Property(tries = 1000, seed = "20261122")
    void charTokenizerContract(@ForAll("unicodeText") String text) {
        TokenizerContract.check(CharTokenizer.INSTANCE, text);
    }

    @Property(tries = 1500, seed = "20261122")
    void bpeTokenizerContract(@ForAll("unicodeText") String text) {
        TokenizerContract.check(BPE, text);
    }

    @Property(tries = 500, seed = "20261122")
    void pipelineRoundTripsToNormalisedText(@ForAll("unicodeText") String text) {
        for (Normalizer.Form form : Normalizer.Form.values()) {
            TextPipeline p = TextPipeline.word(new Normalizer(form, true, true));
            String norm = p.normalize(text);
            if (!norm.equals(p.detokenize(p.pieces(text)))) {
                throw new AssertionError("round trip failed for " + TokenizerContract.escape(text));
            }
            for (Token t : p.tokenize(text)) {
                if (t.start() < 0 || t.end() > text.length() || t.text().isEmpty()) {
                    throw new AssertionError("bad token " + t + " for " + TokenizerContract.escape(text));
                }
            }
        }
    }
}
