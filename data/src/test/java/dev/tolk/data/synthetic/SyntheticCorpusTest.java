package dev.tolk.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.data.CorpusFormat;
import dev.tolk.data.CsvCorpusReader;
import dev.tolk.data.SentencePair;
import dev.tolk.data.Split;
import dev.tolk.data.synthetic.Syntax.Clause;
import dev.tolk.data.synthetic.Syntax.Conjunction;
import dev.tolk.data.synthetic.Syntax.Determiner;
import dev.tolk.data.synthetic.Syntax.NounPhrase;
import dev.tolk.data.synthetic.Syntax.PrepositionalPhrase;
import dev.tolk.data.synthetic.Syntax.Pronoun;
import dev.tolk.data.synthetic.Syntax.Sentence;
import dev.tolk.data.synthetic.Syntax.Subject;
import dev.tolk.data.synthetic.Syntax.Tense;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusTest {

    private static Noun noun(String en) {
        return Lexicon.NOUNS.stream().filter(n -> n.en().equals(en)).findFirst().orElseThrow();
    }

    private static Adjective adj(String en) {
        return Lexicon.ADJECTIVES.stream()
                .filter(a -> a.en().equals(en))
                .findFirst()
                .orElseThrow();
    }

    private static Verb verb(String en) {
        return Lexicon.VERBS.stream().filter(v -> v.en().equals(en)).findFirst().orElseThrow();
    }

    private static Preposition prep(String en) {
        return Lexicon.PREPOSITIONS.stream()
                .filter(p -> p.en().equals(en))
                .findFirst()
                .orElseThrow();
    }

    private static NounPhrase np(
            Determiner d, int number, boolean plural, String quality, String attribute, String noun) {
        return new NounPhrase(
                d,
                number,
                plural,
                quality == null ? null : adj(quality),
                attribute == null ? null : adj(attribute),
                noun(noun));
    }

    private static Sentence s(Subject subject, String verb, Tense tense, NounPhrase object, PrepositionalPhrase pp) {
        return new Sentence(new Clause(subject, verb(verb), tense, object, pp), null, null);
    }

    private static Subject subj(NounPhrase np) {
        return new Subject(null, np);
    }

    private static void check(Sentence s, String en, String fr, String de) {
        assertEquals(en, EnglishRenderer.render(s));
        assertEquals(fr, FrenchRenderer.render(s));
        assertEquals(de, GermanRenderer.render(s));
    }

    @Test
    void adjectiveAgreementAndPositionInNounPhrases() {
        check(
                s(subj(np(Determiner.DEFINITE, 0, true, "small", null, "cat")), "sleep", Tense.PRESENT, null, null),
                "The small cats sleep.",
                "Les petits chats dorment.",
                "Die kleinen Katzen schlafen.");
        check(
                s(
                        subj(np(Determiner.INDEFINITE, 0, false, "small", "white", "mouse")),
                        "run",
                        Tense.PRESENT,
                        null,
                        null),
                "A small white mouse runs.",
                "Une petite souris blanche court.",
                "Eine kleine weiße Maus läuft.");
        check(
                s(
                        subj(np(Determiner.DEFINITE, 0, false, null, "happy", "woman")),
                        "see",
                        Tense.PRESENT,
                        np(Determiner.NONE, 0, true, "big", "red", "car"),
                        null),
                "The happy woman sees big red cars.",
                "La femme contente voit de grandes voitures rouges.",
                "Die glückliche Frau sieht große rote Autos.");
        check(
                s(
                        subj(np(Determiner.INDEFINITE, 0, false, "big", null, "dog")),
                        "find",
                        Tense.PRESENT,
                        np(Determiner.INDEFINITE, 0, false, null, "heavy", "book"),
                        null),
                "A big dog finds a heavy book.",
                "Un grand chien trouve un livre lourd.",
                "Ein großer Hund findet ein schweres Buch.");
    }

    @Test
    void tensesAndPersonAgreement() {
        NounPhrase apple = np(Determiner.DEFINITE, 0, false, null, "green", "apple");
        check(
                s(new Subject(Pronoun.I, null), "eat", Tense.PAST, apple, null),
                "I ate the green apple.",
                "J'ai mangé la pomme verte.",
                "Ich habe den grünen Apfel gegessen.");
        check(
                s(new Subject(Pronoun.WE, null), "eat", Tense.FUTURE, apple, null),
                "We will eat the green apple.",
                "Nous mangerons la pomme verte.",
                "Wir werden den grünen Apfel essen.");
        check(
                s(new Subject(Pronoun.YOU, null), "like", Tense.PRESENT, apple, null),
                "You like the green apple.",
                "Tu aimes la pomme verte.",
                "Du magst den grünen Apfel.");
        check(
                s(new Subject(Pronoun.SHE, null), "run", Tense.PAST, null, null),
                "She ran.",
                "Elle a couru.",
                "Sie ist gelaufen.");
        check(
                s(subj(np(Determiner.NONE, 3, true, null, null, "child")), "wait", Tense.FUTURE, null, null),
                "Three children will wait.",
                "Trois enfants attendront.",
                "Drei Kinder werden warten.");
    }

    @Test
    void prepositionsContractElideAndTakeTheDative() {
        check(
                s(
                        new Subject(Pronoun.THEY, null),
                        "sleep",
                        Tense.PRESENT,
                        null,
                        new PrepositionalPhrase(
                                prep("next to"), np(Determiner.DEFINITE, 0, false, null, null, "garden"))),
                "They sleep next to the garden.",
                "Ils dorment à côté du jardin.",
                "Sie schlafen neben dem Garten.");
        check(
                s(
                        new Subject(Pronoun.HE, null),
                        "sing",
                        Tense.PRESENT,
                        null,
                        new PrepositionalPhrase(
                                prep("next to"), np(Determiner.DEFINITE, 0, false, null, null, "tree"))),
                "He sings next to the tree.",
                "Il chante à côté de l'arbre.",
                "Er singt neben dem Baum.");
        check(
                s(
                        new Subject(Pronoun.HE, null),
                        "sing",
                        Tense.PRESENT,
                        null,
                        new PrepositionalPhrase(
                                prep("next to"), np(Determiner.INDEFINITE, 0, false, null, null, "tree"))),
                "He sings next to a tree.",
                "Il chante à côté d'un arbre.",
                "Er singt neben einem Baum.");
        check(
                s(
                        new Subject(Pronoun.I, null),
                        "wait",
                        Tense.PAST,
                        null,
                        new PrepositionalPhrase(prep("in"), np(Determiner.DEFINITE, 0, false, null, null, "house"))),
                "I waited in the house.",
                "J'ai attendu dans la maison.",
                "Ich habe im Haus gewartet.");
        check(
                s(
                        subj(np(Determiner.DEMONSTRATIVE, 0, false, null, null, "bird")),
                        "sing",
                        Tense.PRESENT,
                        null,
                        new PrepositionalPhrase(prep("with"), np(Determiner.NONE, 2, true, null, null, "dog"))),
                "This bird sings with two dogs.",
                "Cet oiseau chante avec deux chiens.",
                "Dieser Vogel singt mit zwei Hunden.");
    }

    @Test
    void conjunctionsJoinClausesWithTheRightPunctuation() {
        Clause a = new Clause(new Subject(Pronoun.HE, null), verb("sleep"), Tense.PRESENT, null, null);
        Clause b = new Clause(
                new Subject(Pronoun.I, null),
                verb("like"),
                Tense.PRESENT,
                np(Determiner.DEFINITE, 0, false, null, null, "man"),
                null);
        Sentence s = new Sentence(a, Conjunction.BUT, b);
        check(
                s,
                "He sleeps, but I like the man.",
                "Il dort, mais j'aime l'homme.",
                "Er schläft, aber ich mag den Mann.");
    }

    @Test
    void generatedPairsShowTheRulesOnSpecificExamples() {
        Split<SentencePair> split = SyntheticCorpus.defaults().generate();
        // "the small cats" in any generated sentence becomes "les petits chats" (also at the start)
        Pattern smallCats = Pattern.compile("(?i)\\bthe small cats\\b");
        int found = 0;
        for (SentencePair p : split.train()) {
            if (smallCats.matcher(p.source()).find()) {
                assertTrue(p.target().toLowerCase(Locale.ROOT).contains("les petits chats"), p.toString());
                found++;
            }
        }
        assertTrue(found > 0);
        // future tense: "will <verb>" maps to one French word ending in a future suffix
        Pattern weWill = Pattern.compile("^We will (\\w+)");
        int future = 0;
        for (SentencePair p : split.train()) {
            Matcher m = weWill.matcher(p.source());
            if (m.find()) {
                assertTrue(p.target().matches("^Nous \\w+ons\\b.*"), p.toString());
                future++;
            }
        }
        assertTrue(future > 10);
    }

    @Test
    void defaultSizesDistinctDisjointAndWithinLengths() {
        Split<SentencePair> split = SyntheticCorpus.defaults().generate();
        assertEquals(12_000, split.train().size());
        assertEquals(500, split.valid().size());
        assertEquals(500, split.test().size());
        Set<String> sources = new HashSet<>();
        Set<String> targets = new HashSet<>();
        for (List<SentencePair> part : List.of(split.train(), split.valid(), split.test())) {
            for (SentencePair p : part) {
                assertTrue(sources.add(p.source()), "repeated source " + p.source());
                assertTrue(targets.add(p.target()), "repeated target " + p.target());
                for (String text : List.of(p.source(), p.target())) {
                    int words = text.split(" ").length;
                    assertTrue(words >= 3 && words <= 15, text);
                    assertTrue(Character.isUpperCase(text.charAt(0)) && text.endsWith("."), text);
                    assertFalse(text.contains(" ,") || text.contains("  ") || text.contains(" ."), text);
                }
            }
        }
    }

    @Test
    void vocabularyIsSmallButNotTrivial() {
        for (TargetLanguage lang : TargetLanguage.values()) {
            Split<SentencePair> split =
                    SyntheticCorpus.builder().language(lang).build().generate();
            Set<String> src = new HashSet<>();
            Set<String> tgt = new HashSet<>();
            for (SentencePair p : split.train()) {
                src.addAll(List.of(p.source().split("[ .,]+")));
                tgt.addAll(List.of(p.target().split("[ .,]+")));
            }
            assertTrue(src.size() >= 120 && src.size() <= 250, lang + " source types " + src.size());
            assertTrue(tgt.size() >= 150 && tgt.size() <= 300, lang + " target types " + tgt.size());
        }
    }

    @Test
    void sameSeedSameCorpusOtherSeedOtherCorpus() {
        SyntheticCorpus c = SyntheticCorpus.builder()
                .trainPairs(300)
                .validPairs(20)
                .testPairs(20)
                .seed(42)
                .build();
        assertEquals(c.generate(), c.generate());
        assertNotEquals(
                c.generate().train(),
                SyntheticCorpus.builder()
                        .trainPairs(300)
                        .validPairs(20)
                        .testPairs(20)
                        .seed(43)
                        .build()
                        .generate()
                        .train());
        // the held-out parts do not depend on the training size
        Split<SentencePair> bigger = SyntheticCorpus.builder()
                .trainPairs(900)
                .validPairs(20)
                .testPairs(20)
                .seed(42)
                .build()
                .generate();
        assertEquals(c.generate().test(), bigger.test());
        assertEquals(c.generate().valid(), bigger.valid());
    }

    @Test
    void germanTranslationsAreDeterministicToo() {
        SyntheticCorpus de = SyntheticCorpus.builder()
                .language(TargetLanguage.GERMAN)
                .trainPairs(200)
                .validPairs(10)
                .testPairs(10)
                .build();
        Split<SentencePair> a = de.generate();
        assertEquals(a, de.generate());
        assertTrue(a.train().stream()
                .anyMatch(p -> p.target().contains(" haben ") || p.target().contains(" hat ")));
    }

    @Test
    void writesThreeCsvFilesThatReadBackExactly(@TempDir Path dir) {
        SyntheticCorpus c = SyntheticCorpus.builder()
                .trainPairs(100)
                .validPairs(10)
                .testPairs(10)
                .build();
        Split<SentencePair> split = c.write(dir);
        CsvCorpusReader reader = CsvCorpusReader.of(CorpusFormat.csv());
        assertEquals(
                strip(split.train()),
                strip(reader.readAll(dir.resolve("train.csv")).pairs()));
        assertEquals(
                strip(split.valid()),
                strip(reader.readAll(dir.resolve("valid.csv")).pairs()));
        assertEquals(
                strip(split.test()),
                strip(reader.readAll(dir.resolve("test.csv")).pairs()));
    }

    private static List<String> strip(List<SentencePair> pairs) {
        return pairs.stream().map(p -> p.source() + "\t" + p.target()).toList();
    }

    @Test
    void totalPairsHoldsOutOneTwentySixthEachForValidationAndTest() {
        SyntheticCorpus c = SyntheticCorpus.builder().totalPairs(13_000).build();
        assertEquals(12_000, c.trainPairs());
        assertEquals(500, c.validPairs());
        assertEquals(500, c.testPairs());
        SyntheticCorpus small = SyntheticCorpus.builder().totalPairs(3).build();
        assertEquals(1, small.trainPairs());
        assertEquals(1, small.validPairs(), "at least one");
        assertEquals(1, small.testPairs());
        assertEquals(
                36, SyntheticCorpus.builder().totalPairs(40).build().trainPairs(), "40 / 26 rounds to 2: 2 held each");
    }
}
