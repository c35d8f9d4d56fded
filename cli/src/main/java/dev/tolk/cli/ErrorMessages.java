package dev.tolk.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns exceptions into the one-line messages {@code tolk} prints on standard error, and keeps every such line
 * short ({@link #abbreviate}): whatever a library put into a message, a quoted piece of input is cut to about 100
 * characters and a list to 10 items.
 */
final class ErrorMessages {
    static final int MAX_QUOTE = 100;
    static final int MAX_ITEMS = 10;
    static final int MAX_LINE = 1000;
    private static final Pattern LIST = Pattern.compile("\\[([^\\[\\]]*)]");
    private static final Pattern QUOTED = Pattern.compile("'([^'\\n]*)'|\"([^\"\\n]*)\"");

    private ErrorMessages() {}

    /** One line describing {@code e} for a user: the message of the innermost meaningful cause, abbreviated. */
    static String oneLine(Throwable e) {
        Throwable t = unwrap(e);
        String msg;
        if (t instanceof NoSuchFileException nsf) {
            msg = "no such file: " + nsf.getFile();
        } else if (t instanceof AccessDeniedException ade) {
            msg = "permission denied: " + ade.getFile();
        } else if (t instanceof FileSystemException fse && fse.getFile() != null && fse.getReason() != null) {
            msg = fse.getFile() + ": " + fse.getReason();
        } else if (t instanceof FileNotFoundException fnf) {
            msg = "file not found: " + fnf.getMessage();
        } else {
            msg = t.getMessage();
            if (msg == null || msg.isBlank()) {
                msg = t.getClass().getSimpleName();
            } else if (isBug(t)) {
                msg = t.getClass().getSimpleName() + ": " + msg;
            }
        }
        return abbreviate(msg);
    }

    /**
     * {@code message} on one line and short: line breaks become spaces, lists in brackets keep their first
     * {@value #MAX_ITEMS} items ("and 199,990 more"), quoted text and list items their first {@value #MAX_QUOTE}
     * characters, and the whole line its first {@value #MAX_LINE}.
     */
    static String abbreviate(String message) {
        String s = message.replace('\n', ' ').replace('\r', ' ');
        s = replace(LIST, s, m -> "[" + abbreviateList(m.group(1)) + "]");
        s = replace(QUOTED, s, m -> {
            String q = m.group(1) != null ? "'" : "\"";
            return q + cut(m.group(1) != null ? m.group(1) : m.group(2)) + q;
        });
        return s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE) + moreCharacters(s.length() - MAX_LINE);
    }

    private static String abbreviateList(String items) {
        String[] parts = items.split(", ", MAX_ITEMS + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(parts.length, MAX_ITEMS); i++) {
            sb.append(i > 0 ? ", " : "").append(cut(parts[i]));
        }
        if (parts.length > MAX_ITEMS) {
            long rest = parts[MAX_ITEMS].split(", ", -1).length;
            sb.append(String.format(Locale.ROOT, ", and %,d more", rest));
        }
        return sb.toString();
    }

    private static String cut(String s) {
        return s.length() <= MAX_QUOTE ? s : s.substring(0, MAX_QUOTE) + moreCharacters(s.length() - MAX_QUOTE);
    }

    private static String moreCharacters(long n) {
        return String.format(Locale.ROOT, "… (%,d more characters)", n);
    }

    private static String replace(Pattern p, String s, Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        }
        return m.appendTail(sb).toString();
    }

    /**
     * Builds a library's immutable config from option values: the {@link IllegalArgumentException} its validation
     * throws becomes a {@link UsageException} (exit 2) with the same one-line message.
     */
    static <T> T validated(Supplier<T> config) {
        try {
            return config.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Exceptions that signal a programming error rather than bad input. */
    static boolean isBug(Throwable e) {
        Throwable t = unwrap(e);
        return t instanceof NullPointerException
                || t instanceof ClassCastException
                || t instanceof ArrayIndexOutOfBoundsException
                || t instanceof AssertionError
                || t instanceof StackOverflowError;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t.getClass() == RuntimeException.class) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
