package dev.tolk.seq2seq.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One hypothesis of a Moses-format n-best list, as written by {@code tolk translate --nbest N}, Moses, Marian and
 * Nematus: {@code i ||| text ||| score} or {@code i ||| text ||| features ||| total}, where {@code i} is the
 * 0-based number of the source sentence and the fields are separated by {@code " ||| "}.
 *
 * @param sentence the source sentence's number, from 0
 * @param text the hypothesis
 * @param features the feature field of the 4-field form ({@code "F0= -3.2 R2L= -3.5"}), empty in the 3-field form
 * @param score the total score (higher is better); NaN for the empty translation of an empty input
 * @param line the 1-based line in the list
 */
public record NbestLine(long sentence, String text, String features, double score, long line) {
    private static final String SEPARATOR = " ||| ";

    /**
     * Parses one line.
     *
     * @param file the list's name for messages
     * @throws IllegalArgumentException with a one-line message {@code file:line:column: what is wrong}
     */
    public static NbestLine parse(String text, String file, long line) {
        String[] f = text.split(" \\|\\|\\| ", -1);
        if (f.length != 3 && f.length != 4) {
            throw error(
                    file,
                    line,
                    1,
                    f.length + " field(s) separated by '" + SEPARATOR.trim() + "'; expected 'i ||| text ||| score' or"
                            + " 'i ||| text ||| features ||| score'");
        }
        long sentence;
        try {
            sentence = Long.parseLong(f[0].trim());
        } catch (NumberFormatException e) {
            throw error(file, line, 1, "sentence number '" + f[0] + "' is not an integer");
        }
        if (sentence < 0) {
            throw error(file, line, 1, "sentence number " + sentence + " is negative (numbers start at 0)");
        }
        String scoreField = f[f.length - 1].trim();
        int column = text.length() - f[f.length - 1].length() + 1;
        double score;
        try {
            score = Double.parseDouble(scoreField);
        } catch (NumberFormatException e) {
            throw error(file, line, column, "score '" + scoreField + "' is not a number");
        }
        return new NbestLine(sentence, f[1], f.length == 4 ? f[2].trim() : "", score, line);
    }

    /**
     * Reads a whole list: strict UTF-8 text, one hypothesis per line.
     *
     * @param file the list's name for messages
     * @throws IllegalArgumentException for a line that is not a hypothesis, with the message of {@link #parse}
     * @throws IOException when the list cannot be read or is not UTF-8
     */
    public static List<NbestLine> read(InputStream in, String file) throws IOException {
        List<NbestLine> out = new ArrayList<>();
        long line = 0;
        try (TranslationInput t = TranslationInput.text(in, file)) {
            for (SourceRecord r : t.readAll()) {
                out.add(parse(r.text(), file, ++line));
            }
        }
        return out;
    }

    private static IllegalArgumentException error(String file, long line, int column, String what) {
        return new IllegalArgumentException(file + ":" + line + ":" + column + ": " + what);
    }
}
