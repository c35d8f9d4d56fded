package dev.tolk.seq2seq.config;

/**
 * One configuration value as written by the user, before type conversion.
 *
 * @param text the scalar's text, or {@code null} for an explicit null
 * @param location {@code file:line:column} of the key, or {@code null} (command-line overrides)
 */
record RawValue(String text, String location) {}
