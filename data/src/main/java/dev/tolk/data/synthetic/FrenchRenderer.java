package dev.tolk.data.synthetic;

import dev.tolk.data.synthetic.Syntax.Clause;
import dev.tolk.data.synthetic.Syntax.NounPhrase;
import dev.tolk.data.synthetic.Syntax.Sentence;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders an abstract {@link Sentence} as French: articles and adjectives agree in gender and number with
 * the noun; size/age/beauty adjectives precede the noun, the others follow it; {@code des} becomes
 * {@code de} before a preceding adjective; passé composé with avoir, simple future; {@code de le} contracts
 * to {@code du} and {@code de les} to {@code des}; {@code je le la de} elide before a vowel or mute h
 * ({@code j'aime}, {@code l'arbre}, {@code d'un}), and {@code ce} becomes {@code cet}.
 */
final class FrenchRenderer {
    private FrenchRenderer() {}

    private static final String[] AVOIR = {"ai", "as", "a", "avons", "avez", "ont"};
    private static final String[] FUTURE_ENDINGS = {"ai", "as", "a", "ons", "ez", "ont"};
    /** Words starting with a vowel letter or h before which nothing elides. */
    private static final Set<String> NO_ELISION = Set.of("huit", "onze");

    static String render(Sentence s) {
        List<String> w = s.words(c -> c.fr, FrenchRenderer::clause);
        return Orthography.sentence(contractAndElide(w));
    }

    static void clause(Clause c, List<String> w) {
        if (c.subject().pronoun() != null) {
            w.add(c.subject().pronoun().fr);
        } else {
            nounPhrase(c.subject().phrase(), w);
        }
        int p = c.subject().person().ordinal();
        switch (c.tense()) {
            case PRESENT -> w.add(c.verb().frPresent()[p]);
            case PAST -> {
                w.add(AVOIR[p]);
                w.add(c.verb().frParticiple());
            }
            case FUTURE -> w.add(c.verb().frFutureStem() + FUTURE_ENDINGS[p]);
            default -> throw new IllegalStateException(c.tense().toString());
        }
        if (c.object() != null) {
            nounPhrase(c.object(), w);
        }
        if (c.adjunct() != null) {
            for (String part : c.adjunct().preposition().fr().split(" ")) {
                w.add(part);
            }
            nounPhrase(c.adjunct().object(), w);
        }
    }

    static void nounPhrase(NounPhrase np, List<String> w) {
        Noun n = np.noun();
        Gender g = n.frGender();
        boolean pl = np.plural();
        boolean feminine = g == Gender.FEMININE;
        switch (np.determiner()) {
            case DEFINITE -> w.add(pl ? "les" : feminine ? "la" : "le");
            case INDEFINITE -> w.add(feminine ? "une" : "un");
            case DEMONSTRATIVE -> w.add(pl ? "ces" : feminine ? "cette" : "ce");
            case NONE -> {
                if (np.number() == 0) {
                    w.add(np.quality() != null ? "de" : "des");
                }
            }
            default -> throw new IllegalStateException(np.determiner().toString());
        }
        if (np.number() == 1) {
            w.add(feminine ? "une" : "un");
        } else if (np.number() > 1) {
            w.add(Lexicon.FR_NUMBERS[np.number()]);
        }
        if (np.quality() != null) {
            w.add(np.quality().fr(g, pl));
        }
        w.add(pl ? n.frPlural() : n.fr());
        if (np.attribute() != null) {
            w.add(np.attribute().fr(g, pl));
        }
    }

    static boolean startsWithVowelSound(String word) {
        return !NO_ELISION.contains(word) && "aâàeéèêiîoôuûyh".indexOf(word.charAt(0)) >= 0;
    }

    /** Applies elision of le/la, then de + le/les contraction, then elision of je/de and ce → cet. */
    static List<String> contractAndElide(List<String> words) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            if ((w.equals("le") || w.equals("la")) && next != null && startsWithVowelSound(next)) {
                words = new ArrayList<>(words);
                words.set(i + 1, "l'" + next);
                continue;
            }
            a.add(w);
        }
        List<String> b = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            String next = i + 1 < a.size() ? a.get(i + 1) : null;
            if (w.equals("de") && "le".equals(next)) {
                b.add("du");
                i++;
            } else if (w.equals("de") && "les".equals(next)) {
                b.add("des");
                i++;
            } else {
                b.add(w);
            }
        }
        List<String> c = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            String w = b.get(i);
            String next = i + 1 < b.size() ? b.get(i + 1) : null;
            if ((w.equals("je") || w.equals("de")) && next != null && startsWithVowelSound(next)) {
                b.set(i + 1, w.charAt(0) + "'" + next);
                continue;
            }
            if (w.equals("ce") && next != null && startsWithVowelSound(next)) {
                w = "cet";
            }
            c.add(w);
        }
        return c;
    }
}
