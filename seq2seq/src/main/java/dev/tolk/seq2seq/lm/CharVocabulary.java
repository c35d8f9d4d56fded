package dev.tolk.seq2seq.lm;

import dev.tolk.tokenizer.CharTokenizer;
import dev.tolk.tokenizer.SpaceMarker;
import dev.tolk.tokenizer.Vocabulary;
import dev.tolk.tokenizer.VocabularyBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The character vocabulary of a language model: every Unicode code point of the training text (newline, tab and
 * space included) gets an id, after the four specials of {@link Vocabulary} ({@code <pad>}=0, {@code <unk>}=1,
 * {@code <s>}=2, {@code </s>}=3). A character's token is its {@link CharTokenizer#pieces} form (a space is written
 * {@code ▁}, see {@link SpaceMarker}), so the stored vocabulary reads like the tokenizer's character level. Ids
 * follow {@link VocabularyBuilder}'s order: frequency descending, then lexicographic.
 *
 * <p>Characters absent from the vocabulary map to {@link Vocabulary#UNK_ID}. Immutable and thread-safe.
 */
public final class CharVocabulary {
    private final Vocabulary vocabulary;
    private final Map<Integer, Integer> idOfCodePoint;
    private final int[] codePointOfId;

    /**
     * @param vocabulary a vocabulary whose regular tokens are each the piece of one code point
     * @throws IllegalArgumentException when a regular token is not one character's piece
     */
    public CharVocabulary(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.idOfCodePoint = new HashMap<>(vocabulary.size() * 2);
        this.codePointOfId = new int[vocabulary.size()];
        for (int id = 0; id < vocabulary.size(); id++) {
            if (id < Vocabulary.SPECIALS.size()) {
                codePointOfId[id] = -1;
                continue;
            }
            String token = vocabulary.token(id);
            String text = SpaceMarker.decode(List.of(token), false);
            if (text.isEmpty()
                    || text.codePointCount(0, text.length()) != 1
                    || !piece(text.codePointAt(0)).equals(token)) {
                throw new IllegalArgumentException("vocabulary token " + id + " '" + token
                        + "' is not a single character; a character language model needs a character vocabulary");
            }
            codePointOfId[id] = text.codePointAt(0);
            idOfCodePoint.put(codePointOfId[id], id);
        }
    }

    /**
     * Builds the vocabulary of every code point in {@code codePoints}.
     *
     * @param codePoints the training text as code points
     * @return the vocabulary
     */
    public static CharVocabulary build(int[] codePoints) {
        Map<Integer, Long> counts = new HashMap<>();
        for (int cp : codePoints) {
            counts.merge(cp, 1L, Long::sum);
        }
        VocabularyBuilder b = new VocabularyBuilder(1, Integer.MAX_VALUE);
        counts.forEach((cp, n) -> b.add(piece(cp), n));
        return new CharVocabulary(b.build());
    }

    /** @return the {@link CharTokenizer#pieces} form of one code point */
    static String piece(int codePoint) {
        return SpaceMarker.encode(Character.toString(codePoint));
    }

    /** @return the underlying token vocabulary */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** @return V, the number of ids including the specials */
    public int size() {
        return vocabulary.size();
    }

    /** @return the id of {@code codePoint}, or {@link Vocabulary#UNK_ID} when it is not in the vocabulary */
    public int id(int codePoint) {
        Integer id = idOfCodePoint.get(codePoint);
        return id == null ? Vocabulary.UNK_ID : id;
    }

    /** @return the code point of {@code id}, or −1 for a special id */
    public int codePoint(int id) {
        return codePointOfId[id];
    }

    /** @return whether {@code id} is one of the four specials (never predicted in training) */
    public static boolean isSpecial(int id) {
        return id < Vocabulary.SPECIALS.size();
    }

    /**
     * @param codePoints text as code points
     * @return their ids (unknown characters become {@link Vocabulary#UNK_ID})
     */
    public int[] encode(int[] codePoints) {
        int[] ids = new int[codePoints.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = id(codePoints[i]);
        }
        return ids;
    }

    /**
     * @param ids character ids
     * @return how many of them are {@link Vocabulary#UNK_ID}
     */
    public static long countUnknown(int[] ids) {
        long n = 0;
        for (int id : ids) {
            if (id == Vocabulary.UNK_ID) {
                n++;
            }
        }
        return n;
    }
}
