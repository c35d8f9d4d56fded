/**
 * Interop with Tribuo. {@link dev.tolk.tokenizer.tribuo.TribuoTokenizer} implements
 * {@code org.tribuo.util.tokens.Tokenizer} over a Tolk tokenizer (needs {@code org.tribuo:tribuo-util-tokenization});
 * {@link dev.tolk.tokenizer.tribuo.TribuoTextPipeline} implements {@code org.tribuo.data.text.TextPipeline}: TF-IDF
 * features from a Tolk normaliser, tokenizer and DF-based stopword filter, with Tribuo provenance (needs
 * {@code org.tribuo:tribuo-data}). {@code tolk-tokenizer} declares both optional: add the one you use yourself.
 */
package dev.tolk.tokenizer.tribuo;
