package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TokenizersTest {

    /** sacreBLEU's 13a written with the regular expressions themselves: the oracle for the hand-written scans. */
    static String reference13a(String line) {
        String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (s.contains("&")) {
            s = s.replace("&quot;", "\"")
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">");
        }
        s = " " + s + " ";
        s = Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])")
                .matcher(s)
                .replaceAll(" $1 ");
        s = Pattern.compile("([^0-9])([\\.,])").matcher(s).replaceAll("$1 $2 ");
        s = Pattern.compile("([\\.,])([^0-9])").matcher(s).replaceAll(" $1 $2");
        s = Pattern.compile("([0-9])(-)").matcher(s).replaceAll("$1 $2 ");
        return PythonText.collapseWhitespace(s);
    }

    @Test
    void thirteenASplitsPunctuationButKeepsNumbersApostrophesAndInnerDashes() {
        Tokenizer13a t = Tokenizer13a.INSTANCE;
        assertEquals("Hello , world !", t.tokenize("Hello, world!"));
        assertEquals("It wasn't surprising .", t.tokenize("It wasn't surprising."));
        assertEquals("pi is 3.14 , or 3,14 in French", t.tokenize("pi is 3.14, or 3,14 in French"));
        assertEquals("1990 - 2000 well-known", t.tokenize("1990-2000 well-known"));
        assertEquals("a < b & \" c \"", t.tokenize("a &lt; b &amp; &quot;c&quot;"));
        assertEquals("<", t.tokenize("&amp;lt;"), "&amp; is unescaped before &lt;, as sacreBLEU");
        assertEquals("joined words", t.tokenize("joined<skipped> words"));
        assertEquals("line break and hyphenation", t.tokenize("line\nbreak and hyphen-\nation"));
        assertEquals("", t.tokenize("   "));
        assertEquals("a b", t.tokenize("a\u00a0b"), "U+00A0 is whitespace for Python's split");
    }

    @Test
    void thirteenAHandWrittenScansEqualTheRegularExpressionsOnRandomText() {
        String alphabet = "aZ09.,-'&;<>/\\{}[]()|~^_`@?!\"#$%*+:= \t\n\u00a0\u202f\u2007ß€„“…\ud834\udd1e";
        String[] pieces = {"&amp;", "&quot;", "&lt;", "&gt;", "<skipped>", "-\n", "1.5", "a.b", ",,", "..", "5-"};
        SplittableRandom random = new SplittableRandom(13);
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(25);
            for (int i = 0; i < len; i++) {
                if (random.nextInt(6) == 0) {
                    b.append(pieces[random.nextInt(pieces.length)]);
                } else {
                    int k = random.nextInt(alphabet.length());
                    b.append(alphabet.charAt(k));
                }
            }
            String s = b.toString();
            assertEquals(reference13a(s), Tokenizer13a.INSTANCE.tokenize(s), "input: " + s);
        }
    }

    @Test
    void intlSeparatesUnicodePunctuationAndSymbolsButNotNumberSeparators() {
        TokenizerIntl t = TokenizerIntl.INSTANCE;
        assertEquals("Hi !", t.tokenize("Hi!"));
        assertEquals("1,000.5 $", t.tokenize("1,000.5 $"));
        assertEquals("„ Hallo “ , sagte er …", t.tokenize("„Hallo“, sagte er…"));
        assertEquals("a € b", t.tokenize("a€b"));
    }

    @Test
    void charMakesOneTokenPerCodePointAndDropsPythonWhitespace() {
        assertEquals("a b \ud834\udd1e c", TokenizerChar.INSTANCE.tokenize("a b\ud834\udd1e\u202fc"));
        assertArrayEquals(
                new String[] {"a", "b", "\ud834\udd1e", "c"},
                PythonText.split(TokenizerChar.INSTANCE.tokenize("ab\ud834\udd1e c")));
    }

    @Test
    void noneKeepsTheSegment() {
        assertEquals("Hello, world!", TokenizerNone.INSTANCE.tokenize("Hello, world!"));
    }

    @Test
    void tokenizationNamesRoundTripAndUnknownNamesListTheChoices() {
        for (Tokenization t : Tokenization.values()) {
            assertEquals(t, Tokenization.fromId(t.id()));
            assertEquals(t.id(), t.tokenizer().signature());
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Tokenization.fromId("moses"));
        assertEquals("unknown BLEU tokenizer 'moses': choose one of 13a, intl, char, none", e.getMessage());
    }
}
