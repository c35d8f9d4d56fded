/**
 * Decoding a batch of encoded sources: {@link dev.tolk.seq2seq.search.GreedySearch} and
 * {@link dev.tolk.seq2seq.search.BeamSearch} (GNMT length normalisation, n-best), both batched so that a sentence's
 * result never depends on the rest of its batch, returning {@link dev.tolk.seq2seq.search.Candidate}s with
 * attention alignments.
 */
package dev.tolk.seq2seq.search;
