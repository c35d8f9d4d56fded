/**
 * Configuration of a seq2seq run: model, data, training and decoding settings as immutable, validated records
 * ({@link dev.tolk.seq2seq.config.Seq2SeqConfig} and its sections), loaded from YAML or JSON with unknown keys
 * rejected, overridden by {@code section.key=value} flags, serialised back canonically and hashed.
 *
 * <p>Every default lives in exactly one place: the {@code DEFAULTS} constant of each section record.
 */
package dev.tolk.seq2seq.config;
