package dev.tolk.data.synthetic;

import dev.tolk.data.synthetic.Syntax.Clause;
import dev.tolk.data.synthetic.Syntax.Determiner;
import dev.tolk.data.synthetic.Syntax.NounPhrase;
import dev.tolk.data.synthetic.Syntax.Person;
import dev.tolk.data.synthetic.Syntax.Sentence;
import java.util.ArrayList;
import java.util.List;

/** Renders an abstract {@link Sentence} as English words. */
final class EnglishRenderer {
    private EnglishRenderer() {}

    static String render(Sentence s) {
        List<String> w = s.words(c -> c.en, EnglishRenderer::clause);
        return Orthography.sentence(w);
    }

    static void clause(Clause c, List<String> w) {
        if (c.subject().pronoun() != null) {
            w.add(c.subject().pronoun().en);
        } else {
            nounPhrase(c.subject().phrase(), w);
        }
        Person p = c.subject().person();
        switch (c.tense()) {
            case PRESENT ->
                w.add(p == Person.THIRD_SINGULAR ? c.verb().en3sg() : c.verb().en());
            case PAST -> w.add(c.verb().enPast());
            case FUTURE -> {
                w.add("will");
                w.add(c.verb().en());
            }
            default -> throw new IllegalStateException(c.tense().toString());
        }
        if (c.object() != null) {
            nounPhrase(c.object(), w);
        }
        if (c.adjunct() != null) {
            w.add(c.adjunct().preposition().en());
            nounPhrase(c.adjunct().object(), w);
        }
    }

    static void nounPhrase(NounPhrase np, List<String> w) {
        List<String> rest = new ArrayList<>();
        if (np.number() > 0) {
            rest.add(Lexicon.EN_NUMBERS[np.number()]);
        }
        if (np.quality() != null) {
            rest.add(np.quality().en());
        }
        if (np.attribute() != null) {
            rest.add(np.attribute().en());
        }
        rest.add(np.plural() ? np.noun().enPlural() : np.noun().en());
        if (np.determiner() == Determiner.DEFINITE) {
            w.add("the");
        } else if (np.determiner() == Determiner.INDEFINITE) {
            w.add("aeiou".indexOf(rest.get(0).charAt(0)) >= 0 ? "an" : "a");
        } else if (np.determiner() == Determiner.DEMONSTRATIVE) {
            w.add(np.plural() ? "these" : "this");
        }
        w.addAll(rest);
    }
}
