package dev.tolk.data.synthetic;

import java.util.Set;

/**
 * An adjective in the three languages.
 *
 * @param en English form
 * @param frForms French forms: masculine singular, feminine singular, masculine plural, feminine plural
 * @param frBeforeNoun whether French places it before the noun (size, age), else after
 * @param deStem German stem, to which the declension ending is added
 * @param describes the noun categories it describes (colours are not used for people)
 */
record Adjective(String en, String[] frForms, boolean frBeforeNoun, String deStem, Set<Category> describes) {

    boolean fits(Noun n) {
        return describes.contains(n.category());
    }

    String fr(Gender g, boolean plural) {
        return frForms[(g == Gender.FEMININE ? 1 : 0) + (plural ? 2 : 0)];
    }
}
