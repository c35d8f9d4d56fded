package dev.tolk.data.training;

import dev.tolk.data.SentencePair;
import dev.tolk.data.batch.EncodedPair;
import dev.tolk.tokenizer.TextPipeline;
import dev.tolk.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns sentence pairs into model input: each side's text is split into pieces by its {@link TextPipeline}
 * (normalisation and word, character or BPE tokenisation), the pieces are mapped to ids by its {@link Vocabulary}
 * (unknown pieces to {@code <unk>}), and {@code </s>} is appended. For a shared vocabulary pass the same pipeline and
 * vocabulary for both sides. With {@code reverseTarget} the target pieces are reversed before they are mapped
 * ({@code </s>} still last), which trains a right-to-left model: {@code "le chat dort"} becomes
 * {@code [dort, chat, le, </s>]}. Immutable and thread-safe.
 *
 * @param sourcePipeline splits source text into pieces
 * @param targetPipeline splits target text into pieces
 * @param sourceVocabulary maps source pieces to ids
 * @param targetVocabulary maps target pieces to ids
 * @param reverseTarget encode target pieces last to first (a right-to-left model)
 */
public record PairEncoder(
        TextPipeline sourcePipeline,
        TextPipeline targetPipeline,
        Vocabulary sourceVocabulary,
        Vocabulary targetVocabulary,
        boolean reverseTarget) {

    /** Checks that every part is present. */
    public PairEncoder {
        Objects.requireNonNull(sourcePipeline, "sourcePipeline");
        Objects.requireNonNull(targetPipeline, "targetPipeline");
        Objects.requireNonNull(sourceVocabulary, "sourceVocabulary");
        Objects.requireNonNull(targetVocabulary, "targetVocabulary");
    }

    /** A left-to-right encoder (targets in reading order). */
    public PairEncoder(
            TextPipeline sourcePipeline,
            TextPipeline targetPipeline,
            Vocabulary sourceVocabulary,
            Vocabulary targetVocabulary) {
        this(sourcePipeline, targetPipeline, sourceVocabulary, targetVocabulary, false);
    }

    /** @return the ids of source {@code pieces} followed by {@code </s>} */
    public int[] encodeSource(List<String> pieces) {
        return withEos(sourceVocabulary.encode(pieces));
    }

    /**
     * @return the ids of target {@code pieces} (in reverse order with {@link #reverseTarget()}) followed by
     *     {@code </s>}
     */
    public int[] encodeTarget(List<String> pieces) {
        int[] ids = targetVocabulary.encode(pieces);
        if (reverseTarget) {
            for (int i = 0, j = ids.length - 1; i < j; i++, j--) {
                int t = ids[i];
                ids[i] = ids[j];
                ids[j] = t;
            }
        }
        return withEos(ids);
    }

    private static int[] withEos(int[] ids) {
        int[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = Vocabulary.EOS_ID;
        return out;
    }

    /**
     * Encodes training pairs, dropping those with an empty side or a side of more than {@code maxLength} pieces
     * (before {@code </s>}).
     *
     * @param pairs the pairs, in corpus order (kept)
     * @param maxLength the most pieces a side may have, &ge; 1
     * @return the kept pairs, how many were dropped, and the longest kept pair
     */
    public EncodedCorpus encode(List<SentencePair> pairs, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
        }
        List<EncodedPair> kept = new ArrayList<>(pairs.size());
        int dropped = 0;
        for (SentencePair p : pairs) {
            List<String> s = sourcePipeline.pieces(p.source());
            List<String> t = targetPipeline.pieces(p.target());
            if (s.isEmpty() || t.isEmpty() || s.size() > maxLength || t.size() > maxLength) {
                dropped++;
                continue;
            }
            kept.add(new EncodedPair(encodeSource(s), encodeTarget(t)));
        }
        return new EncodedCorpus(kept, dropped);
    }

    /**
     * Encodes every pair, whatever its length (validation: every pair is scored).
     *
     * @param pairs the pairs, in corpus order (kept)
     * @return one encoded pair per input pair
     */
    public EncodedCorpus encodeAll(List<SentencePair> pairs) {
        List<EncodedPair> all = new ArrayList<>(pairs.size());
        for (SentencePair p : pairs) {
            all.add(new EncodedPair(
                    encodeSource(sourcePipeline.pieces(p.source())), encodeTarget(targetPipeline.pieces(p.target()))));
        }
        return new EncodedCorpus(all, 0);
    }
}
