package dev.tolk.data.synthetic;

import java.util.Set;

/**
 * A preposition of place or company. German ones here all take the dative.
 *
 * @param en English words
 * @param fr French words (ending in {@code de} for {@code à côté de}, which contracts with the article)
 * @param de German word
 * @param categories noun categories it combines with
 * @param nouns further specific English nouns it combines with
 */
record Preposition(String en, String fr, String de, Set<Category> categories, Set<String> nouns) {

    boolean takes(Noun n) {
        return categories.contains(n.category()) || nouns.contains(n.en());
    }
}
