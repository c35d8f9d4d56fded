package dev.tolk.tokenizer;

import java.util.List;

/**
 * A tokenizer whose output can be turned back into the exact input. Besides {@link #tokenize(String)} (tokens
 * with offsets, whitespace excluded) it offers {@link #pieces(String)}: the symbols a translation model reads and
 * writes. Pieces carry the spacing: an ASCII space is written {@code U+2581} ("▁"), other whitespace characters
 * are kept literally, and the characters {@code U+2581} and {@code U+E000} of the input are escaped with
 * {@code U+E000}; see {@link SpaceMarker}. So no piece contains {@code U+0020} and
 * {@code detokenize(pieces(x)).equals(x)} for every string {@code x}.
 */
public interface ReversibleTokenizer extends Tokenizer {

    /** The model symbols of {@code text}; their concatenation is the {@link SpaceMarker} encoding of the text. */
    List<String> pieces(String text);

    /**
     * The text of {@code pieces}: exact inverse of {@link #pieces(String)}. Lenient with pieces a model produced
     * (never throws on any list of strings): a dangling escape is kept literally.
     */
    String detokenize(List<String> pieces);
}
