package dev.tolk.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The abstract sentence that the renderers translate: language-neutral choices of words, number, person,
 * tense and structure.
 */
final class Syntax {
    private Syntax() {}

    /** Grammatical person and number; {@code ordinal()} indexes the six-form present tables of {@link Verb}. */
    enum Person {
        FIRST_SINGULAR,
        SECOND_SINGULAR,
        THIRD_SINGULAR,
        FIRST_PLURAL,
        SECOND_PLURAL,
        THIRD_PLURAL
    }

    /** A personal pronoun as subject. English "you" is rendered as the singular tu / du. */
    enum Pronoun {
        I("I", "je", "ich", Person.FIRST_SINGULAR),
        YOU("you", "tu", "du", Person.SECOND_SINGULAR),
        HE("he", "il", "er", Person.THIRD_SINGULAR),
        SHE("she", "elle", "sie", Person.THIRD_SINGULAR),
        WE("we", "nous", "wir", Person.FIRST_PLURAL),
        THEY("they", "ils", "sie", Person.THIRD_PLURAL);

        final String en;
        final String fr;
        final String de;
        final Person person;

        Pronoun(String en, String fr, String de, Person person) {
            this.en = en;
            this.fr = fr;
            this.de = de;
            this.person = person;
        }
    }

    enum Tense {
        PRESENT,
        PAST,
        FUTURE
    }

    /** The determiner of a noun phrase; {@code NONE} is a bare plural or a bare number. */
    enum Determiner {
        DEFINITE,
        INDEFINITE,
        DEMONSTRATIVE,
        NONE
    }

    /**
     * A noun phrase: determiner, optional number (0 for none, 1 to 20), optional adjectives, noun.
     *
     * @param quality an adjective placed before the noun in French, or null
     * @param attribute an adjective placed after the noun in French, or null; in English and German it follows
     *     {@code quality}
     */
    record NounPhrase(
            Determiner determiner, int number, boolean plural, Adjective quality, Adjective attribute, Noun noun) {
        NounPhrase {
            if (number == 1 && plural || number > 1 && !plural) {
                throw new IllegalArgumentException("number " + number + " with plural=" + plural);
            }
            if (determiner == Determiner.INDEFINITE && (plural || number != 0)) {
                throw new IllegalArgumentException("indefinite article with plural or number");
            }
            if (determiner == Determiner.NONE && !plural && number != 1) {
                throw new IllegalArgumentException("bare singular noun phrase");
            }
        }

        /** The grammatical person of this phrase as a subject. */
        Person person() {
            return plural ? Person.THIRD_PLURAL : Person.THIRD_SINGULAR;
        }
    }

    /** A subject: a pronoun or a noun phrase (exactly one is non-null). */
    record Subject(Pronoun pronoun, NounPhrase phrase) {
        Person person() {
            return pronoun != null ? pronoun.person : phrase.person();
        }
    }

    /** A prepositional phrase. */
    record PrepositionalPhrase(Preposition preposition, NounPhrase object) {}

    /** A clause: subject, verb in a tense, optional object, optional prepositional phrase. */
    record Clause(Subject subject, Verb verb, Tense tense, NounPhrase object, PrepositionalPhrase adjunct) {}

    /** How two clauses are joined. */
    enum Conjunction {
        AND("and", "et", "und", false),
        BUT("but", "mais", "aber", true);

        final String en;
        final String fr;
        final String de;
        final boolean comma;

        Conjunction(String en, String fr, String de, boolean comma) {
            this.en = en;
            this.fr = fr;
            this.de = de;
            this.comma = comma;
        }
    }

    /** A sentence: one clause, or two joined by a conjunction (then {@code second} is non-null). */
    record Sentence(Clause first, Conjunction conjunction, Clause second) {

        /**
         * The sentence's words in one language: the first clause, then (for a compound sentence) a comma where the
         * conjunction takes one, the conjunction's word and the second clause.
         */
        List<String> words(
                Function<Conjunction, String> conjunctionWord, BiConsumer<Clause, List<String>> renderClause) {
            List<String> w = new ArrayList<>();
            renderClause.accept(first, w);
            if (second != null) {
                if (conjunction.comma) {
                    w.add(Orthography.COMMA);
                }
                w.add(conjunctionWord.apply(conjunction));
                renderClause.accept(second, w);
            }
            return w;
        }
    }
}
