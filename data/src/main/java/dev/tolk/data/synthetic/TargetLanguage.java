package dev.tolk.data.synthetic;

import java.util.Locale;

/** The target language of the {@link SyntheticCorpus} (the source is always English). */
public enum TargetLanguage {
    /** French. */
    FRENCH("fr"),
    /** German. */
    GERMAN("de");

    private final String code;

    TargetLanguage(String code) {
        this.code = code;
    }

    /** The ISO 639-1 code, {@code fr} or {@code de}. */
    public String code() {
        return code;
    }

    /** The language with ISO 639-1 code {@code code} (case-insensitive). */
    public static TargetLanguage fromCode(String code) {
        for (TargetLanguage l : values()) {
            if (l.code.equals(code.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown target language '" + code + "'; choose fr or de");
    }
}
