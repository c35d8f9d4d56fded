package dev.tolk.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subword tokenizer applying {@link BpeModel} merges to the word pieces of {@link WordTokenizer}: each piece
 * starts as its code points and the adjacent pair with the lowest merge rank is merged until none applies (the
 * standard application of Sennrich et al. 2016). Pieces concatenate to the {@link SpaceMarker} encoding of the
 * text, so {@link #detokenize(List)} is exact. {@link #tokenize(String)} returns one token per subword with its
 * original span, the leading whitespace excluded (a subword made of whitespace only yields no token).
 *
 * <p>Immutable and thread-safe; segmentations of up to {@value #CACHE_LIMIT} distinct word pieces are cached.
 */
public final class BpeTokenizer implements ReversibleTokenizer {
    static final int CACHE_LIMIT = 100_000;
    static final int WINDOW = 128;

    private final BpeModel model;
    private final Map<BpeModel.Merge, Integer> ranks;
    private final ConcurrentHashMap<String, List<String>> cache = new ConcurrentHashMap<>();

    /** A tokenizer applying {@code model}. */
    public BpeTokenizer(BpeModel model) {
        this.model = Objects.requireNonNull(model, "model");
        Map<BpeModel.Merge, Integer> r = new HashMap<>(model.merges().size() * 2);
        for (int i = 0; i < model.merges().size(); i++) {
            r.put(model.merges().get(i), i);
        }
        this.ranks = r;
    }

    /** The merges this tokenizer applies. */
    public BpeModel model() {
        return model;
    }

    /** The initial symbols of an encoded piece: its code points, an escape pair counting as one symbol. */
    static List<String> initialSymbols(String piece) {
        List<String> out = new ArrayList<>(piece.length());
        int n = piece.length();
        for (int i = 0; i < n; ) {
            int len = Character.charCount(piece.codePointAt(i));
            if (piece.charAt(i) == SpaceMarker.ESCAPE && i + 1 < n) {
                len = 1 + Character.charCount(piece.codePointAt(i + 1));
            }
            out.add(piece.substring(i, i + len));
            i += len;
        }
        return out;
    }

    /**
     * The subwords of one encoded word piece. Pieces longer than {@value #WINDOW} symbols (no real word is; a
     * base64 blob or a URL may be) are segmented in consecutive windows of that many symbols, which keeps the cost
     * linear in the length; the concatenation, and so detokenisation, is unaffected.
     */
    List<String> segment(String piece) {
        List<String> cached = cache.get(piece);
        if (cached != null) {
            return cached;
        }
        List<String> symbols = initialSymbols(piece);
        List<String> result;
        if (symbols.size() <= WINDOW) {
            result = List.copyOf(merge(symbols));
        } else {
            List<String> all = new ArrayList<>(symbols.size());
            for (int from = 0; from < symbols.size(); from += WINDOW) {
                all.addAll(merge(new ArrayList<>(symbols.subList(from, Math.min(symbols.size(), from + WINDOW)))));
            }
            return List.copyOf(all); // not cached: rare and large
        }
        if (cache.size() < CACHE_LIMIT) {
            cache.putIfAbsent(piece, result);
        }
        return result;
    }

    private List<String> merge(List<String> initial) {
        List<String> symbols = initial;
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            for (int j = 0; j + 1 < symbols.size(); j++) {
                Integer r = ranks.get(new BpeModel.Merge(symbols.get(j), symbols.get(j + 1)));
                if (r != null && r < bestRank) {
                    bestRank = r;
                }
            }
            if (bestRank == Integer.MAX_VALUE) {
                break;
            }
            BpeModel.Merge m = model.merges().get(bestRank);
            List<String> next = new ArrayList<>(symbols.size() - 1);
            for (int j = 0; j < symbols.size(); j++) {
                if (j + 1 < symbols.size()
                        && symbols.get(j).equals(m.left())
                        && symbols.get(j + 1).equals(m.right())) {
                    next.add(m.left() + m.right());
                    j++;
                } else {
                    next.add(symbols.get(j));
                }
            }
            symbols = next;
        }
        return symbols;
    }

    @Override
    public List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        for (String word : WordTokenizer.INSTANCE.pieces(text)) {
            out.addAll(segment(word));
        }
        return out;
    }

    @Override
    public String detokenize(List<String> pieces) {
        return SpaceMarker.decode(pieces, true);
    }

    @Override
    public List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int n = text.length();
        if (n == 0) {
            return out;
        }
        StringBuilder enc = new StringBuilder(32);
        int[] src = new int[64];
        int prev = 0;
        boolean first = true;
        int i = WordTokenizer.skipSpace(text, 0);
        while (i < n) {
            int end = WordTokenizer.tokenEnd(text, i);
            enc.setLength(0);
            int m = 0;
            if (src.length < 2 * (end - prev) + 1) {
                src = new int[2 * (end - prev) + 1];
            }
            if (first) {
                enc.append(SpaceMarker.SPACE);
                src[m++] = -1;
                first = false;
            }
            for (int k = prev; k < end; k++) {
                int before = enc.length();
                SpaceMarker.encode(text, k, k + 1, enc);
                if (enc.length() - before == 2) {
                    src[m++] = -1; // escape character
                }
                src[m++] = k;
            }
            int pos = 0;
            for (String sub : segment(enc.toString())) {
                int s = -1;
                int e = -1;
                for (int q = pos; q < pos + sub.length(); q++) {
                    if (src[q] >= 0) {
                        if (s < 0) {
                            s = src[q];
                        }
                        e = src[q] + 1;
                    }
                }
                pos += sub.length();
                if (s < 0) {
                    continue;
                }
                while (s < e && Whitespace.isWhitespace(text.charAt(s))) {
                    s++;
                }
                if (s < e) {
                    out.add(new Token(text.substring(s, e), s, e));
                }
            }
            prev = end;
            i = WordTokenizer.skipSpace(text, end);
        }
        return out;
    }

    @Override
    public String toString() {
        return "BpeTokenizer[" + model.merges().size() + " merges]";
    }
}
