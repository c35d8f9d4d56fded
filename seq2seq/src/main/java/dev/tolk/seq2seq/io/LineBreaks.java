package dev.tolk.seq2seq.io;

import java.util.regex.Pattern;

/** Replaces every character that common tools treat as a line break by a space, to keep outputs line-aligned. */
final class LineBreaks {
    private static final Pattern BREAKS = Pattern.compile("[\\n\\r\\u000B\\u000C\\u001C-\\u001E\\u0085\\u2028\\u2029]");

    private LineBreaks() {}

    static String toSpaces(String s) {
        return BREAKS.matcher(s).replaceAll(" ");
    }
}
