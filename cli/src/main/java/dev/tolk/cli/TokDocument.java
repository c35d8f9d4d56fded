package dev.tolk.cli;

/**
 * One document read by {@link TokInputOptions}: a text line or one CSV/TSV field.
 *
 * @param text the document's text
 * @param line the 1-based line where it starts in the input
 */
record TokDocument(String text, long line) {}
