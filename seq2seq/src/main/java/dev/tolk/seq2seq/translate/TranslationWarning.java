package dev.tolk.seq2seq.translate;

import dev.tolk.seq2seq.io.SourceRecord;
import java.util.Objects;

/**
 * Something a user should know about the translation of one record (e.g. it was too long and was chunked).
 *
 * @param source the record concerned (its line locates the warning)
 * @param message what happened and what to do, without the location
 */
public record TranslationWarning(SourceRecord source, String message) {
    /** Requires both parts. */
    public TranslationWarning {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }
}
