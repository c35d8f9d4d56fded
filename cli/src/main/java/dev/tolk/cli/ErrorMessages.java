package dev.tolk.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into the one-line messages {@code tolk} prints on standard error. */
final class ErrorMessages {
    private ErrorMessages() {}

    /** One line describing {@code e} for a user: the message of the innermost meaningful cause. */
    static String oneLine(Throwable e) {
        Throwable t = unwrap(e);
        String msg;
        if (t instanceof NoSuchFileException nsf) {
            msg = "no such file: " + nsf.getFile();
        } else if (t instanceof AccessDeniedException ade) {
            msg = "permission denied: " + ade.getFile();
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
        return msg.replace('\n', ' ').replace('\r', ' ');
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
