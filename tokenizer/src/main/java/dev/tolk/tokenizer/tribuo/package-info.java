/**
 * Interop with Tribuo: {@link dev.tolk.tokenizer.tribuo.TribuoTokenizer} implements
 * {@code org.tribuo.util.tokens.Tokenizer} over a Tolk tokenizer. Needs {@code org.tribuo:tribuo-util-tokenization}
 * on the class path, which {@code tolk-tokenizer} declares optional: add it yourself to use this package.
 */
package dev.tolk.tokenizer.tribuo;
