package dev.tolk.seq2seq.translate;

/**
 * Models that cannot decode together: an ensemble's members with different tokenizers, vocabularies or target
 * orders. The message is one line naming both files and what differs.
 */
public final class IncompatibleModelsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    IncompatibleModelsException(String message) {
        super(message);
    }
}
