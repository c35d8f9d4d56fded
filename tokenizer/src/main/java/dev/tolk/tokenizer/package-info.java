/**
 * Tolk tokenizer: normalisation, word / character / BPE tokenisation, vocabularies, term statistics and
 * stopword selection, usable alone (depends only on Jackson and the SLF4J API).
 *
 * <p>Two views of a text are offered. {@link dev.tolk.tokenizer.Tokenizer#tokenize(String)} returns
 * {@link dev.tolk.tokenizer.Token}s with {@code [start, end)} offsets into the original text, for statistics,
 * stopwords and interop. {@link dev.tolk.tokenizer.ReversibleTokenizer#pieces(String)} returns the symbols a
 * translation model reads and writes; they carry the spacing (SentencePiece-style {@code U+2581} marker), so
 * {@link dev.tolk.tokenizer.ReversibleTokenizer#detokenize(java.util.List)} restores the text exactly.
 * {@link dev.tolk.tokenizer.TextPipeline} composes a {@link dev.tolk.tokenizer.Normalizer}, a tokenizer and
 * {@link dev.tolk.tokenizer.TokenFilter}s and can be stored as, and rebuilt from, a JSON
 * {@link dev.tolk.tokenizer.PipelineSpec}.
 *
 * <p>Whitespace is defined once, in {@link dev.tolk.tokenizer.Whitespace}.
 */
package dev.tolk.tokenizer;
