package dev.tolk.data.synthetic;

import java.util.List;

/**
 * Turns a list of words into normal written text: single spaces, a comma attached to the word before it,
 * the first letter capitalised and a final period.
 */
final class Orthography {
    private Orthography() {}

    /** The word that stands for a comma in renderer output. */
    static final String COMMA = ",";

    static String sentence(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!w.equals(COMMA) && sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w);
        }
        if (sb.length() > 0) {
            sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
        }
        return sb.append('.').toString();
    }
}
