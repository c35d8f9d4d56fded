package dev.tolk.data.synthetic;

import java.util.Set;

/**
 * A verb in the three languages. Present-tense tables have six forms: 1st, 2nd, 3rd person singular, then
 * 1st, 2nd, 3rd person plural.
 *
 * @param en English base form
 * @param en3sg English 3rd person singular present
 * @param enPast English simple past
 * @param frPresent French present
 * @param frParticiple French past participle (passé composé with avoir)
 * @param frFutureStem French future stem, to which -ai, -as, -a, -ons, -ez, -ont are added
 * @param dePresent German present
 * @param deParticiple German past participle (Perfekt)
 * @param deWithSein whether the German Perfekt uses sein instead of haben
 * @param deInfinitive German infinitive (future with werden)
 * @param objects the noun categories it takes as object, empty for intransitive verbs
 * @param objectNouns further specific English nouns it takes as object (e.g. only food for eat)
 */
record Verb(
        String en,
        String en3sg,
        String enPast,
        String[] frPresent,
        String frParticiple,
        String frFutureStem,
        String[] dePresent,
        String deParticiple,
        boolean deWithSein,
        String deInfinitive,
        Set<Category> objects,
        Set<String> objectNouns) {

    boolean transitive() {
        return !objects.isEmpty() || !objectNouns.isEmpty();
    }

    boolean takes(Noun n) {
        return objects.contains(n.category()) || objectNouns.contains(n.en());
    }
}
