package dev.tolk.tokenizer;

import java.util.Locale;
import java.util.Objects;

/**
 * Text normalisation, applied in this order: remove {@link Whitespace#isInvisible invisible} characters
 * (soft hyphen, zero-width space, word joiner, BOM) when {@code removeInvisible}; Unicode normalisation
 * ({@link Form#NFC} composes "e" + U+0301 into "é"; {@link Form#NFKC} also folds compatibility characters, e.g.
 * the ligature "ﬁ" into "fi" and U+00A0 into U+0020); lowercasing with {@link Locale#ROOT} when {@code lowercase}
 * (never the JVM's default locale, so "I" becomes "i" also on Turkish systems). Whitespace is not collapsed.
 * Immutable, thread-safe; Jackson-serialisable as part of a {@link PipelineSpec}.
 *
 * @param form Unicode normalisation form
 * @param lowercase whether to lowercase (Locale.ROOT)
 * @param removeInvisible whether to delete U+00AD, U+200B, U+2060 and U+FEFF
 */
public record Normalizer(Form form, boolean lowercase, boolean removeInvisible) {
    /** Unicode normalisation forms offered. */
    public enum Form {
        /** No Unicode normalisation. */
        NONE,
        /** Canonical composition (the default: visually identical strings become equal). */
        NFC,
        /** Compatibility composition (also folds ligatures, full-width forms, no-break spaces). */
        NFKC
    }

    /** NFC, case kept, invisible characters removed: the default everywhere. */
    public static final Normalizer DEFAULT = new Normalizer(Form.NFC, false, true);
    /** No change at all. */
    public static final Normalizer IDENTITY = new Normalizer(Form.NONE, false, false);

    /** Validates that {@code form} is given. */
    public Normalizer {
        Objects.requireNonNull(form, "form (NONE, NFC or NFKC)");
    }

    /** This normaliser with lowercasing switched to {@code on}. */
    public Normalizer withLowercase(boolean on) {
        return new Normalizer(form, on, removeInvisible);
    }

    /** This normaliser with the given form. */
    public Normalizer withForm(Form newForm) {
        return new Normalizer(newForm, lowercase, removeInvisible);
    }

    /** The normalised form of {@code text}; returns {@code text} itself when nothing changes. */
    public String normalize(String text) {
        String s = text;
        if (removeInvisible) {
            s = removeInvisible(s);
        }
        if (form != Form.NONE && !isTriviallyNormal(s)) {
            java.text.Normalizer.Form f =
                    form == Form.NFC ? java.text.Normalizer.Form.NFC : java.text.Normalizer.Form.NFKC;
            if (!java.text.Normalizer.isNormalized(s, f)) {
                s = java.text.Normalizer.normalize(s, f);
            }
        }
        if (lowercase) {
            s = s.toLowerCase(Locale.ROOT);
        }
        return s;
    }

    private boolean isTriviallyNormal(String s) {
        // Every code point below U+0300 is NFC-stable; only ASCII is NFKC-stable.
        char limit = form == Form.NFC ? '\u0300' : '\u0080';
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= limit) {
                return false;
            }
        }
        return true;
    }

    private static String removeInvisible(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && !Whitespace.isInvisible(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n);
        sb.append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!Whitespace.isInvisible(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
