package dev.tolk.eval;

/**
 * How chrF is computed; fields and defaults are sacreBLEU 2.6.0's ({@code CHRF()}: chrF2).
 *
 * @param charOrder highest character n-gram order (default 6)
 * @param wordOrder highest word n-gram order: 0 for chrF (default), 2 for chrF++ (Popović 2017)
 * @param beta recall weight of the F-score (default 2)
 * @param lowercase lowercase first (Python's {@code str.lower()})
 * @param whitespace keep whitespace in character n-grams (default off: whitespace is removed)
 * @param epsSmoothing average per-order F-scores with 1e-16 for undefined parts, as chrF++.py, Moses and NLTK;
 *     default off: average precision and recall over orders where both sides have n-grams ("effective order",
 *     {@code eff:yes} in the signature)
 */
public record ChrFConfig(
        int charOrder, int wordOrder, int beta, boolean lowercase, boolean whitespace, boolean epsSmoothing) {

    /** Validates the orders and beta. */
    public ChrFConfig {
        if (charOrder < 0 || wordOrder < 0 || charOrder + wordOrder < 1) {
            throw new IllegalArgumentException("ChrFConfig: charOrder (" + charOrder + ") and wordOrder (" + wordOrder
                    + ") must be >= 0 and not both 0");
        }
        if (beta < 0) {
            throw new IllegalArgumentException("ChrFConfig: beta must be >= 0, got " + beta);
        }
    }

    /** chrF2: character order 6, no word n-grams, beta 2. */
    public static ChrFConfig chrF() {
        return new ChrFConfig(6, 0, 2, false, false, false);
    }

    /** chrF2++: character order 6, word order 2, beta 2. */
    public static ChrFConfig chrFPlusPlus() {
        return new ChrFConfig(6, 2, 2, false, false, false);
    }

    /** A copy with another word order. */
    public ChrFConfig withWordOrder(int n) {
        return new ChrFConfig(charOrder, n, beta, lowercase, whitespace, epsSmoothing);
    }

    /** A copy with lowercasing on or off. */
    public ChrFConfig withLowercase(boolean b) {
        return new ChrFConfig(charOrder, wordOrder, beta, b, whitespace, epsSmoothing);
    }

    /** A copy with epsilon smoothing on or off. */
    public ChrFConfig withEpsSmoothing(boolean b) {
        return new ChrFConfig(charOrder, wordOrder, beta, lowercase, whitespace, b);
    }

    /** A copy with whitespace kept in character n-grams or not. */
    public ChrFConfig withWhitespace(boolean b) {
        return new ChrFConfig(charOrder, wordOrder, beta, lowercase, b, epsSmoothing);
    }

    /** A copy with another character order. */
    public ChrFConfig withCharOrder(int n) {
        return new ChrFConfig(n, wordOrder, beta, lowercase, whitespace, epsSmoothing);
    }

    /** A copy with another beta. */
    public ChrFConfig withBeta(int b) {
        return new ChrFConfig(charOrder, wordOrder, b, lowercase, whitespace, epsSmoothing);
    }
}
