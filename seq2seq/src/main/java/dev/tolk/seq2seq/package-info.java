/** Tolk seq2seq: see the module's README section. */
package dev.tolk.seq2seq;
