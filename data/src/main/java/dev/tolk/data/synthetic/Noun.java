package dev.tolk.data.synthetic;

/**
 * A noun in the three languages.
 *
 * @param en English singular
 * @param enPlural English plural
 * @param fr French singular
 * @param frPlural French plural
 * @param frGender French gender (masculine or feminine)
 * @param de German singular (capitalised)
 * @param dePlural German plural (nominative/accusative)
 * @param deDativePlural German dative plural
 * @param deGender German gender
 * @param category semantic class
 */
record Noun(
        String en,
        String enPlural,
        String fr,
        String frPlural,
        Gender frGender,
        String de,
        String dePlural,
        String deDativePlural,
        Gender deGender,
        Category category) {}
