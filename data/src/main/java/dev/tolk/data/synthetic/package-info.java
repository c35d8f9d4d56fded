/**
 * The bundled default corpus: {@link dev.tolk.data.synthetic.SyntheticCorpus} generates English sentences
 * from a small fragment grammar (determiners, adjectives, nouns with gender, verbs in three tenses with
 * person and number agreement, plurals, numbers one to twenty, prepositional phrases, conjunctions) and
 * translates them by rule into French or German, with agreement, elision and contraction, adjective
 * reordering (French) and verb-final participles and case (German). No third-party text; deterministic for a
 * seed.
 *
 * <p>The pipeline: {@code SentenceSampler} draws an abstract {@code Sentence} from the {@code Lexicon};
 * {@code EnglishRenderer}, {@code FrenchRenderer} and {@code GermanRenderer} turn it into words;
 * {@code Orthography} joins the words into normal text.
 */
package dev.tolk.data.synthetic;
