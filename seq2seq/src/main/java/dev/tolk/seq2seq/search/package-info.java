/**
 * Decoding a batch of encoded sources: {@link dev.tolk.seq2seq.search.GreedySearch} and
 * {@link dev.tolk.seq2seq.search.BeamSearch} (GNMT length normalisation, n-best), both batched so that a sentence's
 * result never depends on the rest of its batch, returning {@link dev.tolk.seq2seq.search.Candidate}s with
 * attention alignments. Both decode with a {@link dev.tolk.seq2seq.search.StepDecoder}: one model
 * ({@link dev.tolk.seq2seq.search.ModelDecoder}) or an {@link dev.tolk.seq2seq.search.Ensemble} (log-probabilities
 * averaged per step); {@link dev.tolk.seq2seq.search.ForcedDecoding} scores given outputs the same way.
 */
package dev.tolk.seq2seq.search;
