package dev.tolk.data.synthetic;

import dev.tolk.data.synthetic.Syntax.Clause;
import dev.tolk.data.synthetic.Syntax.Conjunction;
import dev.tolk.data.synthetic.Syntax.Determiner;
import dev.tolk.data.synthetic.Syntax.NounPhrase;
import dev.tolk.data.synthetic.Syntax.PrepositionalPhrase;
import dev.tolk.data.synthetic.Syntax.Pronoun;
import dev.tolk.data.synthetic.Syntax.Sentence;
import dev.tolk.data.synthetic.Syntax.Subject;
import dev.tolk.data.synthetic.Syntax.Tense;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Draws random abstract sentences from the {@link Lexicon}. Subjects are people or animals (or pronouns);
 * objects and prepositional phrases respect each verb's and preposition's noun categories. All randomness
 * comes from the {@link Random} passed in.
 */
final class SentenceSampler {
    private final Random rng;

    SentenceSampler(Random rng) {
        this.rng = rng;
    }

    Sentence sentence() {
        Clause first = clause();
        double r = rng.nextDouble();
        if (r < 0.08) {
            return new Sentence(first, Conjunction.AND, clause());
        }
        if (r < 0.12) {
            return new Sentence(first, Conjunction.BUT, clause());
        }
        return new Sentence(first, null, null);
    }

    Clause clause() {
        Subject subject = rng.nextDouble() < 0.3
                ? new Subject(pick(List.of(Pronoun.values())), null)
                : new Subject(
                        null,
                        nounPhrase(n -> n.category() == Category.PERSON || n.category() == Category.ANIMAL, false));
        boolean transitive = rng.nextDouble() < 0.65;
        Verb verb = pick(
                Lexicon.VERBS.stream().filter(v -> v.transitive() == transitive).toList());
        Tense tense = pick(List.of(Tense.values()));
        NounPhrase object = verb.transitive() ? nounPhrase(verb::takes, true) : null;
        PrepositionalPhrase pp = null;
        if (rng.nextDouble() < (verb.transitive() ? 0.25 : 0.6)) {
            Preposition prep = pick(Lexicon.PREPOSITIONS);
            pp = new PrepositionalPhrase(prep, nounPhrase(prep::takes, false));
        }
        return new Clause(subject, verb, tense, object, pp);
    }

    /**
     * @param bareAllowed whether a bare plural ("cats", French "des chats") may be drawn
     */
    NounPhrase nounPhrase(Predicate<Noun> fits, boolean bareAllowed) {
        Noun noun = pick(Lexicon.NOUNS.stream().filter(fits).toList());
        double r = rng.nextDouble();
        Determiner det;
        int number = 0;
        boolean plural;
        if (r < 0.40) {
            det = Determiner.DEFINITE;
            plural = rng.nextDouble() < 0.4;
        } else if (r < 0.60) {
            det = Determiner.INDEFINITE;
            plural = false;
        } else if (r < 0.70) {
            det = Determiner.DEMONSTRATIVE;
            plural = rng.nextDouble() < 0.4;
        } else if (r < 0.90 || !bareAllowed) {
            number = 1 + rng.nextInt(20);
            plural = number > 1;
            det = number > 1 && rng.nextDouble() < 0.3 ? Determiner.DEFINITE : Determiner.NONE;
        } else {
            det = Determiner.NONE;
            plural = true;
        }
        Adjective quality = null;
        Adjective attribute = null;
        double a = rng.nextDouble();
        if (a < 0.45) {
            boolean both = a < 0.10;
            if (both || rng.nextBoolean()) {
                quality = pick(Lexicon.ADJECTIVES.stream()
                        .filter(x -> x.frBeforeNoun() && x.fits(noun))
                        .toList());
            }
            if (both || quality == null) {
                attribute = pick(Lexicon.ADJECTIVES.stream()
                        .filter(x -> !x.frBeforeNoun() && x.fits(noun))
                        .toList());
            }
        }
        return new NounPhrase(det, number, plural, quality, attribute, noun);
    }

    private <T> T pick(List<T> items) {
        return items.get(rng.nextInt(items.size()));
    }
}
