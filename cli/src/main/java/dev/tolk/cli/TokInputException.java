package dev.tolk.cli;

/**
 * Bad input data for the tokenizer commands: invalid UTF-8, an empty file, a malformed CSV record, a row without
 * the requested column. The message starts with {@code file:line[:column]:} and says what to do; {@code tolk}
 * prints it as one line and exits with {@link Tolk#EXIT_RUNTIME}.
 */
final class TokInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TokInputException(String message) {
        super(message);
    }
}
