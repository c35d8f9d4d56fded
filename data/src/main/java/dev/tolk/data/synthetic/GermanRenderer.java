package dev.tolk.data.synthetic;

import dev.tolk.data.synthetic.Syntax.Clause;
import dev.tolk.data.synthetic.Syntax.Determiner;
import dev.tolk.data.synthetic.Syntax.NounPhrase;
import dev.tolk.data.synthetic.Syntax.Sentence;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an abstract {@link Sentence} as German: nominative subjects, accusative objects, dative after the
 * prepositions (with {@code in dem} contracted to {@code im}); articles by gender, number and case; adjective
 * endings by the weak (after der/dieser), mixed (after ein) and strong (no article) declensions; dative plural
 * nouns; verb second, with the Perfekt participle (haben or sein) and the future infinitive (werden) at the
 * end of the clause.
 */
final class GermanRenderer {
    private GermanRenderer() {}

    enum Case {
        NOMINATIVE,
        ACCUSATIVE,
        DATIVE
    }

    private static final String[] HABEN = {"habe", "hast", "hat", "haben", "habt", "haben"};
    private static final String[] SEIN = {"bin", "bist", "ist", "sind", "seid", "sind"};
    private static final String[] WERDEN = {"werde", "wirst", "wird", "werden", "werdet", "werden"};

    static String render(Sentence s) {
        List<String> w = s.words(c -> c.de, GermanRenderer::clause);
        return Orthography.sentence(w);
    }

    static void clause(Clause c, List<String> w) {
        if (c.subject().pronoun() != null) {
            w.add(c.subject().pronoun().de);
        } else {
            nounPhrase(c.subject().phrase(), Case.NOMINATIVE, w);
        }
        int p = c.subject().person().ordinal();
        String last = null;
        switch (c.tense()) {
            case PRESENT -> w.add(c.verb().dePresent()[p]);
            case PAST -> {
                w.add(c.verb().deWithSein() ? SEIN[p] : HABEN[p]);
                last = c.verb().deParticiple();
            }
            case FUTURE -> {
                w.add(WERDEN[p]);
                last = c.verb().deInfinitive();
            }
            default -> throw new IllegalStateException(c.tense().toString());
        }
        if (c.object() != null) {
            nounPhrase(c.object(), Case.ACCUSATIVE, w);
        }
        if (c.adjunct() != null) {
            List<String> np = new ArrayList<>();
            nounPhrase(c.adjunct().object(), Case.DATIVE, np);
            String prep = c.adjunct().preposition().de();
            if (prep.equals("in") && np.get(0).equals("dem")) {
                np.set(0, "im");
            } else {
                np.add(0, prep);
            }
            w.addAll(np);
        }
        if (last != null) {
            w.add(last);
        }
    }

    static void nounPhrase(NounPhrase np, Case kase, List<String> w) {
        Noun n = np.noun();
        Gender g = np.plural() ? null : n.deGender();
        Determiner d = np.determiner();
        String article = switch (d) {
            case DEFINITE -> definite(g, kase, "der", "die", "das", "die", "den", "dem", "der", "den");
            case DEMONSTRATIVE ->
                definite(g, kase, "dieser", "diese", "dieses", "diese", "diesen", "diesem", "dieser", "diesen");
            case INDEFINITE -> indefinite(g, kase);
            case NONE -> np.number() == 1 ? indefinite(g, kase) : null;
        };
        if (article != null) {
            w.add(article);
        }
        if (np.number() > 1) {
            w.add(Lexicon.DE_NUMBERS[np.number()]);
        }
        Declension decl = d == Determiner.DEFINITE || d == Determiner.DEMONSTRATIVE
                ? Declension.WEAK
                : (d == Determiner.INDEFINITE || np.number() == 1) ? Declension.MIXED : Declension.STRONG;
        String ending = ending(decl, g, kase);
        if (np.quality() != null) {
            w.add(np.quality().deStem() + ending);
        }
        if (np.attribute() != null) {
            w.add(np.attribute().deStem() + ending);
        }
        w.add(!np.plural() ? n.de() : kase == Case.DATIVE ? n.deDativePlural() : n.dePlural());
    }

    private static String definite(
            Gender g,
            Case k,
            String nomM,
            String nomF,
            String nomN,
            String nomPl,
            String accM,
            String datMN,
            String datF,
            String datPl) {
        if (g == null) {
            return k == Case.DATIVE ? datPl : nomPl;
        }
        return switch (k) {
            case NOMINATIVE -> g == Gender.MASCULINE ? nomM : g == Gender.FEMININE ? nomF : nomN;
            case ACCUSATIVE -> g == Gender.MASCULINE ? accM : g == Gender.FEMININE ? nomF : nomN;
            case DATIVE -> g == Gender.FEMININE ? datF : datMN;
        };
    }

    private static String indefinite(Gender g, Case k) {
        return switch (k) {
            case NOMINATIVE -> g == Gender.FEMININE ? "eine" : "ein";
            case ACCUSATIVE -> g == Gender.MASCULINE ? "einen" : g == Gender.FEMININE ? "eine" : "ein";
            case DATIVE -> g == Gender.FEMININE ? "einer" : "einem";
        };
    }

    enum Declension {
        WEAK,
        MIXED,
        STRONG
    }

    /** The adjective ending; {@code g} is null in the plural. */
    static String ending(Declension decl, Gender g, Case k) {
        if (g == null) {
            return decl == Declension.STRONG && k != Case.DATIVE ? "e" : "en";
        }
        if (k == Case.DATIVE) {
            return "en";
        }
        if (decl == Declension.WEAK) {
            return k == Case.ACCUSATIVE && g == Gender.MASCULINE ? "en" : "e";
        }
        if (decl == Declension.MIXED) {
            if (g == Gender.FEMININE) {
                return "e";
            }
            if (g == Gender.NEUTER) {
                return "es";
            }
            return k == Case.NOMINATIVE ? "er" : "en";
        }
        throw new IllegalArgumentException("strong singular declension is not generated");
    }
}
