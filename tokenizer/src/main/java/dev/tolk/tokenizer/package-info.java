/** Tolk tokenizer: see the module's README section. */
package dev.tolk.tokenizer;
